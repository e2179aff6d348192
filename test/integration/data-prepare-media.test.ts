import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import sharp from 'sharp';

import { MediaFailure } from '../../src/data/media-failure.js';
import { readZipMember } from '../../src/data/pipeline/chunk-source.js';
import { metaFrames, readManifest, type MediaManifest } from '../../src/data/pipeline/media-manifest.js';
import type { PrepareOptions } from '../../src/data/pipeline/prepare-media.js';
import { progressMessage, type PrepareProgress } from '../../src/data/pipeline/progress.js';
import { formatMetaInfo } from '../../src/data/pipeline/video-index.js';
import { tarBuffer, writeCompressed, writeZip } from '../support/media/archives.js';
import { dataWorkspace, frameBytes, type DataWorkspace } from '../support/media/data-services.js';
import { imageBuffer, writeImage } from '../support/media/images.js';
import { writePdf } from '../support/media/pdfs.js';
import { countFrames, hasProgram, writeVideo } from '../support/media/videos.js';

const FIXTURES = new URL('../../../../shared/fixtures/cvat-1.2/', import.meta.url);
const FIXTURE_IMAGES = ['img1.png', 'img10.png', 'img11.jpg', 'img2.jpg', 'img20.jpg', 'img3.png'];

let ws: DataWorkspace;
let taskCount = 0;
before(async () => {
  ws = await dataWorkspace();
});
after(() => ws.remove());

/** A fresh data directory with `raw/` as the upload area, filled by `stage`. */
async function aTask(stage: (raw: string) => Promise<string[]>) {
  const dataDir = ws.dir('data', String(++taskCount));
  const uploadDir = `${dataDir}/raw`;
  await mkdir(uploadDir, { recursive: true });
  const entries = await stage(uploadDir);
  const messages: string[] = [];
  const onProgress = (progress: PrepareProgress) => messages.push(progressMessage(progress));
  return {
    dataDir,
    uploadDir,
    messages,
    prepare: (options: Partial<PrepareOptions> = {}) =>
      ws.preparer.prepare(
        { uploadDir, entries, outputDir: dataDir },
        { imageQuality: 70, ...options },
        onProgress,
      ),
    location: { cacheKey: `task-${taskCount}`, dataDir, uploadDir },
  };
}

async function fixtureImages(raw: string): Promise<string[]> {
  for (const name of FIXTURE_IMAGES) await copyFile(new URL(`images/${name}`, FIXTURES), `${raw}/${name}`);
  return [...FIXTURE_IMAGES].reverse();
}

async function fixtureJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')) as T;
}

async function failure(promise: Promise<unknown>): Promise<MediaFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MediaFailure, String(error));
    return error;
  }
  return assert.fail('expected a media failure');
}

/** What GET data/meta answers, from a manifest. */
function meta(manifest: MediaManifest) {
  const { chunkSize, size, imageQuality, startFrame, stopFrame, frameFilter } = manifest;
  return {
    chunk_size: chunkSize,
    size,
    image_quality: imageQuality,
    start_frame: startFrame,
    stop_frame: stopFrame,
    frame_filter: frameFilter,
    frames: metaFrames(manifest),
  };
}

