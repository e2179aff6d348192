import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import yauzl from 'yauzl';

import type { FileVersion } from '../../common/storage/file-derived-cache.js';
import { chunkFrames, chunkMemberName, chunkOfFrame } from '../frames/chunking.js';
import { sourceFrameOf } from '../frames/frame-selection.js';
import { ImageCodec } from '../media/image-codec.js';
import { VideoReader, type VideoInfo } from '../readers/video-reader.js';
import { ChunkCache } from '../storage/chunk-cache.js';
import { chunkFileName, type VideoSource } from '../writers/mp4-chunk-writer.js';
import { readSpan } from '../serving/file-body.js';
import { ZipMemberIndex } from '../serving/zip-member-index.js';
import { ImageChunkBuilder } from './image-chunks.js';
import { COMPRESSED_DIR, ORIGINAL_DIR, type MediaManifest } from './media-manifest.js';
import { VideoChunkBuilder } from './video-chunks.js';

export const CHUNK_CACHE = Symbol('CHUNK_CACHE');

export type ChunkQuality = 'compressed' | 'original';

/** Where one media record lives. */
export interface MediaLocation {
  /** Prefix of its entries in the chunk cache, e.g. the data id. */
  readonly cacheKey: string;
  /** Holds `compressed/`, `original/`, `preview.jpeg`, `manifest.json`. */
  readonly dataDir: string;
  /** The upload area the frames were read from. */
  readonly uploadDir: string;
}

export interface ServedFile {
  readonly path: string;
  readonly version: FileVersion;
  readonly contentType: string;
}

/** Prepared chunk files whose size and time are known; they never change once written. */
const KNOWN_PREPARED_FILES = 20_000;

/**
 * One frame: a span of a file on disk (a member of a stored zip chunk, an uploaded image), sent
 * without passing through memory, or bytes made for the request (a decoded video frame).
 */
export type ServedFrame =
  | {
      readonly kind: 'span';
      readonly path: string;
      readonly version: FileVersion;
      readonly start: number;
      readonly length: number;
      readonly contentType: string;
    }
  | { readonly kind: 'bytes'; readonly body: Buffer; readonly contentType: string };

/** The number is outside the task; the caller words it as data.md §10 asks. */
export class OutOfRangeError extends Error {
  override readonly name = 'OutOfRangeError';
}

const IMAGE_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/**
 * Chunks and frames of a prepared task, whichever way it was stored: prepared chunks are files,
 * on-the-fly chunks are built on first request into the chunk cache (data.md §7, §10).
 */
@Injectable()
export class ChunkSource {
  constructor(
    private readonly imageChunks: ImageChunkBuilder,
    private readonly videoChunks: VideoChunkBuilder,
    private readonly videos: VideoReader,
    private readonly codec: ImageCodec,
    @Inject(CHUNK_CACHE) private readonly cache: ChunkCache,
  ) {}

  private readonly members = new ZipMemberIndex();
  private readonly preparedFiles = new LRUCache<string, FileVersion>({ max: KNOWN_PREPARED_FILES });

  async chunk(
    location: MediaLocation,
    manifest: MediaManifest,
    quality: ChunkQuality,
    index: number,
  ): Promise<ServedFile> {
    if (!Number.isInteger(index) || index < 0 || index >= manifest.chunkCount) throw new OutOfRangeError();
    const type = quality === 'compressed' ? manifest.compressedChunkType : manifest.originalChunkType;
    const contentType = type === 'video' ? 'video/mp4' : 'application/zip';
    const file = chunkFileName(index, type);

    if (manifest.storage === 'prepared') {
      const path = join(location.dataDir, quality === 'compressed' ? COMPRESSED_DIR : ORIGINAL_DIR, file);
      let version = this.preparedFiles.get(path);
      if (!version) {
        const { size, mtimeMs } = await stat(path);
        version = { size, mtimeMs };
        this.preparedFiles.set(path, version);
      }
      return { path, version, contentType };
    }
    const cached = await this.cache.get(`${location.cacheKey}/${quality}/${file}`, (path) =>
      this.build(location, manifest, quality, index, path),
    );
    // The cache may evict and rebuild a chunk: its time tells one build from the next.
    const { size, mtimeMs } = await stat(cached.path);
    return { path: cached.path, version: { size, mtimeMs }, contentType };
  }

