import type { FrameSpan } from './segments.js';

export type ChunkType = 'imageset' | 'video';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

const FULL_HD_PIXELS = 1920 * 1080;
const VIDEO_CHUNK_SIZE = 36;

/**
 * Frames per chunk when the request names none: video chunks hold 36 frames; image chunks hold
 * about as many pixels as 36 full-HD frames, between 2 and 72 frames.
 */
export function defaultChunkSize(compressedType: ChunkType, firstFrame: PixelSize): number {
  if (compressedType === 'video') return VIDEO_CHUNK_SIZE;
  const frames = Math.floor((36 * FULL_HD_PIXELS) / (firstFrame.width * firstFrame.height));
  return Math.max(2, Math.min(72, frames));
}

export function chunkCount(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize);
}

/** The task frames of chunk `index`. */
export function chunkFrames(index: number, chunkSize: number, size: number): FrameSpan {
  const startFrame = index * chunkSize;
  return { startFrame, stopFrame: Math.min(startFrame + chunkSize, size) - 1 };
}

/** The chunk holding task frame `frame`, and the frame's position inside it. */
export function chunkOfFrame(frame: number, chunkSize: number): { chunk: number; offset: number } {
  return { chunk: Math.floor(frame / chunkSize), offset: frame % chunkSize };
}

/** Member name of a frame in an imageset chunk: its 6-digit index in the chunk plus an extension. */
export function chunkMemberName(offset: number, extension: string): string {
  return `${String(offset).padStart(6, '0')}${extension}`;
}

/** x264's CRF for a JPEG-style quality: 100 is best (CRF 0), 0 is worst (clamped to 51). */
export function videoCrf(imageQuality: number): number {
  return Math.min(51, Math.max(0, Math.round((51 * (100 - imageQuality)) / 99)));
}

export const ORIGINAL_VIDEO_CRF = 17;

/** The smallest power of two that brings the height below 1080 lines. */
export function downscaleFactor(height: number): number {
  let factor = 1;
  while (height / factor >= 1080) factor *= 2;
  return factor;
}

export function roundUpToEven(value: number): number {
  return value % 2 === 0 ? value : value + 1;
}

/** The size of compressed video chunks: downscaled by `downscaleFactor`, even in both directions. */
export function compressedVideoSize(source: PixelSize): PixelSize {
  const factor = downscaleFactor(source.height);
  return {
    width: roundUpToEven(Math.max(1, Math.round(source.width / factor))),
    height: roundUpToEven(Math.max(1, Math.round(source.height / factor))),
  };
}

/** The size of original video chunks: the source size rounded up to even numbers. */
export function originalVideoSize(source: PixelSize): PixelSize {
  return { width: roundUpToEven(source.width), height: roundUpToEven(source.height) };
}
