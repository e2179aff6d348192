/** Integer columns and ids are 32-bit. */
export const MAX_INT32 = 2_147_483_647;

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  t: true,
  f: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
  on: true,
  off: false,
};

/**
 * Form bodies carry booleans as words (true/false, t/f, y/n, 1/0, yes/no, on/off in any letter
 * case, as DRF's BooleanField takes them);
 * anything else is returned unchanged for the boolean check to refuse.
 */
export function parseFormBoolean(value: unknown): unknown {
  if (typeof value === 'string' && value.toLowerCase() in BOOLEAN_WORDS)
    return BOOLEAN_WORDS[value.toLowerCase()];
  if (value === 1 || value === 0) return value === 1;
  return value;
}
