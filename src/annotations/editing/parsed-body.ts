import { JsonBodyBytes, parseJsonText } from '../../common/http/json-body.js';
import type { AnnotationDocument } from '../document/annotation-document.js';
import { parseAnnotationDocument } from '../document/document-parser.js';
import { readDocumentInPieces } from '../document/document-pieces.js';

/** Routes whose large JSON bodies reach `ParsedBody` as bytes (see `installJsonBodyParser`). */
export const ANNOTATION_DOCUMENT_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/jobs/:id/annotations',
  '/api/v1/tasks/:id/annotations',
]);

/** Bodies from this size on are read in pieces; the few kilobytes of a UI save are parsed whole. */
export const DOCUMENT_IN_PIECES_FROM = 1024 * 1024;

/**
 * A request body parsed before any lock is taken (a large document takes a while), whose errors
 * are reported only after the requester has been authorised, in the order CVAT checks.
 */
export class ParsedBody {
  private constructor(
    private readonly document?: AnnotationDocument,
    private readonly error?: unknown,
  ) {}

  static of(body: unknown): ParsedBody {
    try {
      if (body instanceof JsonBodyBytes) {
        // Anything but a plain valid document is parsed whole, for the errors a small body gets.
        const document =
          readDocumentInPieces(body.bytes) ??
          parseAnnotationDocument(parseJsonText(body.bytes.toString('utf8')));
        return new ParsedBody(document);
      }
      return new ParsedBody(parseAnnotationDocument(body));
    } catch (error) {
      return new ParsedBody(undefined, error);
    }
  }

  /** The document, or the parse error thrown. */
  get(): AnnotationDocument {
    if (this.error !== undefined || !this.document) throw this.error;
    return this.document;
  }
}
