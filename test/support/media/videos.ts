import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

export const FFMPEG = ffmpegInstaller.path;

export interface VideoSpec {
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps?: number;
  /** Frames between key frames. */
  readonly gop?: number;
  /** Container by file extension; mp4 unless given. */
  readonly extraArgs?: readonly string[];
}

/** Writes an ffmpeg `testsrc` video (H.264); returns its path. */
export async function writeVideo(path: string, spec: VideoSpec): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  const { width, height, frames, fps = 25, gop = 250 } = spec;
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=${width}x${height}:rate=${fps}`,
    '-frames:v',
    String(frames),
    '-c:v',
    'libx264',
    '-pix_fmt',
    // 4:2:0 needs even sizes; odd-sized test videos use 4:4:4.
    width % 2 === 0 && height % 2 === 0 ? 'yuv420p' : 'yuv444p',
    '-preset',
    'ultrafast',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    ...(spec.extraArgs ?? []),
    path,
  ]);
  return path;
}

/** Runs the bundled ffmpeg synchronously and returns its standard error. */
export function ffmpeg(args: readonly string[], accept: readonly number[] = [0]): string {
  const result = spawnSync(FFMPEG, ['-hide_banner', '-nostdin', '-y', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (!accept.includes(result.status ?? -1)) throw new Error(`ffmpeg failed: ${result.stderr.slice(-2000)}`);
  return result.stderr;
}

/** Frames in a video file, counted by decoding it. */
export function countFrames(path: string): number {
  const stderr = ffmpeg(['-i', path, '-map', '0:v:0', '-f', 'null', '-']);
  const matches = [...stderr.matchAll(/frame=\s*(\d+)/g)];
  return Number(matches.at(-1)?.[1] ?? 0);
}

/** The coded size and profile of a video's first stream, as `ffmpeg -i` reports them. */
export function describeVideo(path: string): { width: number; height: number; header: string } {
  const stderr = ffmpeg(['-i', path], [1]);
  const header = stderr.split('\n').find((line) => line.includes('Video:')) ?? '';
  const size = /, (\d+)x(\d+)/.exec(header);
  return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), header };
}

/** Decodes frame `index` of a video to packed RGB. */
export function decodeFrame(path: string, index: number, size: { width: number; height: number }): Buffer {
  const result = spawnSync(
    FFMPEG,
    [
      '-hide_banner',
      '-nostdin',
      '-i',
      path,
      '-vf',
      `select=eq(n\\,${index})`,
      '-vsync',
      '0',
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    { maxBuffer: 256 << 20 },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString().slice(-2000)}`);
  const bytes = size.width * size.height * 3;
  if (result.stdout.length !== bytes) throw new Error(`expected ${bytes} bytes, got ${result.stdout.length}`);
  return result.stdout;
}

export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