describe('preparing image tasks', () => {
  it('gives the fixture images the data/meta of the reference server', async () => {
    const task = await aTask(fixtureImages);
    const manifest = await task.prepare();
    assert.deepEqual(meta(manifest), await fixtureJson('meta-images.json'));
    assert.equal(manifest.mode, 'annotation');
    assert.deepEqual([manifest.compressedChunkType, manifest.originalChunkType], ['imageset', 'imageset']);
    assert.deepEqual(await readManifest(task.dataDir), manifest);
    assert.deepEqual((await readdir(task.dataDir)).sort(), [
      'compressed',
      'manifest.json',
      'original',
      'preview.jpeg',
      'raw',
    ]);
    assert.deepEqual(task.messages.at(-1), 'Images are being compressed 100%');

    const compressed = await sharp(
      await readZipMember(`${task.dataDir}/compressed/0.zip`, '000001.jpeg'),
    ).metadata();
    assert.deepEqual([compressed.format, compressed.width, compressed.height], ['jpeg', 80, 60]);
    const original = await readZipMember(`${task.dataDir}/original/0.zip`, '000005.png');
    assert.ok(original.equals(await readFile(new URL('images/img3.png', FIXTURES))));
    const preview = await sharp(`${task.dataDir}/preview.jpeg`).metadata();
    assert.deepEqual([preview.width, preview.height], [64, 48]); // img1.png, never enlarged
  });

  it('applies start, stop and step to the sorted images and splits chunks', async () => {
    const task = await aTask(async (raw) => {
      const names = Array.from({ length: 9 }, (_, i) => `f${i}.png`);
      for (const [i, name] of names.entries())
        await writeImage(`${raw}/${name}`, { width: 20 + i, height: 10 });
      return names;
    });
    const manifest = await task.prepare({ frameFilter: 'step=3', chunkSize: 2, startFrame: 1 });
    assert.deepEqual(
      manifest.frames.map((frame) => `${frame.name}:${frame.width}`),
      ['f1.png:21', 'f4.png:24', 'f7.png:27'],
    );
    assert.deepEqual([manifest.size, manifest.stopFrame, manifest.chunkCount], [3, 7, 2]);
    assert.deepEqual(await readdir(`${task.dataDir}/compressed`), ['0.zip', '1.zip']);
  });

  it('uses the images of a zip and of a tar.gz, by member path', async () => {
    const members = [
      { name: 'b/2.png', content: await imageBuffer({ width: 8, height: 6 }) },
      { name: 'a.png', content: await imageBuffer({ width: 4, height: 4 }) },
      { name: 'readme.txt', content: 'not an image' },
      { name: '__MACOSX/._a.png', content: 'resource fork' },
    ];
    for (const kind of ['zip', 'tar.gz'] as const) {
      const task = await aTask(async (raw) => {
        if (kind === 'zip') await writeZip(`${raw}/data.zip`, members);
        else await writeCompressed(`${raw}/data.tar.gz`, await tarBuffer(members), 'gzip');
        return [`data.${kind}`];
      });
      const manifest = await task.prepare();
      assert.deepEqual(
        manifest.frames.map((frame) => frame.name),
        ['a.png', 'b/2.png'],
        kind,
      );
      assert.equal(manifest.kind, kind === 'zip' ? 'zip' : 'archive');
      assert.ok(!(await readdir(task.uploadDir)).includes(`data.${kind}`), 'the archive is removed');
      assert.ok(task.messages.includes('Media files are being extracted...'));
    }
  });

  it('renders a PDF at 200 DPI', { skip: !hasProgram('pdftoppm') }, async () => {
    const task = await aTask(async (raw) => {
      await writePdf(`${raw}/scan.pdf`, [
        { width: 72, height: 72 },
        { width: 36, height: 72 },
      ]);
      return ['scan.pdf'];
    });
    const manifest = await task.prepare();
    assert.deepEqual(manifest.frames, [
      { name: 'scan000000000.jpeg', width: 200, height: 200 },
      { name: 'scan000000001.jpeg', width: 100, height: 200 },
    ]);
  });

  it('records only the frame list in cache mode and builds chunks on request', async () => {
    const task = await aTask(fixtureImages);
    const manifest = await task.prepare({ useCache: true, chunkSize: 4 });
    assert.equal(manifest.storage, 'on-the-fly');
    assert.deepEqual((await readdir(task.dataDir)).sort(), ['manifest.json', 'preview.jpeg', 'raw']);
    assert.deepEqual(
      metaFrames(manifest).map((frame) => frame.name),
      FIXTURE_IMAGES,
    );

    const chunk = await ws.chunks.chunk(task.location, manifest, 'compressed', 1);
    assert.equal(chunk.contentType, 'application/zip');
    const second = await sharp(await readZipMember(chunk.path, '000001.jpeg')).metadata();
    assert.deepEqual([second.width, second.height], [80, 60]); // img3.png
    const frame = await ws.chunks.frame(task.location, manifest, 'original', 2);
    assert.equal(frame.contentType, 'image/jpeg');
    assert.ok((await frameBytes(frame)).equals(await readFile(new URL('images/img11.jpg', FIXTURES))));
    await assert.rejects(ws.chunks.chunk(task.location, manifest, 'compressed', 2), {
      name: 'OutOfRangeError',
    });
  });
});

