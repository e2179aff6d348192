import type { AnnotationDocument } from '../document/annotation-document.js';
import { parseAnnotationDocument } from '../document/document-parser.js';

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
