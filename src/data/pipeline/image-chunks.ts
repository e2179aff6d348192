import { extname, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { chunkCount, chunkFrames, chunkMemberName } from '../frames/chunking.js';
import { ImageCodec, type EncodedImage } from '../media/image-codec.js';
import { chunkFileName } from '../writers/mp4-chunk-writer.js';
import { ZipChunkWriter, type ZipMember } from '../writers/zip-chunk-writer.js';
import { allSettledOrThrow, mapOrdered } from './concurrency.js';
import type { FrameInfo } from './media-manifest.js';

export const MEDIA_CONCURRENCY = Symbol('MEDIA_CONCURRENCY');

export interface MediaConcurrency {
  /** Images decoded and encoded at once (sharp runs each on one thread). */
  readonly imagesInFlight: number;
}

/** An image frame: its name (relative to the upload area) and where the file is. */
export interface ImageFrame {
  readonly name: string;
  readonly path: string;
}

export interface ImageChunkDirs {
  readonly compressed: string;
  readonly original: string;
}

interface Compressed {
  readonly frame: ImageFrame;
  /** The JPEG, whose pixel size is the source's. */
  readonly jpeg: EncodedImage;
}

/**
 * Imageset chunks of image tasks (data.md §7.2): compressed zips of JPEGs at the task's quality
 * and original zips of the files as uploaded. Images are compressed several at a time, across
 * chunk boundaries, while each zip is written in frame order.
 */
@Injectable()
export class ImageChunkBuilder {
  constructor(
    private readonly codec: ImageCodec,
    private readonly zip: ZipChunkWriter,
    @Inject(MEDIA_CONCURRENCY) private readonly concurrency: MediaConcurrency,
  ) {}

  /** Writes every chunk of both qualities; returns each frame's size. */
  async writeAll(
    frames: readonly ImageFrame[],
    chunkSize: number,
    quality: number,
    dirs: ImageChunkDirs,
    onFrameDone?: (done: number) => void,
  ): Promise<FrameInfo[]> {
    const infos: FrameInfo[] = [];
    const compressed = this.compress(frames, quality)[Symbol.asyncIterator]();
    try {
      for (let index = 0; index < chunkCount(frames.length, chunkSize); index += 1) {
        const span = chunkFrames(index, chunkSize, frames.length);
        const members = async function* (): AsyncGenerator<ZipMember> {
          for (let offset = 0; offset <= span.stopFrame - span.startFrame; offset += 1) {
            const next = await compressed.next();
            if (next.done) throw new Error('fewer compressed frames than frames');
            const { frame, jpeg } = next.value;
            infos.push({ name: frame.name, width: jpeg.width, height: jpeg.height });
            onFrameDone?.(infos.length);
            yield { name: chunkMemberName(offset, '.jpeg'), content: jpeg.data };
          }
        };
        const chunk = frames.slice(span.startFrame, span.stopFrame + 1);
        await allSettledOrThrow([
          this.zip.write(join(dirs.compressed, chunkFileName(index, 'imageset')), members()),
          this.writeOriginal(chunk, join(dirs.original, chunkFileName(index, 'imageset'))),
        ]);
      }
    } finally {
      await compressed.return?.(undefined);
    }
    return infos;
  }

  /** One compressed chunk (on-the-fly mode). */
  async writeCompressed(frames: readonly ImageFrame[], quality: number, path: string): Promise<number> {
    const members = async function* (results: AsyncIterable<Compressed>): AsyncGenerator<ZipMember> {
      let offset = 0;
      for await (const { jpeg } of results) {
        yield { name: chunkMemberName(offset++, '.jpeg'), content: jpeg.data };
      }
    };
    return this.zip.write(path, members(this.compress(frames, quality)));
  }

  /** One original chunk: the files as they are, named by position plus their extension. */
  async writeOriginal(frames: readonly ImageFrame[], path: string): Promise<number> {
    const members = frames.map((frame, offset) => ({
      name: chunkMemberName(offset, extname(frame.name).toLowerCase()),
      content: frame.path,
    }));
    return this.zip.write(path, members);
  }

  /** Reads the headers of frames (on-the-fly mode needs sizes without compressing). */
  async probeAll(frames: readonly ImageFrame[], onFrameDone?: (done: number) => void): Promise<FrameInfo[]> {
    const infos: FrameInfo[] = [];
    const probes = mapOrdered(frames, this.concurrency.imagesInFlight * 2, (frame) =>
      this.codec.probe(frame.path, frame.name),
    );
    let index = 0;
    for await (const info of probes) {
      infos.push({ name: frames[index].name, width: info.width, height: info.height });
      index += 1;
      onFrameDone?.(index);
    }
    return infos;
  }

  private compress(frames: readonly ImageFrame[], quality: number): AsyncGenerator<Compressed> {
    return mapOrdered(frames, this.concurrency.imagesInFlight, async (frame) => ({
      frame,
      jpeg: await this.codec.toJpeg(frame.path, quality, frame.name),
    }));
  }
}
