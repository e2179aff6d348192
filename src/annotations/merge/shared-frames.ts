import type { FrameRange } from '../document/annotation-document.js';

/**
 * The frames that two or more segments cover, as sorted, disjoint ranges. Only tags and shapes on
 * these frames can be united by the task merge; the others pass through it unchanged.
 */
export function sharedFrameRanges(segments: readonly FrameRange[]): FrameRange[] {
  const sorted = [...segments].sort((a, b) => a.start - b.start || a.stop - b.stop);
  const shared: FrameRange[] = [];
  let furthest = Number.NEGATIVE_INFINITY;
  for (const { start, stop } of sorted) {
    // Every earlier segment starts at or before this one, so the one reaching furthest decides.
    const end = Math.min(furthest, stop);
    if (end >= start) {
      const last = shared.at(-1);
      if (last && start <= last.stop + 1)
        shared[shared.length - 1] = { start: last.start, stop: Math.max(last.stop, end) };
      else shared.push({ start, stop: end });
    }
    furthest = Math.max(furthest, stop);
  }
  return shared;
}
