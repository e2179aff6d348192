import assert from 'node:assert/strict';
import { mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { imageBuffer } from '../support/media/images.js';
import { writeVideo } from '../support/media/videos.js';
import { startMediaServer, type MediaServer } from '../support/media-server.js';
import {
  fields,
  files,
  indexed,
  listTree,
  TaskDataClient,
  type TaskStatus,
} from '../support/task-data-requests.js';
import { createTempDir, type TempDir } from '../support/test-env.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

interface TaskBody {
  mode: string;
  size: number;
  data: number;
  segments: unknown[];
}

interface DataRecord {
  client_files: string[];
  server_files: string[];
  remote_files: string[];
}

interface Meta {
  size: number;
  frames: { name: string; width: number; height: number }[];
}

const jpeg = (width: number, red: number) =>
  imageBuffer({ width, height: 32, format: 'jpeg', color: { r: red, g: 90, b: 60 } });

/**
 * `server_files` and `remote_files` end to end: the HTTP app with its in-process worker on real
 * PostgreSQL and Redis, a share on disk and a loopback HTTP server standing in for the internet.
 * Loopback is allowed for that server only through REMOTE_FILES_ALLOWED_NETWORKS; every other
 * internal range stays refused.
 */
describe('POST /tasks/{id}/data with server_files and remote_files', () => {
  let harness: TestApp;
  let client: TaskDataClient;
  let remote: MediaServer;
  let shareDir: TempDir;
  let share: string;
  /** A file beside the share that no request may reach. */
  let secret: string;

  before(async () => {
    shareDir = await createTempDir('cvat-share-');
    share = join(shareDir.path, 'share');
    secret = join(shareDir.path, 'secret.jpg');
    remote = await startMediaServer();
    harness = await startTestApp({
      SHARE_ROOT: share,
      REMOTE_FILES_ALLOWED_NETWORKS: '127.0.0.0/8',
      REMOTE_FILES_MAX_MB: '1',
      REMOTE_FILES_READ_TIMEOUT_SECONDS: '1',
      REMOTE_FILES_MAX_REDIRECTS: '2',
    });
    client = new TaskDataClient(harness, await signIn(harness));

    const put = async (path: string, body: Buffer) => {
      await mkdir(join(share, path, '..'), { recursive: true });
      await writeFile(join(share, path), body);
    };
    await put('test_1.jpg', await jpeg(40, 10));
    await put('test_2.jpg', await jpeg(41, 60));
    await put('test_3.jpg', await jpeg(42, 110));
    await put('data/test_3.jpg', await jpeg(43, 160));
    await put('data/nested/test_4.jpg', await jpeg(44, 210));
    await put('notes/readme.txt', Buffer.from('not media'));
    await writeVideo(join(share, 'videos', 'clip.mp4'), { width: 64, height: 48, frames: 6 });
    await writeFile(secret, await jpeg(50, 250));
    await symlink(secret, join(share, 'escape.jpg'));
    await symlink(secret, join(share, 'data', 'escape.jpg'));
    await symlink(join(share, 'test_1.jpg'), join(share, 'alias.jpg'));
  });

  after(async () => {
    await harness?.close();
    await remote?.close();
    await shareDir?.remove();
  });

  const task = (taskId: number) => client.get<TaskBody>(`/api/v1/tasks/${taskId}`);
  const meta = (taskId: number) => client.get<Meta>(`/api/v1/tasks/${taskId}/data/meta`);
  const frameNames = async (taskId: number) => (await meta(taskId)).frames.map((frame) => frame.name);
  const rawFiles = async (taskId: number) =>
    listTree(join(dataPaths(harness.config).data, String((await task(taskId)).data), 'raw'));

  async function attachJson(body: Record<string, unknown>): Promise<{ taskId: number; echoed: DataRecord }> {
    const taskId = await client.createTask();
    const response = await client.postJson(taskId, { image_quality: 70, ...body });
    assert.equal(response.statusCode, 202, response.body);
    return { taskId, echoed: response.json<DataRecord>() };
  }

  async function finished(taskId: number): Promise<TaskStatus[]> {
    const { final, seen } = await client.settle(taskId);
    assert.deepEqual(final, { state: 'Finished', message: '' });
    return seen;
  }

  /** The task failed with `message`, kept nothing of what processing wrote and has no frames. */
  async function failedWith(taskId: number, message: string): Promise<void> {
    const { final } = await client.settle(taskId);
    assert.deepEqual(final, { state: 'Failed', message });
    const body = await task(taskId);
    assert.equal(body.size, 0);
    assert.deepEqual(body.segments, []);
    const dataDir = join(dataPaths(harness.config).data, String(body.data));
    assert.deepEqual(await listTree(dataDir), ['raw'], 'only the empty upload area is left');
  }

  describe('server_files', () => {
    it('copies share files under their share paths, which become the frame names in plain order', async () => {
      const { taskId, echoed } = await attachJson({
        server_files: ['test_1.jpg', 'test_2.jpg', '/test_3.jpg', 'data/test_3.jpg'],
      });
      assert.deepEqual(echoed.server_files, ['test_1.jpg', 'test_2.jpg', '/test_3.jpg', 'data/test_3.jpg']);
      assert.deepEqual(echoed.client_files, []);
      await finished(taskId);

      assert.deepEqual(await frameNames(taskId), [
        'data/test_3.jpg',
        'test_1.jpg',
        'test_2.jpg',
        'test_3.jpg',
      ]);
      assert.deepEqual((await meta(taskId)).frames[0], { name: 'data/test_3.jpg', width: 43, height: 32 });
      assert.deepEqual(await rawFiles(taskId), [
        'data',
        'data/test_3.jpg',
        'test_1.jpg',
        'test_2.jpg',
        'test_3.jpg',
      ]);

      // A copy, not a link to the share's file: the share can change without changing the task.
      const dataDir = join(dataPaths(harness.config).data, String((await task(taskId)).data));
      const [copied, original] = await Promise.all([
        stat(join(dataDir, 'raw', 'test_1.jpg')),
        stat(join(share, 'test_1.jpg')),
      ]);
      assert.notEqual(copied.ino, original.ino);
      assert.equal(original.nlink, 1);
    });

    it('copies directories recursively from indexed form fields, leaving out what is no media', async () => {
      const taskId = await client.createTask();
      const response = await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...indexed('server_files', ['/data/']),
      ]);
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json<DataRecord>().server_files, ['/data/']);
      await finished(taskId);
      assert.deepEqual(await frameNames(taskId), ['data/nested/test_4.jpg', 'data/test_3.jpg']);
      assert.equal((await task(taskId)).mode, 'annotation');
    });

    it('drops a directory listed together with a file inside it', async () => {
      const { taskId } = await attachJson({ server_files: ['data', 'data/nested/test_4.jpg'] });
      await finished(taskId);
      assert.deepEqual(await frameNames(taskId), ['data/nested/test_4.jpg']);
    });

    it('follows links that stay inside the share', async () => {
      const { taskId } = await attachJson({ server_files: ['alias.jpg', 'test_2.jpg'] });
      await finished(taskId);
      assert.deepEqual(await meta(taskId).then((body) => body.frames), [
        { name: 'alias.jpg', width: 40, height: 32 },
        { name: 'test_2.jpg', width: 41, height: 32 },
      ]);
    });

    it('makes an interpolation task of a video in a subdirectory of the share', async () => {
      const { taskId } = await attachJson({ server_files: ['videos/clip.mp4'] });
      await finished(taskId);
      const body = await task(taskId);
      assert.equal(body.mode, 'interpolation');
      assert.equal(body.size, 6);
      // data/meta names a video by its file name alone, wherever it was.
      assert.deepEqual(await frameNames(taskId), ['clip.mp4']);
    });

    const refused: [string, string[], string][] = [
      ['a path with ..', ['../secret.jpg'], "ValueError: Don't use '..' inside file paths\n"],
      ['.. after a directory', ['data/../../secret.jpg'], "ValueError: Don't use '..' inside file paths\n"],
      [
        '.. among good paths',
        ['test_1.jpg', '/../secret.jpg'],
        "ValueError: Don't use '..' inside file paths\n",
      ],
      [
        'an absolute path outside the share',
        ['/etc/passwd'],
        "FileNotFoundError: No such file or directory in the share: 'etc/passwd'\n",
      ],
      ['a link leading outside the share', ['escape.jpg'], 'ValueError: Bad file path: escape.jpg\n'],
      [
        'a missing file',
        ['test_1.jpg', 'missing.jpg'],
        "FileNotFoundError: No such file or directory in the share: 'missing.jpg'\n",
      ],
      ['the share itself', ['/'], 'ValueError: Bad file path: /\n'],
    ];
    for (const [title, serverFiles, message] of refused) {
      it(`fails on ${title}, leaving nothing behind`, async () => {
        const { taskId } = await attachJson({ server_files: serverFiles });
        await failedWith(taskId, message);
      });
    }

    it('fails on an absolute path to a real file outside the share, reading nothing of it', async () => {
      const { taskId } = await attachJson({ server_files: [secret] });
      await failedWith(
        taskId,
        `FileNotFoundError: No such file or directory in the share: '${secret.slice(1)}'\n`,
      );
    });

    it('skips a link to outside the share inside a listed directory', async () => {
      const { taskId } = await attachJson({ server_files: ['data'] });
      await finished(taskId);
      assert.ok(!(await frameNames(taskId)).includes('data/escape.jpg'));
      assert.ok(!(await rawFiles(taskId)).includes('data/escape.jpg'));
    });
  });

  describe('mixing sources', () => {
    it('takes uploads and share files together when they are of one kind', async () => {
      const taskId = await client.createTask();
      const response = await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...files([['upload.jpg', await jpeg(60, 30)]]),
        ...indexed('server_files', ['test_2.jpg', 'data/test_3.jpg']),
      ]);
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(response.json<DataRecord>().client_files, ['upload.jpg']);
      await finished(taskId);
      assert.deepEqual(await frameNames(taskId), ['data/test_3.jpg', 'test_2.jpg', 'upload.jpg']);
    });

    it('fails on a share video with an uploaded image, keeping only the upload', async () => {
      const taskId = await client.createTask();
      const response = await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...files([['upload.jpg', await jpeg(60, 30)]]),
        ...indexed('server_files', ['videos/clip.mp4']),
      ]);
      assert.equal(response.statusCode, 202, response.body);
      const { final } = await client.settle(taskId);
      assert.deepEqual(final, {
        state: 'Failed',
        message:
          'ValueError: Only one video, archive, pdf, zip or many image, directory can be used simultaneously, ' +
          'but 1 image(s), 1 video(s), 0 archive(s), 0 directory(s), 0 pdf(s), 0 zip(s) found.\n',
      });
      assert.deepEqual(await rawFiles(taskId), ['upload.jpg']);
    });

    it('fails on a share directory with uploaded images', async () => {
      const taskId = await client.createTask();
      await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...files([['upload.jpg', await jpeg(60, 30)]]),
        ...indexed('server_files', ['data']),
      ]);
      const { final } = await client.settle(taskId);
      assert.deepEqual(final, {
        state: 'Failed',
        message: 'Exception: Combined data types are not supported\n',
      });
      assert.deepEqual(await rawFiles(taskId), ['upload.jpg']);
    });

    it('answers 400 when an upload has the name a share path takes, storing nothing', async () => {
      const taskId = await client.createTask();
      const response = await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...files([['data', await jpeg(60, 30)]]),
        ...indexed('server_files', ['data/test_3.jpg']),
      ]);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), {
        server_files: ['data/test_3.jpg has the same name as an uploaded file'],
      });
      assert.equal((await client.get<{ data?: number }>(`/api/v1/tasks/${taskId}`)).data, undefined);
      assert.deepEqual(await listTree(dataPaths(harness.config).tmp), []);
    });

    it('ignores uploads when remote files are given', async () => {
      remote.serve('/mixed/remote.jpg', { kind: 'file', body: await jpeg(70, 90) });
      const taskId = await client.createTask();
      const response = await client.postForm(taskId, [
        ...fields({ image_quality: 50 }),
        ...files([['upload.jpg', await jpeg(60, 30)]]),
        ...indexed('remote_files', [remote.url('/mixed/remote.jpg')]),
      ]);
      assert.equal(response.statusCode, 202, response.body);
      const echoed = response.json<DataRecord>();
      assert.deepEqual(echoed.client_files, []);
      assert.deepEqual(echoed.remote_files, [remote.url('/mixed/remote.jpg')]);
      await finished(taskId);
      assert.deepEqual(await frameNames(taskId), ['remote.jpg']);
      assert.deepEqual(await rawFiles(taskId), ['remote.jpg']);
    });

    it('takes downloads and share files together', async () => {
      remote.serve('/mixed/other.jpg', { kind: 'file', body: await jpeg(71, 90) });
      const { taskId } = await attachJson({
        remote_files: [remote.url('/mixed/other.jpg')],
        server_files: ['test_1.jpg'],
      });
      await finished(taskId);
      assert.deepEqual(await frameNames(taskId), ['other.jpg', 'test_1.jpg']);
    });

    it('fails when a download and a share path take the same name', async () => {
      remote.serve('/mixed/test_1.jpg', { kind: 'file', body: await jpeg(72, 90) });
      const { taskId } = await attachJson({
        remote_files: [remote.url('/mixed/test_1.jpg')],
        server_files: ['test_1.jpg'],
      });
      await failedWith(taskId, 'Exception: filename collision: test_1.jpg\n');
      assert.equal(remote.received.filter((request) => request.path === '/mixed/test_1.jpg').length, 0);
    });
  });

  describe('remote_files', () => {
    it('downloads each URL to the last component of its path, reporting each download', async () => {
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      remote.serve('/media/first.jpg', { kind: 'file', body: await jpeg(80, 20), until: held });
      remote.serve('/media/second%20image.jpg', { kind: 'file', body: await jpeg(81, 40), chunked: true });
      const first = remote.url('/media/first.jpg?version=3&token=x');
      const second = remote.url('/media/second%20image.jpg');

      const { taskId, echoed } = await attachJson({ remote_files: [second, first] });
      assert.deepEqual(echoed.remote_files, [second, first]);
      const downloading = await client.waitForStatus(taskId, (status) =>
        status.message.includes('first.jpg'),
      );
      assert.deepEqual(downloading, { state: 'Started', message: `${first} is being downloaded..` });
      release();
      await finished(taskId);

      assert.deepEqual(await meta(taskId).then((body) => body.frames), [
        { name: 'first.jpg', width: 80, height: 32 },
        { name: 'second image.jpg', width: 81, height: 32 },
      ]);
      const requests = remote.received.filter((request) => request.path.startsWith('/media/'));
      assert.ok(requests.every((request) => request.userAgent === 'Mozilla/5.0'));
    });

    it('follows redirects within the limit', async () => {
      remote.serve('/hop/one', { kind: 'redirect', location: '/hop/two', status: 301 });
      remote.serve('/hop/two', { kind: 'redirect', location: remote.url('/hop/target.jpg'), status: 307 });
      remote.serve('/hop/target.jpg', { kind: 'file', body: await jpeg(82, 20) });
      const { taskId } = await attachJson({ remote_files: [remote.url('/hop/one')] });
      await finished(taskId);
      // The name comes from the URL that was asked for, as in CVAT.
      assert.deepEqual(await frameNames(taskId), ['one']);
    });

    const internal = [
      'http://10.1.2.3/x.jpg',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x.jpg',
    ];
    for (const location of internal) {
      it(`refuses a redirect to ${location} without connecting to it`, async () => {
        const path = `/to-internal/${encodeURIComponent(location)}/file.jpg`;
        remote.serve(path, { kind: 'redirect', location });
        const url = remote.url(path);
        const { taskId } = await attachJson({ remote_files: [url] });
        await failedWith(
          taskId,
          `Exception: Invalid URL: ${url}. It leads to an internal (private, loopback, link-local or reserved) address\n`,
        );
      });
    }

    it('refuses a URL whose host is an internal address that is not allowed', async () => {
      const url = 'http://192.168.0.1/image.jpg';
      const { taskId } = await attachJson({ remote_files: [url] });
      await failedWith(
        taskId,
        `Exception: Invalid URL: ${url}. It leads to an internal (private, loopback, link-local or reserved) address\n`,
      );
    });

    it('fails after too many redirects', async () => {
      remote.serve('/loop.jpg', { kind: 'redirect', location: '/loop.jpg' });
      const url = remote.url('/loop.jpg');
      const { taskId } = await attachJson({ remote_files: [url] });
      await failedWith(taskId, `Exception: Failed to download ${url}. It redirects more than 2 times\n`);
    });

    it('fails on a file larger than the limit, announced or not, keeping no part of it', async () => {
      const big = Buffer.alloc(1.5 * 2 ** 20, 1);
      remote.serve('/big/announced.jpg', { kind: 'file', body: big });
      remote.serve('/big/streamed.jpg', { kind: 'file', body: big, chunked: true });
      for (const path of ['/big/announced.jpg', '/big/streamed.jpg']) {
        const url = remote.url(path);
        const { taskId } = await attachJson({ remote_files: [remote.url('/media/first.jpg'), url] });
        await failedWith(taskId, `Exception: Failed to download ${url}. It is larger than 1 MB\n`);
      }
    });

    it('fails when the server does not answer, or stops sending, within the read timeout', async () => {
      remote.serve('/slow/silent.jpg', { kind: 'silent' });
      remote.serve('/slow/stalled.jpg', { kind: 'stall', length: 50_000, sent: 10_000 });
      for (const path of ['/slow/silent.jpg', '/slow/stalled.jpg']) {
        const url = remote.url(path);
        const { taskId } = await attachJson({ remote_files: [url] });
        await failedWith(taskId, `Exception: Failed to download ${url}. No data for 1 s\n`);
      }
    });

    it("fails with the server's status on an error answer", async () => {
      const url = remote.url('/nothing-here.jpg');
      const { taskId } = await attachJson({ remote_files: [url] });
      await failedWith(taskId, `Exception: Failed to download ${url}. 404 - Not Found\n`);
    });

    it('fails on two URLs with the same file name before downloading either', async () => {
      const urls = [remote.url('/a/same.jpg'), remote.url('/b/same.jpg?x=1')];
      const { taskId } = await attachJson({ remote_files: urls });
      await failedWith(taskId, 'Exception: filename collision: same.jpg\n');
      assert.ok(!remote.received.some((request) => request.path.endsWith('/same.jpg')));
    });

    const invalid: [string, string][] = [
      ['ftp://127.0.0.1/file.jpg', 'Only http and https URLs can be downloaded, not ftp:'],
      ['not a url', 'It is not an absolute URL'],
      ['http://127.0.0.1:1/', 'Its path does not end in a file name'],
    ];
    for (const [url, reason] of invalid) {
      it(`fails on the invalid URL ${JSON.stringify(url)}`, async () => {
        const { taskId } = await attachJson({ remote_files: [url] });
        await failedWith(taskId, `Exception: Invalid URL: ${url}. ${reason}\n`);
      });
    }

    it('answers 400 to a list that is not made of strings', async () => {
      const taskId = await client.createTask();
      const response = await client.postJson(taskId, {
        image_quality: 70,
        remote_files: [1],
        server_files: {},
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), {
        server_files: ['Expected a list of items but got type "dict".'],
        remote_files: ['Not a valid string.'],
      });
    });
  });
});
