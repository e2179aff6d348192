import { join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { chunkMemberName } from '../frames/chunking.js';
import { ImageCodec, type RawPixels } from '../media/image-codec.js';
import { VideoReader, type KeyFrame, type KeyFrameIndex } from '../readers/video-reader.js';
import { chunkFileName, Mp4ChunkWriter, type VideoSource } from '../writers/mp4-chunk-writer.js';
import { ZipChunkWriter } from '../writers/zip-chunk-writer.js';
import { MEDIA_CONCURRENCY, type MediaConcurrency } from './image-chunks.js';

export interface VideoChunksJob {
  readonly video: VideoSource;
  readonly first: number;
  readonly step: number;
  readonly maxFrames?: number;
  readonly chunkSize: number;
  readonly imageQuality: number;
  /** `imageset` makes compressed chunks zips of JPEGs (`use_zip_chunks`). */
  readonly compressedType: 'video' | 'imageset';
  readonly compressedDir: string;
  readonly originalDir: string;
  readonly onProgress?: (framesWritten: number) => void;
}

/**
 * Video chunks of both qualities. MP4 chunks come straight from ffmpeg; with `use_zip_chunks` the
 * compressed frames come back as pixels and are encoded to JPEG zips here, a few at a time.
 */
@Injectable()
export class VideoChunkBuilder {
  constructor(
    private readonly mp4: Mp4ChunkWriter,
    private readonly reader: VideoReader,
    private readonly codec: ImageCodec,
    private readonly zip: ZipChunkWriter,
    @Inject(MEDIA_CONCURRENCY) private readonly concurrency: MediaConcurrency,
  ) {}

  /** Writes every chunk in one decode; returns the number of frames taken. */
  async writeAll(job: VideoChunksJob): Promise<number> {
    if (job.compressedType === 'video')
      return this.mp4.writeAll({ ...job, compressedDir: job.compressedDir });

    let chunk = 0;
    const jpegs = new JpegChunk(this.codec, job.imageQuality, this.concurrency.imagesInFlight);
    const frames = await this.mp4.writeAll({
      ...job,
      compressedDir: undefined,
      onCompressedFrame: async (pixels) => {
        await jpegs.add(pixels, job.video.name);
        if (jpegs.length < job.chunkSize) return;
        await this.zip.write(join(job.compressedDir, chunkFileName(chunk++, 'imageset')), await jpegs.take());
      },
    });
    if (jpegs.length > 0) {
      await this.zip.write(join(job.compressedDir, chunkFileName(chunk, 'imageset')), await jpegs.take());
    }
    return frames;
  }

  /** One chunk for on-the-fly mode, decoding from the key frame at or before its first frame. */
  async writeOne(job: {
    readonly video: VideoSource;
    readonly index: KeyFrameIndex;
    readonly first: number;
    readonly step: number;
    readonly count: number;
    readonly quality: 'compressed' | 'original';
    readonly compressedType: 'video' | 'imageset';
    readonly imageQuality: number;
    readonly path: string;
  }): Promise<void> {
    const from = { keyFrame: keyFrameBefore(job.index.keyFrames, job.first), timeBase: job.index.timeBase };
    if (job.quality === 'original' || job.compressedType === 'video') {
      await this.mp4.writeOne({ ...job, from });
      return;
    }
    const jpegs = new JpegChunk(this.codec, job.imageQuality, this.concurrency.imagesInFlight);
    const request = { first: job.first, step: job.step, count: job.count, from };
    await this.reader.readFrames(job.video.path, job.video.info, request, (pixels) =>
      jpegs.add(pixels, job.video.name),
    );
    await this.zip.write(job.path, await jpegs.take());
  }
}

/** The last key frame at or before `frame` (the index always starts with frame 0). */
export function keyFrameBefore(keyFrames: readonly KeyFrame[], frame: number): KeyFrame {
  let low = 0;
  let high = keyFrames.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (keyFrames[middle].frame <= frame) low = middle;
    else high = middle - 1;
  }
  return keyFrames[low] ?? { frame: 0, pts: 0 };
}

/** JPEG-encodes frames of one chunk with a bounded number of raw frames held at once. */
class JpegChunk {
  private pending: Promise<Buffer>[] = [];

  constructor(
    private readonly codec: ImageCodec,
    private readonly quality: number,
    private readonly inFlight: number,
  ) {}

  get length(): number {
    return this.pending.length;
  }

  async add(pixels: RawPixels, name: string): Promise<void> {
    const encoding = this.codec.toJpeg(pixels, this.quality, name).then((jpeg) => jpeg.data);
    encoding.catch(() => undefined); // awaited in take()
    this.pending.push(encoding);
    const oldestRunning = this.pending.length - this.inFlight - 1;
    if (oldestRunning >= 0) await this.pending[oldestRunning];
  }

  async take(): Promise<{ name: string; content: Buffer }[]> {
    const jpegs = await Promise.all(this.pending);
    this.pending = [];
    return jpegs.map((content, offset) => ({ name: chunkMemberName(offset, '.jpeg'), content }));
  }
}
