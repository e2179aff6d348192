// Media preparation against the tools it is built on, measured in the same run: compressing 1080p
// images into imageset chunks against sharp alone re-encoding the same files at its best
// concurrency, and cutting video chunks against ffmpeg alone encoding the same two outputs.
// Runs in-process on the compiled data module; it does not need the HTTP server.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import sharp from 'sharp';

import { createDataServices, defaultImagesInFlight } from '../../dist/src/data/data-services.js';
import { compressedVideoSize, ORIGINAL_VIDEO_CRF, videoCrf } from '../../dist/src/data/frames/chunking.js';
import { resultRow } from '../lib/results.mjs';

export const name = 'media-baselines';

const IMAGES = 120;
const QUALITY = 70;
const VIDEO_FRAMES = 250;
const SIZE = { width: 1920, height: 1080 };

export async function run(ctx) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-media-'));
  try {
    ctx.log(`generating ${IMAGES} 1080p JPEGs and a ${VIDEO_FRAMES}-frame 1080p video`);
    const images = await writeTestImages(path.join(dir, 'images'), IMAGES);
    const video = await writeTestVideo(path.join(dir, 'video.mp4'), VIDEO_FRAMES);
    const services = createDataServices({
      ffmpegPath: ffmpegInstaller.path,
      storageRoot: path.join(dir, 'storage'),
      maxPixels: 200_000_000,
      maxExtractedBytes: 2 ** 30,
      imagesInFlight: defaultImagesInFlight(),
      chunkCacheBytes: 2 ** 30,
    });

    const baseline = await sharpReencodeBaseline(images, QUALITY, ctx.log);
    ctx.log(
      `sharp alone: ${baseline.imagesPerSecond.toFixed(1)} images/s with ${baseline.inFlight} in flight`,
    );
    const ours = await imageChunksRate(services, images, path.join(dir, 'image-chunks'));
    ctx.log(`imageset chunks: ${ours.toFixed(1)} images/s`);

    const ffmpegSeconds = await ffmpegChunkBaseline(video, path.join(dir, 'ffmpeg-alone'), {
      chunkSize: 36,
      quality: QUALITY,
    });
    const ffmpegAlone = VIDEO_FRAMES / ffmpegSeconds;
    ctx.log(`ffmpeg alone: ${ffmpegAlone.toFixed(1)} frames/s`);
    const chunks = await videoChunksRate(services, video, path.join(dir, 'video-chunks'));
    ctx.log(`video chunks: ${chunks.toFixed(1)} frames/s`);

    return [
      row(
        '1080p JPEG to imageset chunks (q70)',
        'images/s',
        ours,
        `sharp alone, ${baseline.inFlight} in flight`,
        baseline.imagesPerSecond,
        '>= 0.8, >= 40 images/s',
      ),
      row(
        '1080p video to chunks (both qualities)',
        'frames/s',
        chunks,
        'ffmpeg alone, same encoders and key frames, 2 files',
        ffmpegAlone,
        '>= 0.9',
      ),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Photo-like 1080p JPEGs (gradients and texture), each a little different. */
export async function writeTestImages(dir, count) {
  await mkdir(dir, { recursive: true });
  const { width, height } = SIZE;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = (Math.sin(x / 7) * Math.cos(y / 11) * 127 + 128) ^ ((x * y) & 31);
    }
  }
  const files = [];
  for (let i = 0; i < count; i += 1) {
    const file = path.join(dir, `${String(i).padStart(5, '0')}.jpg`);
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .modulate({ hue: i * 3 })
      .jpeg({ quality: 92 })
      .toFile(file);
    files.push(file);
  }
  return files;
}

/** An H.264 MP4 of moving test patterns, 1080p; `gop` frames between key frames. */
export function writeTestVideo(file, frames, { fps = 25, gop = 50 } = {}) {
  const { width, height } = SIZE;
  const source = `testsrc2=size=${width}x${height}:rate=${fps}`;
  const args = ['-f', 'lavfi', '-i', source, '-frames:v', String(frames)];
  return ffmpeg([
    ...args,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(gop),
    file,
  ]).then(() => file);
}

