import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import sharp from 'sharp';
import yauzl from 'yauzl';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { readMemberSpans } from '../../src/data/serving/zip-member-index.js';
import { aUser } from '../support/builders.js';
import { imageBuffer, type ImageFormat } from '../support/media/images.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

interface Source {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly body: Buffer;
}

/** Member names and compression methods of a zip body (0 = stored). */
async function zipMembers(body: Buffer): Promise<{ name: string; method: number }[]> {
  const dir = await mkdtemp(join(tmpdir(), 'chunk-'));
  const path = join(dir, 'chunk.zip');
  await writeFile(path, body);
  const zip = await yauzl.openPromise(path, { lazyEntries: true });
  const members: { name: string; method: number }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        members.push({ name: entry.fileName, method: entry.compressionMethod });
        zip.readEntry();
      });
      zip.once('end', resolve).once('error', reject);
      zip.readEntry();
    });
  } finally {
    zip.close();
    await rm(dir, { recursive: true, force: true });
  }
  return members;
}

function multipart(
  values: Record<string, string | number>,
  files: readonly Source[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----test${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(values)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  files.forEach((file, index) => {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="client_files[${index}]"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.body,
      Buffer.from('\r\n'),
    );
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('GET /tasks/{id}/data and data/meta', () => {
  let harness: TestApp;
  let auth: { authorization: string };
  let taskId: number;
  const sources: Source[] = [];

  const get = (url: string, headers: Record<string, string> = auth) =>
    harness.app.inject({ method: 'GET', url, headers });

  async function createTask(): Promise<number> {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: auth,
      payload: { name: 'media', labels: [{ name: 'car', attributes: [] }] },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: number }>().id;
  }

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness);
    for (let index = 0; index < 6; index += 1) {
      const format: ImageFormat = index % 4 === 1 ? 'png' : 'jpeg';
      const width = index === 0 ? 600 : 40 + 10 * index;
      const height = index === 0 ? 400 : 30 + 5 * index;
      const color = { r: 40 * index, g: 100, b: 200 - 30 * index };
      const body = await imageBuffer({ width, height, format, color });
      sources.push({ name: `img_${index}.${format === 'png' ? 'png' : 'jpg'}`, width, height, body });
    }
    taskId = await createTask();
    const { payload, headers } = multipart(
      { image_quality: 80, chunk_size: 2, start_frame: 1, frame_filter: 'step=2' },
      sources,
    );
    const posted = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...auth, ...headers },
      payload,
    });
    assert.equal(posted.statusCode, 202, posted.body);
    for (let attempt = 0; ; attempt += 1) {
      const status = (await get(`/api/v1/tasks/${taskId}/status`)).json<{ state: string; message: string }>();
      if (status.state === 'Finished') break;
      assert.notEqual(status.state, 'Failed', status.message);
      assert.ok(attempt < 600, 'processing did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  after(async () => {
    await harness?.close();
  });

  // Task frames 0, 1, 2 are source images 1, 3, 5; chunks of 2 frames.
  const taskFrames = () => [sources[1], sources[3], sources[5]];

  it('serves both qualities of a chunk as a stored zip with the right members', async () => {
    const compressed = await get(`/api/v1/tasks/${taskId}/data?type=chunk&number=0&quality=compressed`);
    assert.equal(compressed.statusCode, 200, compressed.body);
    assert.equal(compressed.headers['content-type'], 'application/zip');
    assert.deepEqual(await zipMembers(compressed.rawPayload), [
      { name: '000000.jpeg', method: 0 },
      { name: '000001.jpeg', method: 0 },
    ]);

    const original = await get(`/api/v1/tasks/${taskId}/data?type=chunk&number=0&quality=original`);
    assert.equal(original.statusCode, 200, original.body);
    assert.equal(original.headers['content-type'], 'application/zip');
    assert.deepEqual(await zipMembers(original.rawPayload), [
      { name: '000000.png', method: 0 },
      { name: '000001.jpg', method: 0 },
    ]);

    const last = await get(`/api/v1/tasks/${taskId}/data?type=chunk&number=1`);
    assert.equal(last.statusCode, 200, last.body);
    assert.deepEqual(await zipMembers(last.rawPayload), [{ name: '000000.jpeg', method: 0 }]);
  });

  it('serves frames at their original size', async () => {
    for (const [index, source] of taskFrames().entries()) {
      const compressed = await get(`/api/v1/tasks/${taskId}/data?type=frame&number=${index}`);
      assert.equal(compressed.statusCode, 200, compressed.body);
      assert.equal(compressed.headers['content-type'], 'image/jpeg');
      const meta = await sharp(compressed.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', source.width, source.height]);

      const original = await get(`/api/v1/tasks/${taskId}/data?type=frame&number=${index}&quality=original`);
      assert.equal(original.statusCode, 200, original.body);
      assert.equal(
        original.headers['content-type'],
        source.name.endsWith('.png') ? 'image/png' : 'image/jpeg',
      );
      assert.ok(original.rawPayload.equals(source.body));
    }
  });

  it('serves the preview of the first source image as a JPEG within 256 pixels', async () => {
    const response = await get(`/api/v1/tasks/${taskId}/data?type=preview&quality=best`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'image/jpeg');
    const meta = await sharp(response.rawPayload).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.deepEqual([meta.width, meta.height], [256, 171]);
  });

  it('sends validators and answers a matching If-None-Match with 304', async () => {
    for (const query of ['type=chunk&number=0', 'type=frame&number=1&quality=original', 'type=preview']) {
      const first = await get(`/api/v1/tasks/${taskId}/data?${query}`);
      assert.equal(first.statusCode, 200, first.body);
      const etag = first.headers.etag;
      assert.equal(typeof etag, 'string', query);
      assert.match(String(first.headers['cache-control']), /private, max-age=\d+/);
      const again = await get(`/api/v1/tasks/${taskId}/data?${query}`, {
        ...auth,
        'if-none-match': String(etag),
      });
      assert.equal(again.statusCode, 304, query);
      assert.equal(again.rawPayload.length, 0);
      assert.equal(again.headers.etag, etag);
      const stale = await get(`/api/v1/tasks/${taskId}/data?${query}`, {
        ...auth,
        'if-none-match': '"stale"',
      });
      assert.equal(stale.statusCode, 200, query);
    }
  });

  it('serves a compressed frame as the same bytes as its member of the chunk', async () => {
    const chunk = await get(`/api/v1/tasks/${taskId}/data?type=chunk&number=0`);
    const dir = await mkdtemp(join(tmpdir(), 'chunk-'));
    try {
      await writeFile(join(dir, '0.zip'), chunk.rawPayload);
      const members = await readMemberSpans(join(dir, '0.zip'));
      const second = members.get('000001.jpeg')!;
      const frame = await get(`/api/v1/tasks/${taskId}/data?type=frame&number=1`);
      assert.ok(
        frame.rawPayload.equals(chunk.rawPayload.subarray(second.start, second.start + second.length)),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('answers one byte range with 206 and Content-Range, and a range beyond the body with 416', async () => {
    for (const query of [
      'type=chunk&number=0',
      'type=frame&number=1',
      'type=frame&number=2&quality=original',
      'type=preview',
    ]) {
      const whole = await get(`/api/v1/tasks/${taskId}/data?${query}`);
      assert.equal(whole.headers['accept-ranges'], 'bytes', query);
      const size = whole.rawPayload.length;
      const asked = [
        ['bytes=0-99', 0, 99],
        ['bytes=10-', 10, size - 1],
        ['bytes=-25', size - 25, size - 1],
        [`bytes=5-${size + 1000}`, 5, size - 1],
      ] as const;
      for (const [range, start, end] of asked) {
        const part = await get(`/api/v1/tasks/${taskId}/data?${query}`, { ...auth, range });
        assert.equal(part.statusCode, 206, `${query} ${range}`);
        assert.equal(part.headers['content-range'], `bytes ${start}-${end}/${size}`);
        assert.equal(Number(part.headers['content-length']), end - start + 1);
        assert.equal(part.headers['content-type'], whole.headers['content-type']);
        assert.ok(part.rawPayload.equals(whole.rawPayload.subarray(start, end + 1)), `${query} ${range}`);
      }
      const beyond = await get(`/api/v1/tasks/${taskId}/data?${query}`, { ...auth, range: `bytes=${size}-` });
      assert.equal(beyond.statusCode, 416, query);
      assert.equal(beyond.headers['content-range'], `bytes */${size}`);
      const unreadable = await get(`/api/v1/tasks/${taskId}/data?${query}`, { ...auth, range: 'bytes=abc' });
      assert.equal(unreadable.statusCode, 416, query);

      const current = await get(`/api/v1/tasks/${taskId}/data?${query}`, {
        ...auth,
        range: 'bytes=0-0',
        'if-range': String(whole.headers.etag),
      });
      assert.equal(current.statusCode, 206, query);
      assert.equal(current.rawPayload.length, 1);
    }
  });

  it('sends the whole body for several ranges, a header without ranges, or an If-Range of another version', async () => {
    const url = `/api/v1/tasks/${taskId}/data?type=chunk&number=0`;
    const whole = await get(url);
    const variants: Record<string, string>[] = [
      { range: 'bytes=0-1,5-9' },
      { range: 'bytes' },
      { range: 'lines=1-2' },
      { range: 'bytes=0-9', 'if-range': '"another"' },
    ];
    for (const headers of variants) {
      const response = await get(url, { ...auth, ...headers });
      assert.equal(response.statusCode, 200, JSON.stringify(headers));
      assert.equal(response.headers['content-range'], undefined);
      assert.ok(response.rawPayload.equals(whole.rawPayload));
    }
  });

  it('describes the media in data/meta as the manifest does', async () => {
    const response = await get(`/api/v1/tasks/${taskId}/data/meta`);
    assert.equal(response.statusCode, 200, response.body);
    const task = (await get(`/api/v1/tasks/${taskId}`)).json<{ data: number }>();
    const manifest = JSON.parse(
      await readFile(join(dataPaths(harness.config).data, String(task.data), 'manifest.json'), 'utf8'),
    ) as { size: number; chunkSize: number; frames: unknown[] };
    assert.deepEqual(response.json(), {
      chunk_size: 2,
      size: 3,
      image_quality: 80,
      start_frame: 1,
      stop_frame: 5,
      frame_filter: 'step=2',
      frames: taskFrames().map(({ name, width, height }) => ({ width, height, name })),
    });
    assert.equal(manifest.size, 3);
    assert.equal(manifest.chunkSize, 2);
    assert.deepEqual(manifest.frames, response.json<{ frames: unknown[] }>().frames);
  });

  it('answers every bad parameter with 400 and a bare string', async () => {
    const prefix = (type: string, number: string, quality = 'compressed') =>
      `cannot get requested data type: ${type}, number: ${number}, quality: ${quality}`;
    const cases: [string, string][] = [
      ['', 'data type not specified or has wrong value'],
      ['type=thumbnail&number=0', 'data type not specified or has wrong value'],
      ['type=chunk', 'number not specified'],
      ['type=frame&quality=original', 'number not specified'],
      ['type=frame&number=0&quality=best', 'wrong quality value'],
      ['type=chunk&number=abc', `${prefix('chunk', 'abc')}\ninvalid literal for int() with base 10: 'abc'`],
      [
        'type=frame&number=1.5&quality=original',
        `${prefix('frame', '1.5', 'original')}\ninvalid literal for int() with base 10: '1.5'`,
      ],
      [
        'type=chunk&number=-1',
        `${prefix('chunk', '-1', 'Quality.COMPRESSED')}\nrequested chunk does not exist`,
      ],
      [
        'type=chunk&number=2&quality=original',
        `${prefix('chunk', '2', 'Quality.ORIGINAL')}\nrequested chunk does not exist`,
      ],
      [
        'type=frame&number=3',
        `${prefix('frame', '3', 'Quality.COMPRESSED')}\nIncorrect requested frame number: 3`,
      ],
      [
        'type=frame&number=-1',
        `${prefix('frame', '-1', 'Quality.COMPRESSED')}\nIncorrect requested frame number: -1`,
      ],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/api/v1/tasks/${taskId}/data?${query}`);
      assert.equal(response.statusCode, 400, query);
      assert.equal(response.json(), message, query);
    }
  });

  it('answers a task without media with 400 and the empty meta', async () => {
    const empty = await createTask();
    const response = await get(`/api/v1/tasks/${empty}/data?type=preview`);
    assert.equal(response.statusCode, 400, response.body);
    assert.match(
      response.json<string>(),
      /^cannot get requested data type: preview, number: None, quality: compressed\n/,
    );
    const meta = await get(`/api/v1/tasks/${empty}/data/meta`);
    assert.equal(meta.statusCode, 200, meta.body);
    assert.deepEqual(meta.json(), {
      chunk_size: null,
      size: 0,
      image_quality: 50,
      start_frame: 0,
      stop_frame: 0,
      frame_filter: '',
      frames: [],
    });
  });

  it('answers 404 for an unknown task and 403 to a user without access', async () => {
    for (const url of ['/api/v1/tasks/999999/data?type=preview', '/api/v1/tasks/999999/data/meta']) {
      const response = await get(url);
      assert.equal(response.statusCode, 404, url);
      assert.deepEqual(response.json(), { detail: 'Not found.' });
    }
    // With an assignee the task is no longer open to every annotator (auth.md §6).
    const self = (await get('/api/v1/users/self')).json<{ id: number }>();
    const assigned = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/tasks/${taskId}`,
      headers: auth,
      payload: { assignee: self.id },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const stranger = await aUser(harness, { username: 'data-stranger', roles: ['user'] });
    const strangerAuth = await signIn(harness, stranger);
    const data = await get(`/api/v1/tasks/${taskId}/data?type=chunk&number=0`, strangerAuth);
    assert.equal(data.statusCode, 403, data.body);
    assert.equal(data.json(), 'You do not have permission to perform this action.');
    const meta = await get(`/api/v1/tasks/${taskId}/data/meta`, strangerAuth);
    assert.equal(meta.statusCode, 403, meta.body);
  });
});
