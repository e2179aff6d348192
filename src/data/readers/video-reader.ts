import { basename } from 'node:path';

import { Injectable } from '@nestjs/common';

import type { PixelSize } from '../frames/chunking.js';
import type { RawPixels } from '../media/image-codec.js';
import { eachRawFrame } from '../media/raw-frames.js';
import { MediaFailure, MediaFailures } from '../media-failure.js';
import { ProcessFailedError } from '../process/child-process.js';
import { Ffmpeg } from '../process/ffmpeg.js';

export interface VideoInfo extends PixelSize {
  readonly codec: string;
  /** Frames per second the container declares; 25 when it declares none. */
  readonly fps: number;
  readonly durationSeconds?: number;
  /** duration × fps: good for progress, not for frame numbers. */
  readonly estimatedFrames?: number;
}

/** A frame decoding may start from: its index in decode output and its presentation timestamp. */
export interface KeyFrame {
  readonly frame: number;
  readonly pts: number;
}

export interface KeyFrameIndex {
  readonly frameCount: number;
  /** `num/den` of the pts unit. */
  readonly timeBase: string;
  readonly keyFrames: KeyFrame[];
  /** Timestamps grow strictly, so that seeking by time finds each frame. */
  readonly monotonic: boolean;
}

/** Which decoded frames to hand out: `first, first + step, ...`, at most `count` of them. */
export interface FrameRequest {
  readonly first: number;
  readonly step: number;
  readonly count?: number;
  /** Start decoding at this key frame (at or before `first`) instead of the beginning. */
  readonly from?: { readonly keyFrame: KeyFrame; readonly timeBase: string };
}

const STREAM_LINE = /^\s*Stream #0:\d+.*?: Video: (\w+)/;
const SIZE = /, (\d+)x(\d+)(?:[ ,]|$)/;
const FPS = /, ([\d.]+)(k?) (fps|tbr)/;
const DURATION = /^\s*Duration: (\d+):(\d+):([\d.]+)/;
const SHOWINFO_FRAME = /\bn:\s*(\d+) pts:\s*(-?\d+) .*\biskey:(\d)/;
const SHOWINFO_TIME_BASE = /config in time_base: (\d+\/\d+)/;
/**
 * showinfo without its per-plane checksums: only `n`, `pts` and `iskey` are read, and the
 * checksums of every 1080p frame nearly doubled the time of a key-frame scan (measured).
 */
const SHOWINFO = 'showinfo=checksum=0';

/** Builds the select expression that keeps frames `first, first + step, ...` of a decode. */
export function selectExpression(first: number, step: number): string {
  return `select='gte(n\\,${first})*not(mod(n-${first}\\,${step}))'`;
}

/** Seconds of a key frame's pts, half a frame early so that accurate seeking keeps the frame. */
export function seekSeconds(keyFrame: KeyFrame, timeBase: string, fps: number): number {
  const [num, den] = timeBase.split('/').map(Number) as [number, number];
  return Math.max(0, (keyFrame.pts * num) / den - 0.5 / fps);
}

/** The decode-side view of a video: probing, the key-frame index, and raw frames. */
@Injectable()
export class VideoReader {
  constructor(private readonly ffmpeg: Ffmpeg) {}

