/**
 * Values in PostgreSQL's COPY text format. Annotation rows are written with COPY because it is the
 * only way to load a hundred thousand rows in about a second (multi-row INSERT takes twice as long
 * and one statement may bind at most 65,535 parameters).
 */

export const COPY_NULL = '\\N';

/** Backslash, tab, line feed and carriage return are the characters COPY text gives meaning to. */
const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? c) : value;
}

export function copyInteger(value: number | null): string {
  return value === null ? COPY_NULL : String(value);
}

export function copyBoolean(value: boolean): string {
  return value ? 't' : 'f';
}

/** A `double precision[]` literal; the numbers are finite (validated), so `String` is exact. */
export function copyNumbers(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** A `jsonb` value. JSON text holds no raw control characters, but its escapes use backslashes. */
export function copyJson(value: unknown): string {
  return copyText(JSON.stringify(value));
}
