import { extname } from 'node:path';

import type { ChunkType } from '../frames/chunking.js';
import type { TaskMode } from '../frames/segments.js';
import type { SniffedType } from './content-sniffer.js';

/** The kinds of upload CVAT tells apart, in the order its failure messages count them. */
export const MEDIA_KINDS = ['image', 'video', 'archive', 'directory', 'pdf', 'zip'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** Kinds of which a task takes exactly one file and nothing else. */
export const UNIQUE_KINDS: ReadonlySet<MediaKind> = new Set(['video', 'archive', 'pdf', 'zip']);

export const META_INFO_FILE = 'meta_info.txt';

const IMAGE_EXTENSIONS = new Set(
  'jpg jpeg jpe jfif png apng bmp dib gif tif tiff webp jp2 j2k jpf jpx pgm ppm pbm pnm pam ico heic heif avif tga'.split(
    ' ',
  ),
);
const VIDEO_EXTENSIONS = new Set(
  'mp4 m4v avi mkv mov qt webm mpg mpeg mpe m1v m2v ogv ogg flv f4v wmv asf 3gp 3g2 ts mts m2ts vob mxf'.split(
    ' ',
  ),
);
const ARCHIVE_EXTENSIONS = new Set('tar tgz gz tbz tbz2 bz2 txz xz 7z cpio rar'.split(' '));

const ARCHIVE_MIMES = new Set([
  'application/x-tar',
  'application/gzip',
  'application/x-bzip2',
  'application/x-xz',
  'application/x-7z-compressed',
  'application/x-cpio',
  'application/x-rar-compressed',
  'application/vnd.rar',
]);
/** Containers file-type reports outside `video/*`. */
const VIDEO_EXTRA_EXTS = new Set(['asf', 'mxf', 'mts']);

/** What the file's extension alone says, as CVAT decides (data.md §3). */
export function kindFromExtension(name: string): MediaKind | undefined {
  const ext = extname(name).slice(1).toLowerCase();
  if (ext === 'svg') return undefined;
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (ARCHIVE_EXTENSIONS.has(ext)) return 'archive';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'zip') return 'zip';
  return undefined;
}

/** What the content says, when it is recognised as a media kind at all. */
export function kindFromContent(type: SniffedType | undefined): MediaKind | undefined {
  if (!type) return undefined;
  const { mime, ext } = type;
  if (mime.startsWith('image/')) return mime === 'image/svg+xml' ? undefined : 'image';
  if (mime.startsWith('video/') || VIDEO_EXTRA_EXTS.has(ext)) return 'video';
  if (mime === 'application/zip') return 'zip';
  if (ARCHIVE_MIMES.has(mime)) return 'archive';
  if (mime === 'application/pdf') return 'pdf';
  return undefined;
}

/**
 * The content decides when it is recognised as media; otherwise the extension does, as in CVAT.
 * So a PNG named `.jpg` is an image, a video with a wrong extension is a video, and a TGA (which has
 * no signature) or a damaged `.jpg` is still taken as an image and fails later with a clear reason.
 */
export function classify(name: string, type: SniffedType | undefined): MediaKind | undefined {
  return kindFromContent(type) ?? kindFromExtension(name);
}

export interface MediaTypes {
  readonly mode: TaskMode;
  readonly compressedChunkType: ChunkType;
  readonly originalChunkType: ChunkType;
}

/** data.md §6: chunk types and task mode follow from the media kind. */
export function mediaTypes(kind: MediaKind, useZipChunks: boolean): MediaTypes {
  if (kind === 'video') {
    return {
      mode: 'interpolation',
      compressedChunkType: useZipChunks ? 'imageset' : 'video',
      originalChunkType: 'video',
    };
  }
  return { mode: 'annotation', compressedChunkType: 'imageset', originalChunkType: 'imageset' };
}
