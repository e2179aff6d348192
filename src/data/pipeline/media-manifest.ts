import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { ChunkType } from '../frames/chunking.js';
import type { FrameSelection } from '../frames/frame-selection.js';
import type { TaskMode } from '../frames/segments.js';
import type { MediaKind } from '../media/media-kinds.js';
import type { KeyFrameIndex, VideoInfo } from '../readers/video-reader.js';

/** A task frame as `GET data/meta` lists it: name relative to the upload area, original size. */
export interface FrameInfo {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

export interface VideoManifest extends Pick<VideoInfo, 'width' | 'height' | 'fps' | 'codec'> {
  /** The video file, relative to the upload area. */
  readonly name: string;
  /** Present in on-the-fly mode: where decoding may start. */
  readonly index?: KeyFrameIndex;
}

/**
 * What preparing media produced: everything `GET data/meta`, the chunk endpoints and the job split
 * need, independent of the database. Written as `manifest.json` beside the chunks.
 */
export interface MediaManifest {
  readonly version: 1;
  readonly kind: MediaKind;
  readonly mode: TaskMode;
  /** `prepared`: chunks were written; `on-the-fly`: they are built on request into the cache. */
  readonly storage: 'prepared' | 'on-the-fly';
  readonly size: number;
  readonly startFrame: number;
  readonly stopFrame: number;
  readonly step: number;
  readonly frameFilter: string;
  readonly imageQuality: number;
  readonly chunkSize: number;
  readonly chunkCount: number;
  readonly compressedChunkType: ChunkType;
  readonly originalChunkType: ChunkType;
  /** Image tasks: one per task frame, in task-frame order. Empty for video. */
  readonly frames: FrameInfo[];
  readonly video?: VideoManifest;
}

export const MANIFEST_FILE = 'manifest.json';
export const PREVIEW_FILE = 'preview.jpeg';
export const COMPRESSED_DIR = 'compressed';
export const ORIGINAL_DIR = 'original';

export function selectionOf(manifest: MediaManifest): FrameSelection {
  const { startFrame, stopFrame, step, size } = manifest;
  return { startFrame, stopFrame, step, size };
}

/** The `frames` of `GET data/meta`: per frame for images, one entry for a whole video. */
export function metaFrames(manifest: MediaManifest): FrameInfo[] {
  if (!manifest.video) return manifest.frames;
  const { name, width, height } = manifest.video;
  return [{ width, height, name: name.split('/').at(-1) ?? name }];
}

export async function readManifest(dataDir: string): Promise<MediaManifest> {
  return (await readSizedManifest(dataDir)).manifest;
}

/** The manifest and the length of its text, by which a cache of manifests can be bounded. */
export async function readSizedManifest(
  dataDir: string,
): Promise<{ manifest: MediaManifest; bytes: number }> {
  const text = await readFile(join(dataDir, MANIFEST_FILE), 'utf8');
  return { manifest: JSON.parse(text) as MediaManifest, bytes: text.length };
}
