import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Injectable } from '@nestjs/common';

import {
  compressedVideoSize,
  ORIGINAL_VIDEO_CRF,
  originalVideoSize,
  videoCrf,
  type PixelSize,
} from '../frames/chunking.js';
import type { RawPixels } from '../media/image-codec.js';
import { eachRawFrame } from '../media/raw-frames.js';
import { MediaFailure, MediaFailures } from '../media-failure.js';
import { ProcessFailedError } from '../process/child-process.js';
import { Ffmpeg } from '../process/ffmpeg.js';
import { seekSeconds, selectExpression, type KeyFrame, type VideoInfo } from '../readers/video-reader.js';

export const CHUNK_FPS = 25;
/** x264 presets: compressed chunks are what clients download, originals favour speed (CVAT uses ultrafast). */
const COMPRESSED_PRESET = 'veryfast';
const ORIGINAL_PRESET = 'ultrafast';
const STATS_FRAME = /^frame=\s*(\d+)/;

export interface VideoSource {
  readonly path: string;
  readonly name: string;
  readonly info: VideoInfo;
}

export interface AllChunksJob {
  readonly video: VideoSource;
  readonly first: number;
  readonly step: number;
  /** Frames to take at most (the stop frame); undefined runs to the end. */
  readonly maxFrames?: number;
  readonly chunkSize: number;
  readonly imageQuality: number;
  readonly originalDir: string;
  /** Compressed MP4 chunks go here; without it compressed frames go to `onCompressedFrame`. */
  readonly compressedDir?: string;
  /** Receives every selected frame as RGB at source size, for JPEG chunks (`use_zip_chunks`). */
  readonly onCompressedFrame?: (pixels: RawPixels, index: number) => Promise<void>;
  readonly onProgress?: (framesWritten: number) => void;
}

export interface OneChunkJob {
  readonly video: VideoSource;
  /** Source frames of the chunk: `first, first + step, ...`, `count` of them. */
  readonly first: number;
  readonly step: number;
  readonly count: number;
  readonly quality: 'compressed' | 'original';
  readonly imageQuality: number;
  /** The key frame at or before `first`, from the key-frame index; undefined decodes from the start. */
  readonly from?: { readonly keyFrame: KeyFrame; readonly timeBase: string };
  readonly path: string;
}

/** Chunk file names inside `compressed/` and `original/`. */
export function chunkFileName(index: number, type: 'video' | 'imageset'): string {
  return `${index}.${type === 'video' ? 'mp4' : 'zip'}`;
}

function h264(crf: number, preset: string): string[] {
  return [
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-preset',
    preset,
    '-crf',
    String(crf),
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(CHUNK_FPS),
  ];
}

/** Scales to exactly `size` with square pixels, as the clients draw frames. */
function scaleFilter(size: PixelSize): string {
  return `scale=${size.width}:${size.height},setsar=1`;
}

/**
 * Writes video chunks with ffmpeg: H.264 baseline, yuv420p, 25 fps, even sizes; compressed chunks
 * downscaled and at the CRF of the image quality (data.md §7.3). The web client decodes them itself.
 */
@Injectable()
export class Mp4ChunkWriter {
  constructor(private readonly ffmpeg: Ffmpeg) {}

