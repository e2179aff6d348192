import type { FieldErrors } from '../../common/errors/domain-errors.js';
import { CVAT_MESSAGES } from '../../common/validation/cvat-messages.js';
import { MAX_INT32, parseFormBoolean } from '../../common/validation/form-values.js';
import { pythonScalar, pythonTypeName } from '../../common/validation/python-notation.js';

/**
 * Readers for the fields of an annotation document, with the rules and messages of CVAT's
 * serializers. Each reader reports at most one message per field (the first rule that fails) and
 * returns a placeholder on failure: the caller throws once the whole document has been read.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

/** The errors of one object. Nothing is allocated until a field fails, since valid input is the norm. */
export class FieldIssues {
  private errors: FieldErrors | undefined;

  add(field: string, error: FieldErrors[string]): void {
    (this.errors ??= {})[field] = error;
  }

  has(field: string): boolean {
    return this.errors !== undefined && field in this.errors;
  }

  /** Hands over what was collected and starts afresh, so one instance serves every item of a list. */
  take(): FieldErrors | undefined {
    const errors = this.errors;
    this.errors = undefined;
    return errors;
  }
}

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface IntegerBounds {
  readonly min: number;
  readonly max: number;
}

/** Every integer column is 32-bit, so larger values are refused here rather than by the database. */
export const NON_NEGATIVE: IntegerBounds = { min: 0, max: MAX_INT32 };
export const INT32: IntegerBounds = { min: -MAX_INT32 - 1, max: MAX_INT32 };

/** The reference's column size for attribute values. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 4096;

/** DRF's IntegerField takes integral text too ("3", " 3 ", "3.0"), as scripts written for CVAT send. */
const INTEGER_TEXT = /^\s*[+-]?\d+(?:\.0*)?\s*$/;

/** The integer a value stands for, or undefined when it stands for none. */
function asInteger(value: unknown): number | undefined {
  // Integral floats such as 1.0 pass, as in DRF; booleans do not.
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && value.length <= 1000 && INTEGER_TEXT.test(value)) return parseFloat(value);
  return undefined;
}

/** The checked integer, or the message that refuses it. */
function checkedInteger(value: unknown, bounds: IntegerBounds): number | string {
  const integer = asInteger(value);
  if (integer === undefined) return CVAT_MESSAGES.integer;
  if (integer > bounds.max) return CVAT_MESSAGES.max(bounds.max);
  if (integer < bounds.min) return CVAT_MESSAGES.min(bounds.min);
  return integer;
}

/** A non-null integer; required unless `absent` gives the value of a missing key. */
export function readInteger(
  record: JsonRecord,
  key: string,
  issues: FieldIssues,
  bounds: IntegerBounds,
  absent?: number,
): number {
  const value = record[key];
  if (value === undefined && absent !== undefined) return absent;

  const checked =
    value === undefined
      ? CVAT_MESSAGES.required
      : value === null
        ? CVAT_MESSAGES.notNull
        : checkedInteger(value, bounds);
  if (typeof checked === 'number') return checked;
  issues.add(key, [checked]);
  return 0;
}

/** An integer that may be null; when not `required`, a missing key reads as null. */
export function readNullableInteger(
  record: JsonRecord,
  key: string,
  issues: FieldIssues,
  bounds: IntegerBounds,
  required: boolean,
): number | null {
  const value = record[key];
  if (value === null || (value === undefined && !required)) return null;

  const checked = value === undefined ? CVAT_MESSAGES.required : checkedInteger(value, bounds);
  if (typeof checked === 'number') return checked;
  issues.add(key, [checked]);
  return null;
}

