import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import sharp from 'sharp';

import { MediaFailure } from '../../src/data/media-failure.js';
import { tarBuffer, writeCompressed, writeZip } from '../support/media/archives.js';
import { dataWorkspace, type DataWorkspace } from '../support/media/data-services.js';
import { imageBuffer, writeImage } from '../support/media/images.js';
import { writePdf } from '../support/media/pdfs.js';
import { ffmpeg, hasProgram, writeVideo } from '../support/media/videos.js';

async function failure(promise: Promise<unknown>): Promise<MediaFailure> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MediaFailure, String(error));
    return error;
  }
  return assert.fail('expected a media failure');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(`${dir}/${entry.name}`, `${path}/`)));
    else found.push(path);
  }
  return found.sort();
}

let ws: DataWorkspace;
before(async () => {
  ws = await dataWorkspace({ maxPixels: 1_000_000, maxExtractedBytes: 2 * 2 ** 20 });
});
after(() => ws.remove());

describe('image codec', () => {
  it('reads sizes from headers and re-encodes JPEG at the same size in 8-bit RGB', async () => {
    for (const format of ['png', 'jpeg', 'webp', 'tiff', 'gif'] as const) {
      const path = await writeImage(ws.dir('img', `a.${format}`), {
        width: 81,
        height: 47,
        format,
        alpha: format === 'png',
      });
      const info = await ws.codec.probe(path, `a.${format}`);
      assert.deepEqual([info.width, info.height], [81, 47], format);
      const jpeg = await ws.codec.toJpeg(path, 70, `a.${format}`);
      const meta = await sharp(jpeg.data).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['jpeg', 81, 47, 3], format);
    }
  });

  it('makes greyscale and 16-bit images 3-channel 8-bit', async () => {
    const grey = ws.dir('img', 'grey16.png');
    await sharp({ create: { width: 20, height: 10, channels: 3, background: '#808080' } })
      .toColourspace('grey16')
      .png()
      .toFile(grey);
    const meta = await sharp((await ws.codec.toJpeg(grey, 90, 'grey16.png')).data).metadata();
    assert.deepEqual([meta.channels, meta.depth], [3, 'uchar']);
  });

  it('does not apply EXIF orientation', async () => {
    const path = ws.dir('img', 'rotated.jpg');
    await sharp(await imageBuffer({ width: 40, height: 20 }))
      .withExif({ IFD0: { Orientation: '6' } })
      .jpeg()
      .toFile(path);
    const info = await ws.codec.probe(path, 'rotated.jpg');
    assert.deepEqual([info.width, info.height], [40, 20]);
    const jpeg = await sharp((await ws.codec.toJpeg(path, 80, 'rotated.jpg')).data).metadata();
    assert.deepEqual([jpeg.width, jpeg.height, jpeg.orientation], [40, 20, undefined]);
  });

  it('refuses images over the pixel limit from their header, before decoding', async () => {
    // A 2000x2000 PNG of one colour is tiny on disk but 4 megapixels once decoded.
    const path = await writeImage(ws.dir('img', 'bomb.png'), { width: 2000, height: 2000 });
    assert.ok((await stat(path)).size < 100_000);
    const expected = 'Exception: Image bomb.png has 2000x2000 pixels, more than the limit of 1000000';
    assert.equal((await failure(ws.codec.probe(path, 'bomb.png'))).message, expected);
    // Compressing reads the header only when decoding fails, and reports the same reason.
    assert.equal((await failure(ws.codec.toJpeg(path, 70, 'bomb.png'))).message, expected);
  });

  it('decodes BMP and PNM, which libvips lacks here, through ffmpeg', async () => {
    for (const ext of ['bmp', 'ppm']) {
      const path = ws.dir('img', `legacy.${ext}`);
      ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=33x21', '-frames:v', '1', path]);
      assert.deepEqual((await ws.codec.probe(path, `legacy.${ext}`)).width, 33);
      const jpeg = await sharp((await ws.codec.toJpeg(path, 70, `legacy.${ext}`)).data).metadata();
      assert.deepEqual([jpeg.width, jpeg.height], [33, 21], ext);
    }
  });

  it('names the file when it cannot be decoded', async () => {
    const path = ws.dir('img', 'broken.jpg');
    await writeFile(path, 'this is not a picture');
    // Started one after the other: a second promise made up front would reject unobserved.
    const attempts = [
      () => ws.codec.probe(path, 'broken.jpg'),
      () => ws.codec.toJpeg(path, 70, 'broken.jpg'),
    ];
    for (const attempt of attempts) {
      assert.match((await failure(attempt())).message, /^Exception: Could not read image broken\.jpg/);
    }
  });

  it('makes previews that fit 256x256 and are never enlarged', async () => {
    const wide = await sharp(
      await ws.codec.preview(await writeImage(ws.dir('img', 'wide.png'), { width: 1024, height: 300 }), 'w'),
    ).metadata();
    assert.deepEqual([wide.format, wide.width, wide.height], ['jpeg', 256, 75]);
    const small = await sharp(
      await ws.codec.preview(await writeImage(ws.dir('img', 'small.png'), { width: 40, height: 30 }), 's'),
    ).metadata();
    assert.deepEqual([small.width, small.height], [40, 30]);
  });
});

