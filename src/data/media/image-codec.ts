import { Inject, Injectable } from '@nestjs/common';
import sharp, { type Sharp } from 'sharp';

import { MediaFailure, MediaFailures } from '../media-failure.js';
import { Ffmpeg } from '../process/ffmpeg.js';

export const IMAGE_LIMITS = Symbol('IMAGE_LIMITS');

export interface ImageLimits {
  /** Images with more pixels are refused before their pixels are decoded. */
  readonly maxPixels: number;
}

export interface ImageInfo {
  readonly width: number;
  readonly height: number;
  /** libvips' loader name (jpeg, png, ...), or `ffmpeg:<codec>` for kinds libvips cannot read. */
  readonly format: string;
}

export interface EncodedImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Raw interleaved 8-bit pixels, as ffmpeg hands out video frames. */
export interface RawPixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

export type ImageInput = string | RawPixels;

const PREVIEW_BOX = 256;
const PREVIEW_QUALITY = 75;
const FALLBACK_PROBE = /Stream #0:0[^:]*: Video: (\w+)[^,]*,[^,]*?,? ?(\d+)x(\d+)/;

/**
 * Every image decode and encode of the data module. sharp (libvips) does the work; the few kinds
 * CVAT accepts that libvips lacks here (BMP, PNM, ICO, JPEG 2000, TGA) are decoded by ffmpeg to PNG
 * first. EXIF orientation is deliberately not applied: CVAT 1.x shows pixels as stored.
 */
@Injectable()
export class ImageCodec {
  constructor(
    @Inject(IMAGE_LIMITS) private readonly limits: ImageLimits,
    private readonly ffmpeg: Ffmpeg,
  ) {
    // Measured on 2 cores: one libvips thread per image with several images in flight is fastest.
    sharp.concurrency(1);
    sharp.cache(false);
  }

  /** Reads only the header; refuses decompression bombs by their declared size. */
  async probe(path: string, name: string): Promise<ImageInfo> {
    let info: ImageInfo;
    try {
      const meta = await sharp(path, { limitInputPixels: false }).metadata();
      info = { width: meta.width, height: meta.height, format: meta.format };
    } catch (error) {
      if (!isUnsupportedFormat(error)) throw MediaFailures.unreadableImage(name, reasonOf(error));
      info = await this.probeWithFfmpeg(path, name);
    }
    if (!(info.width > 0 && info.height > 0)) throw MediaFailures.unreadableImage(name, 'no pixel size');
    if (info.width * info.height > this.limits.maxPixels) {
      throw MediaFailures.imageTooLarge(name, info.width, info.height, this.limits.maxPixels);
    }
    return info;
  }

  /**
   * Decodes, converts to 8-bit sRGB without alpha and encodes a JPEG of the same pixel size. A
   * file given without its `info` is encoded straight away, as almost every file is a kind libvips
   * reads within the pixel limit; its header is read only to explain a failure or to hand a kind
   * libvips lacks to ffmpeg. That spares a task one open and header parse per image.
   */
  async toJpeg(input: ImageInput, quality: number, name: string, info?: ImageInfo): Promise<EncodedImage> {
    if (typeof input === 'string' && !info) {
      try {
        return await encodeJpeg(sharp(input, this.decodeOptions()), quality);
      } catch (error) {
        // Throws the failure that names the problem: a bomb, an unreadable or unknown file.
        const probed = await this.probe(input, name);
        if (!probed.format.startsWith('ffmpeg:')) throw asImageFailure(error, name);
        info = probed;
      }
    }
    try {
      return await encodeJpeg(await this.open(input, name, info), quality);
    } catch (error) {
      throw asImageFailure(error, name);
    }
  }

  /** A JPEG that fits inside 256x256, never enlarged. */
  async preview(input: ImageInput | Buffer, name: string): Promise<Buffer> {
    try {
      const image = Buffer.isBuffer(input)
        ? sharp(input, this.decodeOptions())
        : await this.open(input, name);
      return await image
        .resize(PREVIEW_BOX, PREVIEW_BOX, { fit: 'inside', withoutEnlargement: true })
        .removeAlpha()
        .toColourspace('srgb')
        .jpeg({ quality: PREVIEW_QUALITY })
        .toBuffer();
    } catch (error) {
      throw asImageFailure(error, name);
    }
  }

  /** Decodes an encoded image in memory to packed RGB. */
  async decode(image: Buffer): Promise<RawPixels> {
    const { data, info } = await sharp(image, this.decodeOptions())
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: 3 };
  }

  /** Lossless PNG of decoded pixels (video frames served one by one). */
  async toPng(pixels: RawPixels): Promise<Buffer> {
    const { data, width, height, channels } = pixels;
    return sharp(data, { raw: { width, height, channels } }).png({ compressionLevel: 1 }).toBuffer();
  }

  private async open(input: ImageInput, name: string, info?: ImageInfo): Promise<Sharp> {
    if (typeof input !== 'string') {
      const { data, width, height, channels } = input;
      return sharp(data, { raw: { width, height, channels } });
    }
    const format = info?.format ?? (await this.probe(input, name)).format;
    if (format.startsWith('ffmpeg:')) return sharp(await this.decodeWithFfmpeg(input), this.decodeOptions());
    return sharp(input, this.decodeOptions());
  }

  private decodeOptions() {
    // failOn 'error' tolerates the minor damage (extraneous bytes, short padding) that Pillow accepts.
    return { limitInputPixels: this.limits.maxPixels, failOn: 'error' as const };
  }

  private async probeWithFfmpeg(path: string, name: string): Promise<ImageInfo> {
    const found: { header?: RegExpExecArray } = {};
    await this.ffmpeg
      .run(['-i', path], {
        acceptExitCodes: [1],
        onStderrLine: (line) => (found.header ??= FALLBACK_PROBE.exec(line) ?? undefined),
      })
      .catch(() => undefined);
    if (!found.header) throw MediaFailures.unreadableImage(name, 'unsupported or damaged image file');
    const [, codec, width, height] = found.header;
    return { format: `ffmpeg:${codec}`, width: Number(width), height: Number(height) };
  }

  private async decodeWithFfmpeg(path: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    await this.ffmpeg.run(['-i', path, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1'], {
      onStdout: (stdout) => stdout.on('data', (part: Buffer) => parts.push(part)),
    });
    return Buffer.concat(parts);
  }
}

async function encodeJpeg(image: Sharp, quality: number): Promise<EncodedImage> {
  const { data, info } = await image
    .removeAlpha()
    .toColourspace('srgb')
    .jpeg({ quality, optimiseCoding: true })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

function isUnsupportedFormat(error: unknown): boolean {
  return error instanceof Error && /unsupported image format/i.test(error.message);
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return 'more pixels than the server accepts';
  return message.replace(/^Input file /, '').split('\n')[0] ?? 'unreadable';
}

function asImageFailure(error: unknown, name: string): Error {
  if (error instanceof MediaFailure) return error;
  return MediaFailures.unreadableImage(name, reasonOf(error));
}
