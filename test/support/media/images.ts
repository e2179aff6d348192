import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

import sharp from 'sharp';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'tiff' | 'gif';

export interface ImageSpec {
  readonly width: number;
  readonly height: number;
  readonly format?: ImageFormat;
  /** Background colour; tests tell frames apart by it. */
  readonly color?: { r: number; g: number; b: number };
  /** Adds detail so that JPEG encoding does real work (benchmarks). */
  readonly detailed?: boolean;
  readonly alpha?: boolean;
}

/** Writes a generated image; returns its path. */
export async function writeImage(path: string, spec: ImageSpec): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await renderImage(spec).toFile(path);
  return path;
}

export async function imageBuffer(spec: ImageSpec): Promise<Buffer> {
  return renderImage(spec).toBuffer();
}

function renderImage(spec: ImageSpec) {
  const { width, height, format = 'png', color = { r: 200, g: 80, b: 40 } } = spec;
  const channels = spec.alpha ? 4 : 3;
  let image = sharp({ create: { width, height, channels, background: { ...color, alpha: 1 } } });
  if (spec.detailed) {
    image = sharp(detailedPixels(width, height), { raw: { width, height, channels: 3 } });
  } else {
    const box = Buffer.from(
      `<svg width="${width}" height="${height}"><rect x="${width / 4}" y="${height / 4}" width="${width / 2}" height="${height / 2}" fill="#204080"/></svg>`,
    );
    image = image.composite([{ input: box }]);
  }
  return image.toFormat(format, format === 'jpeg' ? { quality: 90 } : {});
}

/** Smooth gradients with a moving pattern: compresses like a photo rather than like a flat fill. */
function detailedPixels(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = (Math.sin(x / 7) * Math.cos(y / 11) * 127 + 128) ^ ((x * y) & 15);
    }
  }
  return pixels;
}