describe('preparing video tasks', () => {
  it('gives the fixture video the data/meta of the reference server, in 36-frame MP4 chunks', async () => {
    const task = await aTask(async (raw) => {
      await copyFile(new URL('images/video.mp4', FIXTURES), `${raw}/video.mp4`);
      return ['video.mp4'];
    });
    const manifest = await task.prepare();
    assert.deepEqual(meta(manifest), await fixtureJson('meta-video.json'));
    assert.equal(manifest.mode, 'interpolation');
    for (const quality of ['compressed', 'original']) {
      const dir = `${task.dataDir}/${quality}`;
      assert.deepEqual((await readdir(dir)).sort(), ['0.mp4', '1.mp4']);
      assert.deepEqual([countFrames(`${dir}/0.mp4`), countFrames(`${dir}/1.mp4`)], [36, 14]);
    }
    const frame = await ws.chunks.frame(task.location, manifest, 'compressed', 40);
    const png = await sharp(await frameBytes(frame)).metadata();
    assert.deepEqual([frame.contentType, png.width, png.height], ['image/png', 64, 48]);
  });

  it('writes JPEG zips as compressed chunks with use_zip_chunks', async () => {
    const task = await aTask(async (raw) => {
      await writeVideo(`${raw}/clip.mp4`, { width: 64, height: 48, frames: 30 });
      return ['clip.mp4'];
    });
    const manifest = await task.prepare({ useZipChunks: true, chunkSize: 8, frameFilter: 'step=2' });
    assert.deepEqual(
      [manifest.size, manifest.compressedChunkType, manifest.originalChunkType],
      [15, 'imageset', 'video'],
    );
    assert.deepEqual((await readdir(`${task.dataDir}/compressed`)).sort(), ['0.zip', '1.zip']);
    const jpeg = await sharp(
      await readZipMember(`${task.dataDir}/compressed/1.zip`, '000006.jpeg'),
    ).metadata();
    assert.deepEqual([jpeg.width, jpeg.height], [64, 48]);
    assert.deepEqual(
      [countFrames(`${task.dataDir}/original/0.mp4`), countFrames(`${task.dataDir}/original/1.mp4`)],
      [8, 7],
    );
  });

  it('indexes key frames in cache mode and builds the same frames on request', async () => {
    const task = await aTask(async (raw) => {
      await writeVideo(`${raw}/gop.mp4`, { width: 64, height: 48, frames: 50, gop: 10 });
      return ['gop.mp4'];
    });
    const manifest = await task.prepare({ useCache: true, startFrame: 3 });
    assert.equal(manifest.storage, 'on-the-fly');
    assert.deepEqual(
      [manifest.size, manifest.stopFrame, manifest.video?.index?.keyFrames.length],
      [47, 49, 5],
    );
    const chunk = await ws.chunks.chunk(task.location, manifest, 'original', 1);
    assert.equal(countFrames(chunk.path), 11);
  });

  it('falls back to prepared chunks when key frames are too rare', async () => {
    const task = await aTask(async (raw) => {
      await writeVideo(`${raw}/rare.mp4`, { width: 32, height: 32, frames: 40, gop: 40 });
      return ['rare.mp4'];
    });
    const manifest = await task.prepare({ useCache: true, chunkSize: 4 });
    assert.equal(manifest.storage, 'prepared');
    assert.ok(
      task.messages.includes(
        'Too few keyframes for smooth video decoding. The task will be created using the old method',
      ),
    );
  });

  it('takes an uploaded meta_info.txt that matches, and rebuilds one that does not', async () => {
    const video = await writeVideo(ws.dir('meta', 'v.mp4'), { width: 32, height: 32, frames: 30, gop: 10 });
    const index = await ws.videos.indexKeyFrames(video, 'v.mp4');
    for (const [text, rebuilt] of [
      [formatMetaInfo(index), false],
      ['0 0\n29\n', true],
    ] as const) {
      const task = await aTask(async (raw) => {
        await copyFile(video, `${raw}/v.mp4`);
        await writeFile(`${raw}/meta_info.txt`, text);
        return ['v.mp4', 'meta_info.txt'];
      });
      const manifest = await task.prepare({ useCache: true });
      assert.deepEqual(manifest.video?.index?.keyFrames, index.keyFrames);
      assert.equal(
        task.messages.some((message) => message.endsWith('Start prepare valid meta information.')),
        rebuilt,
      );
    }
  });
});

describe('failures', () => {
  it('report the reference texts and leave the directories as they were', async () => {
    const cases: [string, (raw: string) => Promise<string[]>, Partial<PrepareOptions>, RegExp | string][] = [
      [
        'mixed kinds',
        async (raw) => {
          await writeImage(`${raw}/a.png`, { width: 4, height: 4 });
          await writeVideo(`${raw}/v.mp4`, { width: 16, height: 16, frames: 2 });
          return ['a.png', 'v.mp4'];
        },
        {},
        'ValueError: Only one video, archive, pdf, zip or many image, directory can be used simultaneously, but 1 image(s), 1 video(s), 0 archive(s), 0 directory(s), 0 pdf(s), 0 zip(s) found.',
      ],
      [
        'nothing usable',
        async (raw) => {
          await writeFile(`${raw}/notes.txt`, 'hello');
          return ['notes.txt'];
        },
        {},
        'ValueError: No media data found',
      ],
      ['start past the end', fixtureImages, { startFrame: 6 }, 'ValueError: start_frame is out of range'],
      [
        'video start past the end',
        async (raw) => {
          await writeVideo(`${raw}/v.mp4`, { width: 16, height: 16, frames: 5 });
          return ['v.mp4'];
        },
        { startFrame: 10 },
        'ValueError: start_frame is out of range',
      ],
      [
        'an undecodable image inside a zip',
        async (raw) => {
          await writeZip(`${raw}/set.zip`, [
            { name: 'good.png', content: await imageBuffer({ width: 4, height: 4 }) },
            { name: 'zbad.png', content: 'garbage' },
          ]);
          return ['set.zip'];
        },
        {},
        /^Exception: Could not read image zbad\.png/,
      ],
      [
        'a path leaving the upload area',
        async () => ['../../etc/passwd'],
        {},
        "ValueError: Don't use '..' inside file paths",
      ],
    ];
    for (const [label, stage, options, expected] of cases) {
      const task = await aTask(stage);
      const before = (await readdir(task.uploadDir)).sort();
      const error = await failure(task.prepare(options));
      if (typeof expected === 'string') assert.equal(error.message, expected, label);
      else assert.match(error.message, expected, label);
      assert.equal(error.statusMessage, `${error.message}\n`);
      assert.deepEqual((await readdir(task.uploadDir)).sort(), before, `${label}: upload area restored`);
      assert.deepEqual(await readdir(task.dataDir), ['raw'], `${label}: nothing else left`);
    }
  });
});
