/**
 * Colours for labels created without one. CVAT derives them from the label's name, so the same
 * class gets the same colour in every task; any `#rrggbb` is acceptable to clients, and this one
 * is deterministic too: a hash of the normalised name picks an entry of the PASCAL VOC colormap.
 */

/** ASCII-folded, lower-case, word characters only, spaces and dashes turned into `_`. */
export function normaliseLabelName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[\s-]+/g, '_')
    .replace(/\W/g, '');
}

/** FNV-1a, 32 bits, over the UTF-8 bytes of the text. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Entry `index` of the PASCAL VOC colormap: the index's bits dealt out to red, green and blue. */
function vocColour(index: number): [number, number, number] {
  const channels: [number, number, number] = [0, 0, 0];
  let rest = index;
  for (let bit = 7; bit >= 0; bit -= 1) {
    for (let channel = 0; channel < 3; channel += 1) channels[channel] |= ((rest >> channel) & 1) << bit;
    rest >>>= 3;
  }
  return channels;
}

/**
 * The colour of a label named `name`; `occurrence` counts the labels before it in the same task
 * whose names normalise alike, so that such labels still differ.
 */
export function generatedLabelColour(name: string, occurrence = 0): string {
  const index = (hash32(normaliseLabelName(name)) + occurrence) & 0xffffff;
  return `#${vocColour(index)
    .map((channel) => channel.toString(16).padStart(2, '0'))
    .join('')}`;
}
