import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/**
 * Bodies up to this size are read with one system call and sent with one write: a frame streamed
 * in 64 KiB pieces costs several thread-pool round trips and socket writes more (measured with
 * the frame-serving benchmark), while the memory of a frame in flight is small.
 */
export const BUFFERED_BODY_LIMIT = 2 * 2 ** 20;

/** Larger bodies (chunks) are streamed in pieces of this size: fewer reads and writes than 64 KiB. */
const STREAM_PIECE = 512 * 2 ** 10;

/** `length` bytes of a file from `start`. */
export async function readSpan(path: string, start: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await file.read(bytes, done, length - done, start + done);
      if (bytesRead === 0) throw new Error(`${path} ended ${length - done} bytes early`);
      done += bytesRead;
    }
    return bytes;
  } finally {
    await file.close();
  }
}

/** `length` bytes of a file from `start`: in memory when small, otherwise a stream. */
export function fileBody(path: string, start: number, length: number): Promise<Buffer | Readable> {
  if (length <= BUFFERED_BODY_LIMIT) return readSpan(path, start, length);
  return Promise.resolve(
    createReadStream(path, { start, end: start + length - 1, highWaterMark: STREAM_PIECE }),
  );
}