  /** One task frame: JPEG or original bytes for image tasks, a PNG of the decoded frame for video. */
  async frame(
    location: MediaLocation,
    manifest: MediaManifest,
    quality: ChunkQuality,
    frame: number,
  ): Promise<ServedFrame> {
    if (!Number.isInteger(frame) || frame < 0 || frame >= manifest.size) throw new OutOfRangeError();
    const { chunk, offset } = chunkOfFrame(frame, manifest.chunkSize);

    if (!manifest.video && quality === 'original') {
      const { name } = manifest.frames[frame];
      const path = join(location.uploadDir, name);
      const version = await stat(path);
      const contentType = IMAGE_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
      return { kind: 'span', path, version, start: 0, length: version.size, contentType };
    }
    const served = await this.chunk(location, manifest, quality, chunk);
    const type = quality === 'compressed' ? manifest.compressedChunkType : manifest.originalChunkType;
    if (type === 'imageset') {
      const { version } = served;
      const span = await this.members.find(served.path, version, chunkMemberName(offset, '.jpeg'));
      if (!span) throw new OutOfRangeError();
      if (!manifest.video && span.stored) {
        return { kind: 'span', path: served.path, version, ...span, contentType: 'image/jpeg' };
      }
      const jpeg = span.stored
        ? await readSpan(served.path, span.start, span.length)
        : await readZipMember(served.path, chunkMemberName(offset, '.jpeg'));
      if (!manifest.video) return { kind: 'bytes', body: jpeg, contentType: 'image/jpeg' };
      return {
        kind: 'bytes',
        body: await this.codec.toPng(await this.codec.decode(jpeg)),
        contentType: 'image/png',
      };
    }
    const info = await this.videos.probe(served.path);
    let pixels: Parameters<ImageCodec['toPng']>[0] | undefined;
    await this.videos.readFrames(served.path, info, { first: offset, step: 1, count: 1 }, async (decoded) => {
      pixels = decoded;
    });
    if (!pixels) throw new OutOfRangeError();
    return { kind: 'bytes', body: await this.codec.toPng(pixels), contentType: 'image/png' };
  }

  private async build(
    location: MediaLocation,
    manifest: MediaManifest,
    quality: ChunkQuality,
    index: number,
    path: string,
  ): Promise<void> {
    const span = chunkFrames(index, manifest.chunkSize, manifest.size);
    const count = span.stopFrame - span.startFrame + 1;
    if (!manifest.video) {
      const frames = manifest.frames.slice(span.startFrame, span.stopFrame + 1).map(({ name }) => ({
        name,
        path: join(location.uploadDir, name),
      }));
      if (quality === 'original') await this.imageChunks.writeOriginal(frames, path);
      else await this.imageChunks.writeCompressed(frames, manifest.imageQuality, path);
      return;
    }

    const { video } = manifest;
    if (!video.index) throw new Error('on-the-fly video without a key-frame index');
    const info: VideoInfo = { width: video.width, height: video.height, fps: video.fps, codec: video.codec };
    const source: VideoSource = { path: join(location.uploadDir, video.name), name: video.name, info };
    await this.videoChunks.writeOne({
      video: source,
      index: video.index,
      first: sourceFrameOf(manifest, span.startFrame),
      step: manifest.step,
      count,
      quality,
      compressedType: manifest.compressedChunkType,
      imageQuality: manifest.imageQuality,
      path,
    });
  }
}

/** The bytes of one member of a zip chunk. */
export async function readZipMember(path: string, name: string): Promise<Buffer> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip
          .once('entry', resolve)
          .once('end', () => resolve(undefined))
          .once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) throw new OutOfRangeError();
      if (entry.fileName !== name) continue;
      const parts: Buffer[] = [];
      for await (const part of await zip.openReadStreamPromise(entry)) parts.push(part as Buffer);
      return Buffer.concat(parts);
    }
  } finally {
    zip.close();
  }
}
