import { FieldValidationError, type FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { MAX_INT32 } from '../../common/validation/form-values.js';
import { pythonTypeName } from '../../common/validation/python-notation.js';
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
  /** Paths relative to the server share, as given. */
  readonly serverFiles: string[];
  /** URLs the worker downloads, as given. */
  readonly remoteFiles: string[];
}

/** CVAT keeps each path or URL in a column of this length. */
const MAX_SOURCE_LENGTH = 1024;

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
 * A list field in any shape clients send it: a JSON array, a repeated form field, or indexed
 * fields `name[0]`, `name[1]`, ... (cvat-core and the CLI), taken in index order.
 */
function listField(raw: Raw, name: string, errors: FieldErrors): string[] {
  const pattern = new RegExp(`^${name}\\[(\\d+)\\]$`);
  const indexed = Object.entries(raw)
    .flatMap(([key, value]) => {
      const index = pattern.exec(key)?.[1];
      return index === undefined ? [] : [{ index: Number(index), value }];
    })
    .sort((a, b) => a.index - b.index)
    .map((field) => field.value);
  const whole = raw[name];
  if (whole !== undefined && typeof whole !== 'string' && !Array.isArray(whole)) {
    errors[name] = [CVAT_MESSAGES.list(pythonTypeName(whole))];
    return [];
  }
  // A form sends a list of one as a plain field, and a repeated field as an array.
  const given: unknown[] = whole === undefined ? [] : Array.isArray(whole) ? whole : [whole];
  const values = [...given, ...indexed];

  const messages = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') messages.add(CVAT_MESSAGES.string);
    else if (value.length > MAX_SOURCE_LENGTH) messages.add(CVAT_MESSAGES.maxLength(MAX_SOURCE_LENGTH));
  }
  if (messages.size > 0) errors[name] = [...messages];
  return values.filter((value): value is string => typeof value === 'string');
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
  const serverFiles = listField(raw, 'server_files', errors);
  const remoteFiles = listField(raw, 'remote_files', errors);
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
    serverFiles,
    remoteFiles,
  };
}