/** A required boolean, also taking the words and 0/1 that DRF's BooleanField takes. */
export function readBoolean(record: JsonRecord, key: string, issues: FieldIssues): boolean {
  const value = record[key];
  const parsed = parseFormBoolean(value);
  if (typeof parsed === 'boolean') return parsed;

  const problem =
    value === undefined
      ? CVAT_MESSAGES.required
      : value === null
        ? CVAT_MESSAGES.notNull
        : CVAT_MESSAGES.boolean;
  issues.add(key, [problem]);
  return false;
}

/** One of `choices`; required unless `absent` gives the value of a missing key. */
export function readChoice<T extends string>(
  record: JsonRecord,
  key: string,
  issues: FieldIssues,
  choices: readonly T[],
  absent?: T,
): T {
  const value = record[key];
  if (value === undefined && absent !== undefined) return absent;
  if ((choices as readonly unknown[]).includes(value)) return value as T;

  // DRF quotes the Python text of a rejected scalar; a nested structure is not echoed back.
  const scalar = pythonScalar(value);
  const problem =
    value === undefined
      ? CVAT_MESSAGES.required
      : value === null
        ? CVAT_MESSAGES.notNull
        : scalar === undefined
          ? CVAT_MESSAGES.string
          : CVAT_MESSAGES.choice(scalar);
  issues.add(key, [problem]);
  return choices[0];
}

/** Free text; numbers and booleans become their text, since clients send checkbox and number values raw. */
export function readText(record: JsonRecord, key: string, issues: FieldIssues): string {
  const value = record[key];
  if (typeof value === 'string') {
    if (!exceedsLength(value, MAX_ATTRIBUTE_VALUE_LENGTH)) return value;
    issues.add(key, [CVAT_MESSAGES.maxLength(MAX_ATTRIBUTE_VALUE_LENGTH)]);
    return '';
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  const problem =
    value === undefined
      ? CVAT_MESSAGES.required
      : value === null
        ? CVAT_MESSAGES.notNull
        : CVAT_MESSAGES.string;
  issues.add(key, [problem]);
  return '';
}

/** Python counts characters by code point; only long strings pay for counting that way. */
function exceedsLength(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

/** Checks presence and list type; gives the list to read, or undefined once an error is recorded. */
export function presentList(record: JsonRecord, key: string, issues: FieldIssues): unknown[] | undefined {
  const value = record[key];
  if (Array.isArray(value)) return value as unknown[];

  const problem =
    value === undefined
      ? CVAT_MESSAGES.required
      : value === null
        ? CVAT_MESSAGES.notNull
        : CVAT_MESSAGES.list(pythonTypeName(value));
  issues.add(key, [problem]);
  return undefined;
}

/** Reads an item known to be an object, reporting its field errors into `issues`. */
export type ItemParser<T> = (item: JsonRecord, issues: FieldIssues) => T;

/**
 * A list of nested objects. Errors are reported by position with `{}` for the valid items, as DRF's
 * nested serializers report them. With `releaseItems`, each item is dropped from the given list
 * once read, so that what it held can be collected while the rest is still being read.
 */
export function readObjectList<T>(
  record: JsonRecord,
  key: string,
  issues: FieldIssues,
  parseItem: ItemParser<T>,
  allowEmpty: boolean,
  releaseItems = false,
): T[] {
  const list = presentList(record, key, issues);
  const items: T[] = [];
  if (list === undefined) return items;
  if (list.length === 0 && !allowEmpty) {
    issues.add(key, [CVAT_MESSAGES.emptyList]);
    return items;
  }

  const itemIssues = new FieldIssues();
  let errors: FieldErrors[] | undefined;
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (isRecord(item)) items.push(parseItem(item, itemIssues));
    else itemIssues.add('non_field_errors', [CVAT_MESSAGES.notADict(pythonTypeName(item))]);
    if (releaseItems) list[index] = undefined;

    const failed = itemIssues.take();
    if (failed !== undefined && errors === undefined) errors = Array.from({ length: index }, () => ({}));
    errors?.push(failed ?? {});
  }
  if (errors !== undefined) issues.add(key, errors);
  return items;
}