/**
 * The fastest sharp alone re-encodes `files` at `quality`: one libvips thread per image, trying a
 * few in-flight counts and keeping the best, the way the pipeline is tuned.
 */
export async function sharpReencodeBaseline(files, quality, log = () => {}) {
  const previous = sharp.concurrency();
  sharp.concurrency(1);
  sharp.cache(false);
  const cores = os.availableParallelism();
  let best = { imagesPerSecond: 0, inFlight: 0 };
  try {
    for (const inFlight of [cores, 2 * cores, 3 * cores, 4 * cores]) {
      const started = process.hrtime.bigint();
      let next = 0;
      const worker = async () => {
        while (next < files.length) {
          const file = files[next++];
          await sharp(file).jpeg({ quality }).toBuffer();
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const imagesPerSecond = files.length / seconds;
      log(`sharp alone, ${inFlight} in flight: ${imagesPerSecond.toFixed(1)} images/s`);
      if (imagesPerSecond > best.imagesPerSecond) best = { imagesPerSecond, inFlight };
    }
  } finally {
    sharp.concurrency(previous);
  }
  return best;
}

async function imageChunksRate(services, files, dir) {
  const dirs = { compressed: path.join(dir, 'compressed'), original: path.join(dir, 'original') };
  await mkdir(dirs.compressed, { recursive: true });
  await mkdir(dirs.original, { recursive: true });
  const frames = files.map((file) => ({ name: path.basename(file), path: file }));
  const started = process.hrtime.bigint();
  await services.imageChunks.writeAll(frames, 36, QUALITY, dirs);
  return files.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

/**
 * ffmpeg encoding the same two streams as the chunks, with the server's settings: compressed at
 * the size and CRF of `quality` (veryfast), original at CRF 17 (ultrafast), a key frame at each
 * chunk start, each into one plain file. Returns the seconds it took.
 */
export async function ffmpegChunkBaseline(video, dir, { chunkSize, quality }) {
  await mkdir(dir, { recursive: true });
  const h264 = (crf, preset) => [
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-preset',
    preset,
    '-crf',
    String(crf),
    '-pix_fmt',
    'yuv420p',
    '-force_key_frames',
    `expr:eq(mod(n,${chunkSize}),0)`,
  ];
  const small = compressedVideoSize(SIZE);
  const started = process.hrtime.bigint();
  await ffmpeg([
    '-i',
    video,
    '-filter_complex',
    `[0:v]split=2[o][c];[c]scale=${small.width}:${small.height}[small]`,
    '-map',
    '[o]',
    ...h264(ORIGINAL_VIDEO_CRF, 'ultrafast'),
    path.join(dir, 'original.mp4'),
    '-map',
    '[small]',
    ...h264(videoCrf(quality), 'veryfast'),
    path.join(dir, 'compressed.mp4'),
  ]);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function videoChunksRate(services, video, dir) {
  const dirs = { compressedDir: path.join(dir, 'compressed'), originalDir: path.join(dir, 'original') };
  await mkdir(dirs.compressedDir, { recursive: true });
  await mkdir(dirs.originalDir, { recursive: true });
  const info = await services.videos.probe(video);
  const started = process.hrtime.bigint();
  const frames = await services.mp4.writeAll({
    video: { path: video, name: 'video.mp4', info },
    first: 0,
    step: 1,
    chunkSize: 36,
    imageQuality: QUALITY,
    ...dirs,
  });
  return frames / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Runs the bundled ffmpeg without its banner; rejects with the end of its log. */
export function ffmpeg(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegInstaller.path, ['-hide_banner', '-nostdin', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr.on('data', (chunk) => (tail = (tail + chunk).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${tail}`)),
    );
  });
}

const row = (...cells) => resultRow(name, ...cells);
