import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';

import sharp from 'sharp';
import yauzl from 'yauzl';

import { ChunkCache } from '../../src/data/storage/chunk-cache.js';
import { LocalStorageAdapter } from '../../src/data/storage/local-storage.adapter.js';
import { readMemberSpans, ZipMemberIndex } from '../../src/data/serving/zip-member-index.js';
import { writeStoredZip } from '../../src/data/writers/zip-chunk-writer.js';
import { writeZip } from '../support/media/archives.js';
import { dataWorkspace, type DataWorkspace } from '../support/media/data-services.js';
import { countFrames, describeVideo, writeVideo } from '../support/media/videos.js';

/** Member names and compression methods of a zip (0 = stored). */
async function zipMembers(path: string): Promise<{ name: string; method: number }[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const members: { name: string; method: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      members.push({ name: entry.fileName, method: entry.compressionMethod });
      zip.readEntry();
    });
    zip.once('end', resolve).once('error', reject);
    zip.readEntry();
  });
  zip.close();
  return members;
}

/** Every member's name, the CRC-32 its headers record and its bytes. */
async function zipContents(path: string): Promise<{ name: string; crc: number; bytes: Buffer }[]> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const members: { name: string; crc: number; bytes: Buffer }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.once('error', reject);
        stream.once('end', () => {
          members.push({ name: entry.fileName, crc: entry.crc32, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.once('end', resolve).once('error', reject);
    zip.readEntry();
  });
  zip.close();
  return members;
}

let ws: DataWorkspace;
before(async () => {
  ws = await dataWorkspace();
});
after(() => ws.remove());

describe('zip chunk writer', () => {
  it('stores members uncompressed, in order, and only renames the file into place when complete', async () => {
    await mkdir(ws.dir('zips'), { recursive: true });
    await writeFile(ws.dir('zips', 'source.png'), 'png bytes');
    const path = ws.dir('zips', '0.zip');
    await ws.zip.write(path, [
      { name: '000000.jpeg', content: Buffer.from('a') },
      { name: '000001.png', content: ws.dir('zips', 'source.png') },
    ]);
    assert.deepEqual(await zipMembers(path), [
      { name: '000000.jpeg', method: 0 },
      { name: '000001.png', method: 0 },
    ]);
    assert.deepEqual((await readdir(ws.dir('zips'))).sort(), ['0.zip', 'source.png']);
  });

  it('leaves nothing behind when a member fails', async () => {
    async function* failing() {
      yield { name: '000000.jpeg', content: Buffer.from('a') };
      throw new Error('encoder failed');
    }
    await assert.rejects(ws.zip.write(ws.dir('zips', '1.zip'), failing()), /encoder failed/);
    assert.deepEqual((await readdir(ws.dir('zips'))).sort(), ['0.zip', 'source.png']);
  });

  it('records the bytes and CRC-32 of buffers and files, with ZIP64 records when they are needed', async () => {
    const file = randomBytes(5 * 2 ** 20 + 3); // more than one copy piece
    await writeFile(ws.dir('zips', 'large.png'), file);
    await writeFile(ws.dir('zips', 'empty.png'), '');
    const members = [
      { name: '000000.jpeg', content: Buffer.from('jpeg bytes') },
      { name: '000001.png', content: ws.dir('zips', 'large.png') },
      { name: 'näme.png', content: ws.dir('zips', 'empty.png') },
    ];
    const expected = [Buffer.from('jpeg bytes'), file, Buffer.alloc(0)].map((bytes, index) => ({
      name: members[index].name,
      crc: crc32(bytes),
      bytes,
    }));
    // The limit lowered to 0 and to a size in between: every field, or only some, in ZIP64 form.
    for (const zip64Above of [undefined, 0, 100]) {
      const path = ws.dir('zips', `crc-${zip64Above}.zip`);
      await writeStoredZip(path, members, zip64Above);
      assert.deepEqual(await zipContents(path), expected, `ZIP64 above ${zip64Above}`);
    }
  });
});

describe('zip member index', () => {
  const bytesAt = async (path: string, span: { start: number; length: number }) =>
    (await readFile(path)).subarray(span.start, span.start + span.length);

  it('finds where each stored member lies, with and without ZIP64 records', async () => {
    const members = [
      { name: '000000.jpeg', content: randomBytes(1000) },
      { name: '000001.jpeg', content: randomBytes(10) },
      { name: 'näme.jpeg', content: Buffer.alloc(0) },
    ];
    for (const zip64Above of [undefined, 0]) {
      const path = ws.dir('zips', `spans-${zip64Above}.zip`);
      await writeStoredZip(path, members, zip64Above);
      const spans = await readMemberSpans(path);
      assert.deepEqual(
        [...spans.keys()],
        members.map((member) => member.name),
      );
      for (const member of members) {
        const span = spans.get(member.name)!;
        assert.equal(span.stored, true);
        assert.ok(
          (await bytesAt(path, span)).equals(member.content),
          `${member.name}, ZIP64 above ${zip64Above}`,
        );
      }
    }
  });

  it('marks deflated members, which cannot be sent as a byte range', async () => {
    const path = await writeZip(ws.dir('zips', 'deflated.zip'), [
      { name: 'a.txt', content: 'a'.repeat(5000) },
    ]);
    const span = (await readMemberSpans(path)).get('a.txt')!;
    assert.equal(span.stored, false);
    assert.ok(span.length < 5000);
  });

  it('reads a chunk again once it was rewritten, and forgets members it does not have', async () => {
    const index = new ZipMemberIndex();
    const path = ws.dir('zips', 'rewritten.zip');
    await writeStoredZip(path, [{ name: 'a.jpeg', content: Buffer.from('first') }]);
    const first = await index.find(path, await stat(path), 'a.jpeg');
    assert.ok(first && (await bytesAt(path, first)).equals(Buffer.from('first')));
    await writeStoredZip(path, [
      { name: 'b.jpeg', content: Buffer.from('padding') },
      { name: 'a.jpeg', content: Buffer.from('second!') },
    ]);
    const second = await index.find(path, await stat(path), 'a.jpeg');
    assert.ok(second && (await bytesAt(path, second)).equals(Buffer.from('second!')));
    assert.equal(await index.find(path, await stat(path), 'c.jpeg'), undefined);
  });
});

describe('mp4 chunk writer', () => {
  it('cuts exact chunks of both qualities in one decode: baseline, yuv420p, even sizes, downscaled', async () => {
    const source = await writeVideo(ws.dir('mp4', 'in.mp4'), {
      width: 1920,
      height: 1080,
      frames: 40,
      gop: 100,
    });
    const info = await ws.videos.probe(source);
    const dirs = { originalDir: ws.dir('mp4', 'original'), compressedDir: ws.dir('mp4', 'compressed') };
    await mkdir(dirs.originalDir, { recursive: true });
    await mkdir(dirs.compressedDir, { recursive: true });
    const progress: number[] = [];
    const frames = await ws.mp4.writeAll({
      video: { path: source, name: 'in.mp4', info },
      first: 2,
      step: 3,
      chunkSize: 5,
      imageQuality: 70,
      ...dirs,
      onProgress: (done) => progress.push(done),
    });
    assert.equal(frames, 13); // source frames 2, 5, ..., 38
    assert.equal(progress.at(-1), 13);
    for (const [dir, width, height] of [
      [dirs.originalDir, 1920, 1080],
      [dirs.compressedDir, 960, 540],
    ] as const) {
      const files = (await readdir(dir)).sort((a, b) => parseInt(a) - parseInt(b));
      assert.deepEqual(files, ['0.mp4', '1.mp4', '2.mp4']);
      assert.deepEqual(
        files.map((file) => countFrames(`${dir}/${file}`)),
        [5, 5, 3],
      );
      const video = describeVideo(`${dir}/0.mp4`);
      assert.deepEqual([video.width, video.height], [width, height]);
      assert.match(video.header, /h264 \((Constrained )?Baseline\).*yuv420p/);
    }
  });

  it('builds one chunk from a key frame for on-the-fly mode', async () => {
    const source = await writeVideo(ws.dir('mp4', 'one.mp4'), { width: 65, height: 49, frames: 60, gop: 10 });
    const info = await ws.videos.probe(source);
    const index = await ws.videos.indexKeyFrames(source, 'one.mp4');
    const path = ws.dir('mp4', 'chunk.mp4');
    await ws.videoChunks.writeOne({
      video: { path: source, name: 'one.mp4', info },
      index,
      first: 25,
      step: 2,
      count: 7,
      quality: 'original',
      compressedType: 'video',
      imageQuality: 50,
      path,
    });
    assert.equal(countFrames(path), 7);
    const video = describeVideo(path);
    assert.deepEqual([video.width, video.height], [66, 50]);
  });
});

describe('local storage adapter', () => {
  it('keeps keys inside their area, writes atomically and accounts bytes per area', async () => {
    const storage = new LocalStorageAdapter(ws.dir('storage'));
    assert.equal(await storage.usage('data'), 0);
    assert.equal(await storage.write('data', '7/preview.jpeg', Buffer.from('12345')), 5);
    assert.equal(await storage.write('data', '7/raw/a.txt', Buffer.from('abc')), 3);
    assert.equal(await storage.usage('data'), 8);
    assert.equal(await storage.write('data', '7/raw/a.txt', Buffer.from('a')), 1);
    assert.equal(await storage.usage('data'), 6);
    assert.equal((await storage.stat('data', '7/preview.jpeg'))?.size, 5);

    const chunks: Buffer[] = [];
    for await (const chunk of await storage.read('data', '7/preview.jpeg', { start: 1, end: 3 }))
      chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), '234');
    await assert.rejects(storage.read('data', '7/missing'), /ENOENT/);
    assert.throws(() => storage.localPath('data', '../tasks/1'), /leaves its root/);

    const temporary = await storage.temporaryPath('tmp', 'job/out.zip');
    await writeFile(temporary, 'zip');
    await storage.commit('tmp', 'job/out.zip', temporary);
    assert.deepEqual(await readdir(ws.dir('storage', 'tmp', 'job')), ['out.zip']);

    await storage.remove('data', '7');
    assert.equal(await storage.usage('data'), 0);
    assert.equal(await storage.stat('data', '7/preview.jpeg'), undefined);
  });
});

