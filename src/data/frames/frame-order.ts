/**
 * CVAT orders frames by plain code-point comparison of their relative paths (Python's `sorted`),
 * not naturally: `img10.jpg` comes before `img2.jpg`. JavaScript's `<` compares UTF-16 code units,
 * which disagrees with code points once characters outside the Basic Multilingual Plane appear.
 */
export function compareFrameNames(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) || isSurrogate(y)) return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdfff;
}

export function sortFrameNames<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareFrameNames(nameOf(a), nameOf(b)));
}
