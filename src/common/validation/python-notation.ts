/**
 * A few messages of the reference quote Python values; clients only display them, but they read
 * the same here.
 */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'dict';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = [...text].map((character) => {
    if (character === '\\' || character === quote) return `\\${character}`;
    if (character === '\n') return '\\n';
    if (character === '\r') return '\\r';
    if (character === '\t') return '\\t';
    const code = character.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
    return character;
  });
  return `${quote}${escaped.join('')}${quote}`;
}

/** `{'a', 'b'}`, sorted so that the same input always gives the same message. */
export function pythonSetRepr(items: Iterable<string>): string {
  const sorted = [...new Set(items)].sort();
  return sorted.length === 0 ? 'set()' : `{${sorted.map(pythonStringRepr).join(', ')}}`;
}

/** How the reference prints a scalar in `Object with name=... does not exist.` */
export function pythonScalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  return undefined;
}
