import type { PixelSize } from '../frames/chunking.js';
import type { RawPixels } from './image-codec.js';

/**
 * Cuts ffmpeg's packed RGB output into frames. Iterating the stream reads on only when `onFrame`
 * has finished, so a slow consumer slows ffmpeg down instead of buffering frames.
 */
export async function eachRawFrame(
  stream: AsyncIterable<unknown>,
  size: PixelSize,
  onFrame: (pixels: RawPixels, index: number) => Promise<void>,
): Promise<number> {
  const frameBytes = size.width * size.height * 3;
  let parts: Buffer[] = [];
  let buffered = 0;
  let index = 0;
  for await (const part of stream) {
    let chunk = part as Buffer;
    while (buffered + chunk.length >= frameBytes) {
      const take = frameBytes - buffered;
      parts.push(chunk.subarray(0, take));
      const data = Buffer.concat(parts, frameBytes);
      await onFrame({ data, width: size.width, height: size.height, channels: 3 }, index);
      index += 1;
      chunk = chunk.subarray(take);
      parts = [];
      buffered = 0;
    }
    if (chunk.length > 0) {
      parts.push(chunk);
      buffered += chunk.length;
    }
  }
  return index;
}
