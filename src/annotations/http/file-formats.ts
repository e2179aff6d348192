import { NotSupportedError } from '../../common/errors/domain-errors.js';

/**
 * Import and export in file formats (`?format=`) belong to the export module, which this server
 * does not have yet; until it does, such requests get a clear 501 rather than a JSON write or read
 * that the client did not ask for.
 * TODO(export module: the format registry and the 202/201/200 protocol of spec/formats.md)
 */
export function refuseFileFormat(format: unknown): void {
  if (format === undefined) return;
  throw new NotSupportedError(
    `Annotation import and export in file formats (format=${typeof format === 'string' ? format : JSON.stringify(format)}) are not supported by this server yet.`,
  );
}
