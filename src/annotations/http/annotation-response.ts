import { Readable } from 'node:stream';

import type { AnnotationDocument } from '../document/annotation-document.js';
import { coalesced, objectPieces } from '../storage/json-pieces.js';

/**
 * What the annotation use cases answer: the JSON body, already serialised or as a stream, and the
 * version it shows, which the response carries as its `ETag`.
 */
export interface AnnotationResponse {
  readonly version: number;
  readonly body: string | Readable;
}

/** Above this many objects, a document is written out in pieces instead of as one string. */
const STREAMED_FROM = 2000;

export function documentResponse(document: AnnotationDocument): AnnotationResponse {
  const { version } = document;
  const count = document.tags.length + document.shapes.length + document.tracks.length;
  if (count < STREAMED_FROM) return { version, body: JSON.stringify(document) };
  // A save of a hundred thousand objects would otherwise hold its whole answer twice: as a string
  // and as the bytes written to the socket.
  return { version, body: Readable.from(coalesced(documentPieces(document))) };
}

function* documentPieces(document: AnnotationDocument): Generator<Buffer> {
  yield Buffer.from(`{"version":${document.version}`);
  for (const list of ['tags', 'shapes', 'tracks'] as const) {
    yield Buffer.from(`,"${list}":[`);
    yield* objectPieces(document[list]);
    yield Buffer.from(']');
  }
  yield Buffer.from('}');
}