describe('archive reader', () => {
  const members = [
    { name: 'images/b.png', content: 'B' },
    { name: 'a.jpg', content: 'A' },
    { name: 'deep/er/c.txt', content: 'C' },
  ];

  it('extracts zip archives, keeping member paths', async () => {
    const target = ws.dir('zip-out');
    const written = await ws.archives.extract(await writeZip(ws.dir('in', 'a.zip'), members), target);
    assert.deepEqual(written.sort(), ['a.jpg', 'deep/er/c.txt', 'images/b.png']);
    assert.equal(await readFile(ws.dir('zip-out', 'images', 'b.png'), 'utf8'), 'B');
  });

  for (const [compression, ext] of [
    ['none', 'tar'],
    ['gzip', 'tar.gz'],
    ['bzip2', 'tar.bz2'],
    ['xz', 'tar.xz'],
  ] as const) {
    it(
      `extracts ${ext} archives`,
      { skip: compression !== 'none' && compression !== 'gzip' && !hasProgram(compression) },
      async () => {
        const archive = await writeCompressed(
          ws.dir('in', `a.${ext}`),
          await tarBuffer(members),
          compression,
        );
        const target = ws.dir(`out-${ext}`);
        await ws.archives.extract(archive, target);
        assert.deepEqual(await listFiles(target), ['a.jpg', 'deep/er/c.txt', 'images/b.png']);
      },
    );
  }

  it('unpacks a single compressed file', async () => {
    const archive = await writeCompressed(
      ws.dir('in', 'photo.png.gz'),
      await imageBuffer({ width: 8, height: 8 }),
      'gzip',
    );
    const target = ws.dir('out-single');
    assert.deepEqual(await ws.archives.extract(archive, target), ['photo.png']);
  });

  it('refuses zip-slip and absolute member paths', async () => {
    for (const name of ['../escape.jpg', '/abs/escape.jpg']) {
      const archive = await writeCompressed(
        ws.dir('in', 'slip.tar'),
        await tarBuffer([{ name, content: 'x' }]),
        'none',
      );
      const error = await failure(ws.archives.extract(archive, ws.dir('out-slip')));
      assert.match(
        error.message,
        /^Exception: Could not extract slip\.tar: member .* points outside the archive$/,
        name,
      );
    }
    await assert.rejects(stat(ws.dir('escape.jpg')));
  });

  it('refuses links that point outside and skips those that stay inside', async () => {
    const outside = await writeCompressed(
      ws.dir('in', 'link.tar'),
      await tarBuffer([{ name: 'evil', type: 'symlink', linkname: '../../etc/passwd' }]),
      'none',
    );
    assert.match((await failure(ws.archives.extract(outside, ws.dir('out-link')))).message, /points outside/);
    const inside = await writeCompressed(
      ws.dir('in', 'ok.tar'),
      await tarBuffer([
        { name: 'a.jpg', content: 'A' },
        { name: 'b.jpg', type: 'symlink', linkname: 'a.jpg' },
      ]),
      'none',
    );
    assert.deepEqual(await ws.archives.extract(inside, ws.dir('out-ok')), ['a.jpg']);
    const zipLink = await writeZip(ws.dir('in', 'link.zip'), [
      { name: 'evil', type: 'symlink', linkname: '/etc/passwd' },
    ]);
    assert.match(
      (await failure(ws.archives.extract(zipLink, ws.dir('out-ziplink')))).message,
      /points outside/,
    );
  });

  it('stops zip bombs at the size budget', async () => {
    const bomb = await writeZip(ws.dir('in', 'bomb.zip'), [
      { name: 'zeros.bin', content: Buffer.alloc(3 * 2 ** 20) },
    ]);
    assert.ok((await stat(bomb)).size < 50_000);
    const error = await failure(ws.archives.extract(bomb, ws.dir('out-bomb')));
    assert.equal(error.message, 'Exception: Could not extract bomb.zip: it expands to more than 2 MB');
  });

  it('reports truncated archives cleanly', async () => {
    const content = await imageBuffer({ width: 64, height: 64, detailed: true });
    for (const name of ['cut.zip', 'cut.tar.gz']) {
      const path = ws.dir('in', name);
      if (name.endsWith('.zip'))
        await writeZip(path, [
          { name: 'a.png', content },
          { name: 'b.png', content },
        ]);
      else await writeCompressed(path, await tarBuffer([{ name: 'a.png', content }]), 'gzip');
      await truncate(path, Math.floor((await stat(path)).size / 2));
      const error = await failure(ws.archives.extract(path, ws.dir(`out-${name}`)));
      assert.equal(
        error.message,
        `Exception: Could not extract ${name}: the archive is damaged or truncated`,
      );
    }
  });
});

