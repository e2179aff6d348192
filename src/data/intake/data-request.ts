import { FieldValidationError, type FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { MAX_INT32 } from '../../common/validation/form-values.js';
import { validateFrameOptions } from '../frames/frame-selection.js';

const TRUE_WORDS = new Set(['true', 'True', 'TRUE', '1', 'yes', 'on', 't', 'y']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE', '0', 'no', 'off', 'f', 'n', '']);

/** The options of `POST /tasks/{id}/data` (data.md §2), checked; absent ones are undefined. */
export interface DataRequest {
  readonly imageQuality: number;
  readonly chunkSize?: number;
  readonly startFrame?: number;
  readonly stopFrame?: number;
  readonly frameFilter?: string;
  readonly useZipChunks: boolean;
  readonly useCache: boolean;
}

type Raw = Readonly<Record<string, unknown>>;

function integerField(raw: Raw, name: string, errors: FieldErrors): number | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^-?\d+$/.test(text)) {
    errors[name] = [CVAT_MESSAGES.integer];
    return undefined;
  }
  const number = Number(text);
  if (number > MAX_INT32) {
    errors[name] = [CVAT_MESSAGES.max(MAX_INT32)];
    return undefined;
  }
  return number;
}

function flagField(raw: Raw, name: string, errors: FieldErrors): boolean {
  const value = raw[name];
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  if (text !== undefined && TRUE_WORDS.has(text)) return true;
  if (text !== undefined && FALSE_WORDS.has(text)) return false;
  errors[name] = [CVAT_MESSAGES.boolean];
  return false;
}

function textField(raw: Raw, name: string, errors: FieldErrors): string | undefined {
  const value = raw[name];
  if (value === undefined || typeof value === 'string') return value;
  errors[name] = [CVAT_MESSAGES.string];
  return undefined;
}

/**
 * Reads the option fields of a form or JSON body. Field-level errors come first, in CVAT's
 * messages; then the frame options are checked together by `validateFrameOptions`.
 */
export function readDataRequest(raw: Raw): DataRequest {
  const errors: FieldErrors = {};
  const imageQuality = integerField(raw, 'image_quality', errors);
  if (raw.image_quality === undefined) errors.image_quality = [CVAT_MESSAGES.required];
  else if (imageQuality !== undefined && imageQuality < 0) errors.image_quality = [CVAT_MESSAGES.min(0)];
  else if (imageQuality !== undefined && imageQuality > 100) errors.image_quality = [CVAT_MESSAGES.max(100)];
  const chunkSize = integerField(raw, 'chunk_size', errors);
  const startFrame = integerField(raw, 'start_frame', errors);
  const stopFrame = integerField(raw, 'stop_frame', errors);
  const frameFilter = textField(raw, 'frame_filter', errors);
  const useZipChunks = flagField(raw, 'use_zip_chunks', errors);
  const useCache = flagField(raw, 'use_cache', errors);
  if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

  validateFrameOptions({ chunkSize, startFrame, stopFrame, frameFilter });
  return {
    imageQuality: imageQuality ?? 0,
    chunkSize,
    startFrame,
    stopFrame,
    frameFilter: frameFilter === '' ? undefined : frameFilter,
    useZipChunks,
    useCache,
  };
}