  /** Reads the container header: first video stream, size, frame rate, duration. */
  async probe(path: string, name = basename(path)): Promise<VideoInfo> {
    let input = false;
    let duration: number | undefined;
    let stream: { codec: string; width: number; height: number; fps: number } | undefined;
    await this.ffmpeg
      .run(['-i', path], {
        acceptExitCodes: [1],
        onStderrLine: (line) => {
          if (line.startsWith('Input #0')) input = true;
          const time = DURATION.exec(line);
          if (time) duration = Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]);
          const video = STREAM_LINE.exec(line);
          const size = SIZE.exec(line);
          if (stream || !video || !size || line.includes('(attached pic)')) return;
          const rate = FPS.exec(line);
          const fps = rate ? Number(rate[1]) * (rate[2] ? 1000 : 1) : 25;
          stream = {
            codec: video[1],
            width: Number(size[1]),
            height: Number(size[2]),
            fps: fps > 0 ? fps : 25,
          };
        },
      })
      .catch(() => undefined);

    if (!input) throw MediaFailures.notAVideo(name);
    if (!stream || stream.width === 0 || stream.height === 0) throw MediaFailures.noVideoStream(name);
    const estimatedFrames = duration ? Math.max(1, Math.round(duration * stream.fps)) : undefined;
    return { ...stream, durationSeconds: duration, estimatedFrames };
  }

  /** Decodes every frame once to count them and record the key frames (cache mode, data.md §7.4). */
  async indexKeyFrames(
    path: string,
    name: string,
    onFrame?: (decoded: number) => void,
  ): Promise<KeyFrameIndex> {
    const keyFrames: KeyFrame[] = [];
    let timeBase = '1/1';
    let frameCount = 0;
    let lastPts = Number.NEGATIVE_INFINITY;
    let monotonic = true;
    await this.decode(
      name,
      ['-noautorotate', '-i', path, '-map', '0:v:0', '-vf', SHOWINFO, '-f', 'null', '-'],
      {
        onStderrLine: (line) => {
          const frame = SHOWINFO_FRAME.exec(line);
          if (!frame) {
            timeBase = SHOWINFO_TIME_BASE.exec(line)?.[1] ?? timeBase;
            return;
          }
          const pts = Number(frame[2]);
          if (pts <= lastPts) monotonic = false;
          lastPts = pts;
          if (frame[3] === '1') keyFrames.push({ frame: frameCount, pts });
          frameCount += 1;
          onFrame?.(frameCount);
        },
      },
    );
    if (frameCount === 0) throw MediaFailures.noVideoStream(name);
    return { frameCount, timeBase, keyFrames, monotonic };
  }

  /**
   * Packets of the first video stream and the timestamps of its key frames, without decoding the
   * other frames: a tenth of the time of `indexKeyFrames`, enough to check an uploaded index.
   */
  async keyFrameTimestamps(
    path: string,
    name: string,
  ): Promise<{ packets: number; keyPts: number[]; timeBase: string }> {
    const keyPts: number[] = [];
    let packets = 0;
    let timeBase = '1/1';
    const copy = ['-map', '0:v:0', '-c', 'copy', '-f', 'null', '-'];
    const keys = ['-map', '0:v:0', '-vf', SHOWINFO, '-f', 'null', '-'];
    await this.decode(name, ['-skip_frame', 'nokey', '-noautorotate', '-i', path, ...copy, ...keys], {
      onStderrLine: (line) => {
        const frame = SHOWINFO_FRAME.exec(line);
        if (frame) keyPts.push(Number(frame[2]));
        timeBase = SHOWINFO_TIME_BASE.exec(line)?.[1] ?? timeBase;
        const stats = /^frame=\s*(\d+)/.exec(line);
        if (stats) packets = Number(stats[1]);
      },
    });
    return { packets, keyPts, timeBase };
  }

  /** Streams the requested frames as packed RGB; `onFrame` may take its time (back-pressure). */
  async readFrames(
    path: string,
    info: VideoInfo,
    request: FrameRequest,
    onFrame: (pixels: RawPixels, index: number) => Promise<void>,
    name = basename(path),
  ): Promise<number> {
    const offset = request.from ? request.from.keyFrame.frame : 0;
    const seek = request.from
      ? ['-ss', seekSeconds(request.from.keyFrame, request.from.timeBase, info.fps).toFixed(6)]
      : [];
    const limit = request.count === undefined ? [] : ['-frames:v', String(request.count)];
    const args = [
      '-noautorotate',
      ...seek,
      '-i',
      path,
      '-map',
      '0:v:0',
      '-vf',
      selectExpression(request.first - offset, request.step),
      '-vsync',
      'passthrough',
      ...limit,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ];

    let delivered = 0;
    let consuming: Promise<void> = Promise.resolve();
    const decoding = this.decode(name, args, {
      onStdout: (stdout) => {
        consuming = eachRawFrame(stdout, info, async (pixels, index) => {
          await onFrame(pixels, index);
          delivered += 1;
        }).then(() => undefined);
        consuming.catch(() => stdout.destroy());
      },
    });
    // When the consumer fails, ffmpeg dies of a broken pipe: report the consumer's reason.
    await decoding.catch(async (error: unknown) => {
      await consuming;
      throw error;
    });
    await consuming;
    return delivered;
  }

  /** Source frame 0 as packed RGB, for the preview. */
  async firstFrame(path: string, info: VideoInfo, name = basename(path)): Promise<RawPixels> {
    let first: RawPixels | undefined;
    await this.readFrames(
      path,
      info,
      { first: 0, step: 1, count: 1 },
      async (pixels) => void (first = pixels),
      name,
    );
    if (!first) throw MediaFailures.noVideoStream(name);
    return first;
  }

  private async decode(name: string, args: string[], options: Parameters<Ffmpeg['run']>[1]): Promise<void> {
    try {
      await this.ffmpeg.run(['-threads', '0', ...args], options);
    } catch (error) {
      if (error instanceof MediaFailure) throw error;
      const reason = error instanceof ProcessFailedError ? lastLine(error.stderrTail) : String(error);
      throw MediaFailures.videoDecodingFailed(name, reason);
    }
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? 'unknown error';
}