describe('pdf reader', { skip: !hasProgram('pdftoppm') && 'pdftoppm is not installed' }, () => {
  it('renders every page at 200 DPI with names in page order', async () => {
    const pdf = await writePdf(ws.dir('in', 'doc.pdf'), [
      { width: 72, height: 36 },
      { width: 144, height: 72 },
      { width: 36, height: 36 },
    ]);
    const target = ws.dir('pdf-out');
    await mkdir(target, { recursive: true });
    const names = await ws.pdfs.render(pdf, target);
    assert.deepEqual(names, ['doc000000000.jpeg', 'doc000000001.jpeg', 'doc000000002.jpeg']);
    const sizes = await Promise.all(names.map(async (name) => sharp(`${target}/${name}`).metadata()));
    assert.deepEqual(
      sizes.map((meta) => [meta.width, meta.height]),
      [
        [200, 100],
        [400, 200],
        [100, 100],
      ],
    );
  });

  it('renders up to and including the stop page', async () => {
    const pdf = await writePdf(
      ws.dir('in', 'four.pdf'),
      Array.from({ length: 4 }, () => ({ width: 36, height: 36 })),
    );
    const target = ws.dir('pdf-stop');
    await mkdir(target, { recursive: true });
    assert.equal((await ws.pdfs.render(pdf, target, 1)).length, 2);
  });

  it('reports damaged documents and oversized pages', async () => {
    const target = ws.dir('pdf-bad');
    await mkdir(target, { recursive: true });
    await writeFile(ws.dir('in', 'bad.pdf'), '%PDF-1.4 nothing here');
    assert.match(
      (await failure(ws.pdfs.render(ws.dir('in', 'bad.pdf'), target))).message,
      /^Exception: Could not render bad\.pdf: /,
    );
    const huge = await writePdf(ws.dir('in', 'huge.pdf'), [{ width: 14400, height: 14400 }]);
    assert.match((await failure(ws.pdfs.render(huge, target))).message, /page 1 is too large to render/);
  });

  it('says which package is missing when poppler is not installed', async () => {
    const fake = ws.dir('no-poppler');
    await mkdir(fake, { recursive: true });
    const { PdfReader } = await import('../../src/data/readers/pdf-reader.js');
    const reader = new PdfReader({ binDir: fake }, { maxPixels: 1e6 });
    const pdf = await writePdf(ws.dir('in', 'one.pdf'), [{ width: 36, height: 36 }]);
    const error = await failure(reader.render(pdf, fake));
    assert.equal(
      error.message,
      'Exception: pdfinfo is not installed on the server (Debian package poppler-utils)',
    );
    await chmod(fake, 0o755);
  });
});

describe('video reader', () => {
  it('probes size, rate and an estimate of the frame count', async () => {
    const path = await writeVideo(ws.dir('vid', 'probe.mp4'), { width: 64, height: 48, frames: 30, fps: 30 });
    const info = await ws.videos.probe(path);
    assert.deepEqual(
      [info.codec, info.width, info.height, info.fps, info.estimatedFrames],
      ['h264', 64, 48, 30, 30],
    );
  });

  it('tells "not a video" from "no video stream"', async () => {
    await writeFile(ws.dir('vid', 'text.mp4'), 'hello');
    assert.equal(
      (await failure(ws.videos.probe(ws.dir('vid', 'text.mp4')))).message,
      'Exception: Could not read video text.mp4: not a video file or damaged',
    );
    const audio = ws.dir('vid', 'audio.mkv');
    ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=1', audio]);
    assert.equal(
      (await failure(ws.videos.probe(audio))).message,
      'Exception: Could not read video audio.mkv: the file has no video stream',
    );
  });

  it('indexes key frames by decoding every frame', async () => {
    const path = await writeVideo(ws.dir('vid', 'gop.mp4'), { width: 32, height: 32, frames: 50, gop: 12 });
    const index = await ws.videos.indexKeyFrames(path, 'gop.mp4');
    assert.equal(index.frameCount, 50);
    assert.equal(index.monotonic, true);
    assert.deepEqual(
      index.keyFrames.map((key) => key.frame),
      [0, 12, 24, 36, 48],
    );
    assert.equal(index.timeBase, '1/12800');
    const quick = await ws.videos.keyFrameTimestamps(path, 'gop.mp4');
    assert.deepEqual([quick.packets, quick.keyPts], [50, index.keyFrames.map((key) => key.pts)]);
  });

  it('reads frames from a key frame with a step, the same pixels as decoding from the start', async () => {
    const path = await writeVideo(ws.dir('vid', 'seek.mp4'), { width: 32, height: 32, frames: 60, gop: 10 });
    const info = await ws.videos.probe(path);
    const index = await ws.videos.indexKeyFrames(path, 'seek.mp4');
    const collect = async (request: Parameters<DataWorkspace['videos']['readFrames']>[2]) => {
      const frames: Buffer[] = [];
      await ws.videos.readFrames(path, info, request, async (pixels) => void frames.push(pixels.data));
      return frames;
    };
    const fromStart = await collect({ first: 23, step: 4, count: 5 });
    const fromKey = await collect({
      first: 23,
      step: 4,
      count: 5,
      from: { keyFrame: index.keyFrames[2], timeBase: index.timeBase },
    });
    assert.equal(fromStart.length, 5);
    assert.ok(fromStart.every((frame, at) => frame.equals(fromKey[at])));
  });
});
