import { FieldValidationError, type FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { MediaFailures } from '../media-failure.js';

const STEP_PATTERN = /step\s*=\s*([1-9]\d*)/;
const FRAME_FILTER_MAX_LENGTH = 256;

/** The step a `frame_filter` asks for: the first `step=N` anywhere in it, else 1. */
export function frameStep(frameFilter: string | null | undefined): number {
  const match = STEP_PATTERN.exec(frameFilter ?? '');
  return match ? Number(match[1]) : 1;
}

/** The frame options of `POST /tasks/:id/data`, as the request gave them (absent = undefined). */
export interface FrameOptions {
  readonly startFrame?: number;
  readonly stopFrame?: number;
  readonly frameFilter?: string;
  readonly chunkSize?: number;
}

/** Checks the frame options with CVAT's field messages; an empty filter means "no filter". */
export function validateFrameOptions(options: FrameOptions): void {
  const errors: FieldErrors = {};
  const { startFrame, stopFrame, frameFilter, chunkSize } = options;

  if (chunkSize !== undefined) {
    if (chunkSize < 0) errors.chunk_size = [CVAT_MESSAGES.min(0)];
    else if (chunkSize === 0) errors.chunk_size = ['Chunk size must be a positive integer'];
  }
  if (startFrame !== undefined && startFrame < 0) errors.start_frame = [CVAT_MESSAGES.min(0)];
  if (stopFrame !== undefined && stopFrame < 0) errors.stop_frame = [CVAT_MESSAGES.min(0)];
  if (frameFilter !== undefined && frameFilter !== '') {
    if (frameFilter.length > FRAME_FILTER_MAX_LENGTH) {
      errors.frame_filter = [CVAT_MESSAGES.maxLength(FRAME_FILTER_MAX_LENGTH)];
    } else if (!STEP_PATTERN.test(frameFilter)) {
      errors.frame_filter = ['Invalid frame filter expression'];
    }
  }
  if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

  if (startFrame !== undefined && stopFrame !== undefined && startFrame > stopFrame) {
    throw FieldValidationError.nonField('Stop frame must be more or equal start frame');
  }
}

/** Which source frames a task takes: `start, start + step, ...` up to `stop` inclusive. */
export interface FrameRange {
  readonly startFrame: number;
  /** The last source frame the request allows; undefined runs to the end of the media. */
  readonly stopFrame?: number;
  readonly step: number;
}

export function frameRange(
  options: Pick<FrameOptions, 'startFrame' | 'stopFrame' | 'frameFilter'>,
): FrameRange {
  return {
    startFrame: options.startFrame ?? 0,
    stopFrame: options.stopFrame,
    step: frameStep(options.frameFilter),
  };
}

/** The frames a task ended up with. `stopFrame` is the last source frame taken. */
export interface FrameSelection {
  readonly startFrame: number;
  readonly stopFrame: number;
  readonly step: number;
  readonly size: number;
}

/** How many frames a range can take at most, before the media's length is known. */
export function maxSelectedFrames(range: FrameRange): number {
  if (range.stopFrame === undefined) return Number.POSITIVE_INFINITY;
  return Math.floor((range.stopFrame - range.startFrame) / range.step) + 1;
}

/** Applies a range to media of `sourceCount` frames; a start past the end fails the task. */
export function selectFrames(sourceCount: number, range: FrameRange): FrameSelection {
  const lastSource = sourceCount - 1;
  if (range.startFrame > lastSource) throw MediaFailures.startFrameOutOfRange();
  const last = range.stopFrame === undefined ? lastSource : Math.min(range.stopFrame, lastSource);
  return selectionOfSize(range, Math.floor((last - range.startFrame) / range.step) + 1);
}

/** The selection once the number of frames taken is known (video: counted while decoding). */
export function selectionOfSize(range: FrameRange, size: number): FrameSelection {
  if (size < 1) throw MediaFailures.startFrameOutOfRange();
  return {
    startFrame: range.startFrame,
    step: range.step,
    size,
    stopFrame: range.startFrame + (size - 1) * range.step,
  };
}

/** The source (absolute) frame number of task-relative frame `frame`. */
export function sourceFrameOf(selection: Pick<FrameSelection, 'startFrame' | 'step'>, frame: number): number {
  return selection.startFrame + frame * selection.step;
}
