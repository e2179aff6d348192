import { DomainError } from '../common/errors/domain-errors.js';

/** The Python exception class CVAT names in a failed task's status; clients show it verbatim. */
export type FailureClass = 'ValueError' | 'Exception' | 'AssertionError' | 'FileNotFoundError';

/**
 * Media processing failed for a reason the uploader can act on. The message is the status text
 * CVAT shows for a failed task, `<class>: <reason>`; `statusMessage` adds CVAT's trailing newline.
 */
export class MediaFailure extends DomainError {
  constructor(
    readonly failureClass: FailureClass,
    readonly reason: string,
  ) {
    super(`${failureClass}: ${reason}`);
  }

  get statusMessage(): string {
    return `${this.message}\n`;
  }
}

const valueError = (reason: string) => new MediaFailure('ValueError', reason);
const exception = (reason: string) => new MediaFailure('Exception', reason);

/** Every failure text of the media pipeline, in one place so that wording never drifts. */
export const MediaFailures = {
  noMedia: () => valueError('No media data found'),
  tooManyKinds: (counts: string) =>
    valueError(
      `Only one video, archive, pdf, zip or many image, directory can be used simultaneously, but ${counts} found.`,
    ),
  combinedKinds: () => exception('Combined data types are not supported'),
  metaInfoWithoutVideo: () => exception('File with meta information can only be uploaded with video file'),
  metaInfoWithoutCache: () =>
    new MediaFailure(
      'AssertionError',
      "File with meta information can be uploaded if 'Use cache' option is also selected",
    ),
  startFrameOutOfRange: () => valueError('start_frame is out of range'),
  dotDotInPath: () => valueError("Don't use '..' inside file paths"),
  badFilePath: (path: string) => valueError(`Bad file path: ${path}`),
  notInShare: (path: string) =>
    new MediaFailure('FileNotFoundError', `No such file or directory in the share: '${path}'`),
  invalidUrl: (url: string, reason: string) => exception(`Invalid URL: ${url}. ${reason}`),
  downloadFailed: (url: string, reason: string) => exception(`Failed to download ${url}. ${reason}`),
  filenameCollision: (name: string) => exception(`filename collision: ${name}`),

  unreadableImage: (name: string, why: string) => exception(`Could not read image ${name}: ${why}`),
  imageTooLarge: (name: string, width: number, height: number, limit: number) =>
    exception(`Image ${name} has ${width}x${height} pixels, more than the limit of ${limit}`),
  notAVideo: (name: string) => exception(`Could not read video ${name}: not a video file or damaged`),
  noVideoStream: (name: string) => exception(`Could not read video ${name}: the file has no video stream`),
  videoDecodingFailed: (name: string, why: string) => exception(`Could not decode video ${name}: ${why}`),
  damagedArchive: (name: string) =>
    exception(`Could not extract ${name}: the archive is damaged or truncated`),
  unsupportedArchive: (name: string, format: string) =>
    exception(`Could not extract ${name}: ${format} archives are not supported`),
  unsafeArchiveMember: (name: string, member: string) =>
    exception(`Could not extract ${name}: member ${JSON.stringify(member)} points outside the archive`),
  archiveTooLarge: (name: string, limitMb: number) =>
    exception(`Could not extract ${name}: it expands to more than ${limitMb} MB`),
  damagedPdf: (name: string, why: string) => exception(`Could not render ${name}: ${why}`),
  programMissing: (program: string, packageName: string) =>
    exception(`${program} is not installed on the server (Debian package ${packageName})`),
} as const;

/** The status text for any error: ours verbatim, anything unexpected without internal details. */
export function failureStatusMessage(error: unknown): string {
  if (error instanceof MediaFailure) return error.statusMessage;
  return 'Exception: Unexpected error while processing media; see the server log\n';
}