describe('chunk cache', () => {
  const build = (bytes: number, calls: string[], key: string) => async (path: string) => {
    calls.push(key);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(path, Buffer.alloc(bytes, 1));
  };

  it('builds a missing chunk once for concurrent requests', async () => {
    const cache = new ChunkCache(new LocalStorageAdapter(ws.dir('cache-a')), 1000);
    const calls: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => cache.get('1/compressed/0.zip', build(10, calls, 'a'))),
    );
    assert.deepEqual(calls, ['a']);
    assert.ok(results.every((result) => result.path === results[0].path && result.size === 10));
    await cache.get('1/compressed/0.zip', build(10, calls, 'again'));
    assert.deepEqual(calls, ['a']);
  });

  it('evicts the least recently used chunks beyond its size and reloads after a restart', async () => {
    const storage = new LocalStorageAdapter(ws.dir('cache-b'));
    const cache = new ChunkCache(storage, 250);
    const calls: string[] = [];
    for (const key of ['a', 'b']) await cache.get(key, build(100, calls, key));
    await cache.get('a', build(100, calls, 'a')); // a is now more recent than b
    await cache.get('c', build(100, calls, 'c'));
    assert.equal(cache.size, 200);
    assert.equal(await storage.stat('cache', 'b'), undefined);
    assert.ok(await storage.stat('cache', 'a'));

    const restarted = new ChunkCache(storage, 250);
    await restarted.get('a', build(100, calls, 'a2'));
    assert.equal(restarted.size, 200);
    assert.deepEqual(calls, ['a', 'b', 'c']);

    await restarted.invalidate('a');
    assert.equal(await storage.stat('cache', 'a'), undefined);
  });

  it('forgets a failed build so that the next request tries again', async () => {
    const cache = new ChunkCache(new LocalStorageAdapter(ws.dir('cache-c')), 1000);
    await assert.rejects(
      cache.get('x', () => Promise.reject(new Error('ffmpeg died'))),
      /ffmpeg died/,
    );
    const calls: string[] = [];
    assert.equal((await cache.get('x', build(5, calls, 'x'))).size, 5);
    assert.deepEqual(await readdir(ws.dir('cache-c', 'cache')), ['x']);
  });
});

describe('JPEG quality of compressed frames', () => {
  it('encodes at the task quality', async () => {
    const pixels = { data: randomBytes(64 * 64 * 3), width: 64, height: 64, channels: 3 as const };
    const high = await ws.codec.toJpeg(pixels, 95, 'f');
    const low = await ws.codec.toJpeg(pixels, 10, 'f');
    assert.ok(high.data.length > low.data.length);
    assert.equal((await sharp(low.data).metadata()).format, 'jpeg');
  });
});
