import type { Readable } from 'node:stream';

import type { AnnotationDocument } from '../document/annotation-document.js';

/**
 * What the annotation use cases answer: the JSON body, already serialised or as a stream, and the
 * version it shows, which the response carries as its `ETag`.
 */
export interface AnnotationResponse {
  readonly version: number;
  readonly body: string | Readable;
}

export const documentResponse = (document: AnnotationDocument): AnnotationResponse => ({
  version: document.version,
  body: JSON.stringify(document),
});
