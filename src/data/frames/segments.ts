export type TaskMode = 'annotation' | 'interpolation';

export interface SegmentRequest {
  readonly size: number;
  /** 0 puts the whole task in one segment. */
  readonly segmentSize: number;
  /** null takes the mode's default. */
  readonly overlap: number | null;
  readonly mode: TaskMode;
}

export interface FrameSpan {
  readonly startFrame: number;
  readonly stopFrame: number;
}

export interface SegmentPlan {
  /** The overlap to store on the task. */
  readonly overlap: number;
  /** In start-frame order; each segment gets one job. */
  readonly segments: FrameSpan[];
}

const DEFAULT_OVERLAP: Record<TaskMode, number> = { interpolation: 5, annotation: 0 };

/** Splits a task's frames into segments the way CVAT 1.x does (data.md §5). */
export function planSegments(request: SegmentRequest): SegmentPlan {
  const { size, segmentSize, mode } = request;
  const length = segmentSize === 0 ? size : segmentSize;
  const overlap = Math.min(request.overlap ?? DEFAULT_OVERLAP[mode], Math.floor(length / 2));
  const stride = segmentSize === 0 ? Number.POSITIVE_INFINITY : segmentSize - overlap;

  const segments: FrameSpan[] = [];
  for (let start = 0; start < size; start += stride) {
    segments.push({ startFrame: start, stopFrame: Math.min(start + length - 1, size - 1) });
  }
  return { overlap, segments };
}