  /**
   * One decode of the source writes every chunk of both qualities: a key frame is forced at each
   * chunk start and the segment muxer cuts there. Returns the number of frames taken.
   */
  async writeAll(job: AllChunksJob): Promise<number> {
    const { video, chunkSize } = job;
    const selected = `[0:v:0]${selectExpression(job.first, job.step)},settb=1/${CHUNK_FPS},setpts=N`;
    const original = scaleFilter(originalVideoSize(video.info));
    const graph = job.compressedDir
      ? `${selected},split=2[o][c];[o]${original}[original];[c]${scaleFilter(compressedVideoSize(video.info))}[compressed]`
      : job.onCompressedFrame
        ? `${selected},split=2[o][compressed];[o]${original}[original]`
        : `${selected},${original}[original]`;
    const keyFrames = ['-force_key_frames', `expr:eq(mod(n,${chunkSize}),0)`];
    const segments = (dir: string) => [
      '-f',
      'segment',
      '-segment_time',
      (chunkSize / CHUNK_FPS).toFixed(2),
      '-reset_timestamps',
      '1',
      '-segment_format',
      'mp4',
      join(dir, '%d.mp4'),
    ];
    const limit = job.maxFrames === undefined ? [] : ['-frames:v', String(job.maxFrames)];

    const args = ['-noautorotate', '-i', video.path, '-filter_complex', graph, '-vsync', 'passthrough'];
    args.push('-map', '[original]', ...limit, ...h264(ORIGINAL_VIDEO_CRF, ORIGINAL_PRESET));
    args.push(...keyFrames, ...segments(job.originalDir));
    if (job.compressedDir) {
      args.push('-map', '[compressed]', ...limit, ...h264(videoCrf(job.imageQuality), COMPRESSED_PRESET));
      args.push(...keyFrames, ...segments(job.compressedDir));
    } else if (job.onCompressedFrame) {
      args.push('-map', '[compressed]', ...limit, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
    }

    let frames = 0;
    let consuming: Promise<void> = Promise.resolve();
    const encoding = this.encode(video.name, args, {
      onStderrLine: (line) => {
        const stats = STATS_FRAME.exec(line);
        if (!stats) return;
        frames = Number(stats[1]);
        job.onProgress?.(frames);
      },
      onStdout: job.onCompressedFrame
        ? (stdout) => {
            consuming = eachRawFrame(stdout, video.info, job.onCompressedFrame!).then(() => undefined);
            consuming.catch(() => stdout.destroy());
          }
        : undefined,
    });
    await encoding.catch(async (error: unknown) => {
      await consuming;
      throw error;
    });
    await consuming;
    return frames;
  }

  /** Builds a single chunk, for on-the-fly mode: seek to the key frame, decode, encode. */
  async writeOne(job: OneChunkJob): Promise<void> {
    const { video } = job;
    const offset = job.from ? job.from.keyFrame.frame : 0;
    const seek = job.from
      ? ['-ss', seekSeconds(job.from.keyFrame, job.from.timeBase, video.info.fps).toFixed(6)]
      : [];
    const size =
      job.quality === 'compressed' ? compressedVideoSize(video.info) : originalVideoSize(video.info);
    const crf = job.quality === 'compressed' ? videoCrf(job.imageQuality) : ORIGINAL_VIDEO_CRF;
    const preset = job.quality === 'compressed' ? COMPRESSED_PRESET : ORIGINAL_PRESET;
    const temporary = `${job.path}.${randomBytes(4).toString('hex')}.part`;
    const filter = `${selectExpression(job.first - offset, job.step)},settb=1/${CHUNK_FPS},setpts=N,${scaleFilter(size)}`;
    const args = [
      '-noautorotate',
      ...seek,
      '-i',
      video.path,
      '-map',
      '0:v:0',
      '-vf',
      filter,
      '-vsync',
      'passthrough',
    ];
    args.push('-frames:v', String(job.count), ...h264(crf, preset), '-f', 'mp4', temporary);
    try {
      await this.encode(video.name, args, {});
      await rename(temporary, job.path);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  private async encode(name: string, args: string[], options: Parameters<Ffmpeg['run']>[1]): Promise<void> {
    try {
      await this.ffmpeg.run(args, options);
    } catch (error) {
      if (error instanceof MediaFailure) throw error;
      const reason =
        error instanceof ProcessFailedError ? error.stderrTail.trim().split('\n').at(-1) : String(error);
      throw MediaFailures.videoDecodingFailed(name, reason ?? 'unknown error');
    }
  }
}
