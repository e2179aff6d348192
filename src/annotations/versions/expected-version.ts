import { RequestRejectedError } from '../../common/errors/domain-errors.js';

/** Where a write's version precondition comes from, when it has one. */
export interface VersionPrecondition {
  /** The `If-Match` header as received. */
  readonly ifMatch?: string;
  /** The `version` of the request body; DELETE has none. */
  readonly bodyVersion?: number;
}

/**
 * The version a write requires the annotations to be at, or undefined for none. CVAT 1.x ignores
 * the client's version and the last write wins; unchanged clients keep that. A client that sends
 * `If-Match: <version>` (an ETag of a GET or write response) opts in, and with
 * `ANNOTATION_VERSION_CHECK=strict` the body's `version` counts for every write.
 */
export function expectedVersion(precondition: VersionPrecondition, strict: boolean): number | undefined {
  const header = precondition.ifMatch?.trim();
  if (header !== undefined && header !== '' && header !== '*') {
    const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(header);
    if (!match) {
      throw new RequestRejectedError([
        `If-Match must name an annotation version, such as "3"; got ${header}.`,
      ]);
    }
    return Number(match[1]);
  }
  return strict ? precondition.bodyVersion : undefined;
}

/** The entity tag of a version, for `ETag` headers. */
export const versionTag = (version: number): string => `"${version}"`;
