import type { KeyFrame, KeyFrameIndex } from '../readers/video-reader.js';

const TOO_FEW_KEY_FRAMES = 'Too few keyframes for smooth video decoding.';
const NOT_SEEKABLE = 'Uploaded video does not support a quick way of task creating.';
const MISMATCH = 'The uploaded meta information does not match the video.';

/**
 * Why a video cannot be served on the fly (data.md §7.4), or undefined when it can: decoding must
 * be able to start at frame 0 and at each key frame, and a chunk must not need more than twice its
 * own length of frames decoded before it.
 */
export function quickCreationProblem(index: KeyFrameIndex, chunkSize: number): string | undefined {
  if (!index.monotonic || index.keyFrames[0]?.frame !== 0) return NOT_SEEKABLE;
  if (index.frameCount / index.keyFrames.length > 2 * chunkSize) return TOO_FEW_KEY_FRAMES;
  return undefined;
}

/**
 * Reads `meta_info.txt`: a line `<frame> <pts>` per key frame and the frame count on the last
 * line. The time base is not in the file; pts are compared in the stream's own unit.
 */
export function parseMetaInfo(text: string): KeyFrameIndex | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const count = lines.pop();
  if (!count || !/^\d+$/.test(count) || lines.length === 0) return undefined;
  const keyFrames: KeyFrame[] = [];
  for (const line of lines) {
    const match = /^(\d+)\s+(-?\d+)$/.exec(line);
    if (!match) return undefined;
    keyFrames.push({ frame: Number(match[1]), pts: Number(match[2]) });
  }
  const increasing = keyFrames.every(
    (key, at) => at === 0 || (key.frame > keyFrames[at - 1].frame && key.pts > keyFrames[at - 1].pts),
  );
  const frameCount = Number(count);
  if (!increasing || keyFrames.at(-1)!.frame >= frameCount) return undefined;
  return { frameCount, timeBase: '', keyFrames, monotonic: true };
}

/** Checks an uploaded index against the packets and key-frame timestamps of the video. */
export function verifyMetaInfo(
  uploaded: KeyFrameIndex,
  actual: { readonly packets: number; readonly keyPts: readonly number[] },
): string | undefined {
  if (uploaded.frameCount !== actual.packets) return MISMATCH;
  if (uploaded.keyFrames.length !== actual.keyPts.length) return MISMATCH;
  return uploaded.keyFrames.every((key, at) => key.pts === actual.keyPts[at]) ? undefined : MISMATCH;
}

/** Writes an index in the `meta_info.txt` format, so clients can upload it with the video later. */
export function formatMetaInfo(index: KeyFrameIndex): string {
  return `${index.keyFrames.map((key) => `${key.frame} ${key.pts}`).join('\n')}\n${index.frameCount}\n`;
}
