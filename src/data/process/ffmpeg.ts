import { Inject, Injectable } from '@nestjs/common';

import { runProgram, type RunOptions, type RunResult } from './child-process.js';

export const FFMPEG_PATH = Symbol('FFMPEG_PATH');

/** The path of the ffmpeg binary that `@ffmpeg-installer/ffmpeg` ships for this platform. */
export async function bundledFfmpegPath(): Promise<string> {
  const installer = await import('@ffmpeg-installer/ffmpeg');
  return installer.default.path;
}

/** The one way the data module runs ffmpeg; tests and the bench call it the same way. */
@Injectable()
export class Ffmpeg {
  constructor(@Inject(FFMPEG_PATH) readonly binary: string) {}

  static async bundled(): Promise<Ffmpeg> {
    return new Ffmpeg(await bundledFfmpegPath());
  }

  run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return runProgram(this.binary, ['-hide_banner', '-nostdin', ...args], options);
  }
}
