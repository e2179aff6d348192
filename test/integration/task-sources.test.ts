import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';

import { loadConfig } from '../../src/config/app-config.js';
import { MediaFailure } from '../../src/data/media-failure.js';
import {
  RemoteDownloader,
  type HostResolver,
  type RemoteFileLimits,
} from '../../src/data/sources/remote-downloader.js';
import { ShareCopier } from '../../src/data/sources/share-copier.js';
import { TaskSourceFetcher } from '../../src/data/sources/task-sources.js';
import { captureNestLogs } from '../support/captured-logs.js';
import { startMediaServer, type MediaServer } from '../support/media-server.js';
import { listTree } from '../support/task-data-requests.js';
import { createTempDir, type TempDir } from '../support/test-env.js';

const LIMITS: RemoteFileLimits = {
  maxBytes: 2 ** 20,
  connectTimeoutMs: 2000,
  readTimeoutMs: 2000,
  maxRedirects: 3,
  allowPrivate: false,
  allowedNetworks: [],
};

const INTERNAL = 'It leads to an internal (private, loopback, link-local or reserved) address';

/** The status text a failed promise carries, as the task's status would show it. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MediaFailure, String(error));
    return error.message;
  }
  assert.fail('expected a failure');
}

describe('task sources on a real file system and a loopback server', () => {
  const logs = captureNestLogs();
  let remote: MediaServer;
  let temp: TempDir;
  let uploadDir: string;
  let share: string;

  before(async () => {
    remote = await startMediaServer();
    remote.serve('/a.jpg', { kind: 'file', body: Buffer.from('first') });
    remote.serve('/b.jpg', { kind: 'file', body: Buffer.from('second') });
    remote.serve('/to-a', { kind: 'redirect', location: '/a.jpg' });
  });

  beforeEach(async () => {
    await temp?.remove();
    temp = await createTempDir('cvat-sources-');
    share = join(temp.path, 'share');
    uploadDir = join(temp.path, 'raw');
    await mkdir(join(share, 'dir'), { recursive: true });
    await writeFile(join(share, 'dir', 'c.jpg'), 'third');
    await mkdir(uploadDir);
    await writeFile(join(uploadDir, 'upload.jpg'), 'uploaded');
  });

  after(async () => {
    await temp?.remove();
    await remote?.close();
  });

  const fetcher = (limits: RemoteFileLimits, resolver?: HostResolver) =>
    new TaskSourceFetcher(
      loadConfig({ DATA_ROOT: temp.path, SHARE_ROOT: share }),
      new ShareCopier(),
      new RemoteDownloader(limits, resolver),
    );

  describe('with loopback allowed', () => {
    const allowed = { ...LIMITS, allowedNetworks: ['127.0.0.1'] };

    it('downloads, then copies from the share, reporting each step; returns every entry', async () => {
      const messages: string[] = [];
      const sources = { remoteFiles: [remote.url('/a.jpg'), remote.url('/b.jpg')], serverFiles: ['dir'] };
      const entries = await fetcher(allowed).fetch(sources, uploadDir, (message) => messages.push(message));

      assert.deepEqual(entries, ['upload.jpg', 'a.jpg', 'b.jpg', 'dir']);
      assert.deepEqual(messages, [
        `${remote.url('/a.jpg')} is being downloaded..`,
        `${remote.url('/b.jpg')} is being downloaded..`,
        'Data are being copied from share..',
      ]);
      assert.deepEqual(await listTree(uploadDir), ['a.jpg', 'b.jpg', 'dir', 'dir/c.jpg', 'upload.jpg']);
    });

    it('removes what it fetched when a later source fails, keeping the uploads', async () => {
      const sources = { remoteFiles: [remote.url('/a.jpg')], serverFiles: ['dir', 'missing.jpg'] };
      const message = await failureOf(fetcher(allowed).fetch(sources, uploadDir, () => {}));
      assert.equal(message, "FileNotFoundError: No such file or directory in the share: 'missing.jpg'");
      assert.deepEqual(await listTree(uploadDir), ['upload.jpg']);
    });

    it('logs where it downloads from, but never the query string, which may hold a key', async () => {
      logs.length = 0;
      const url = `${remote.url('/a.jpg')}?signature=very-secret`;
      await fetcher(allowed).fetch({ remoteFiles: [url], serverFiles: [] }, uploadDir, () => {});
      assert.ok(logs.some((line) => JSON.stringify(line.fields).includes('/a.jpg')));
      assert.ok(!JSON.stringify(logs).includes('very-secret'));
    });

    it('gives up when no connection is made within the connect timeout, name resolution included', async () => {
      const slowResolver: HostResolver = () =>
        new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 1000));
      const url = `http://media.example:${new URL(remote.url('/')).port}/a.jpg`;
      const started = Date.now();
      const message = await failureOf(
        fetcher({ ...allowed, connectTimeoutMs: 200 }, slowResolver).fetch(
          { remoteFiles: [url], serverFiles: [] },
          uploadDir,
          () => {},
        ),
      );
      assert.equal(message, `Exception: Invalid URL: ${url}. No connection within 0.2 s`);
      assert.ok(Date.now() - started < 900, 'the timeout, not the resolver, ended the attempt');
      assert.deepEqual(await listTree(uploadDir), ['upload.jpg']);
    });

    it('connects to the address a name resolves to when it is allowed', async () => {
      const resolver: HostResolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      const url = `http://media.example:${new URL(remote.url('/')).port}/b.jpg`;
      await fetcher(allowed, resolver).fetch({ remoteFiles: [url], serverFiles: [] }, uploadDir, () => {});
      assert.deepEqual(await listTree(uploadDir), ['b.jpg', 'upload.jpg']);
    });

    it('replaces what an earlier attempt left', async () => {
      await writeFile(join(uploadDir, 'a.jpg'), 'stale');
      const sources = { remoteFiles: [remote.url('/a.jpg')], serverFiles: [] };
      await fetcher(allowed).fetch(sources, uploadDir, () => {});
      assert.deepEqual(await listTree(uploadDir), ['a.jpg', 'upload.jpg']);
    });
  });

  describe('with the default address rules', () => {
    for (const url of [
      'http://127.0.0.1:PORT/a.jpg',
      'http://localhost:PORT/a.jpg',
      'http://[::ffff:127.0.0.1]:PORT/a.jpg',
    ]) {
      it(`refuses ${url} without sending a request`, async () => {
        const target = url.replace('PORT', new URL(remote.url('/')).port);
        const before = remote.received.length;
        const message = await failureOf(
          fetcher(LIMITS).fetch({ remoteFiles: [target], serverFiles: [] }, uploadDir, () => {}),
        );
        assert.equal(message, `Exception: Invalid URL: ${target}. ${INTERNAL}`);
        // The operator learns which address was refused; the user does not.
        assert.ok(
          logs.some((line) => line.level === 'warn' && JSON.stringify(line.fields).includes('address')),
        );
        assert.equal(remote.received.length, before);
        assert.deepEqual(await listTree(uploadDir), ['upload.jpg']);
      });
    }

    it('refuses a name when any of its addresses is internal, so that a later lookup cannot pick it', async () => {
      const resolver: HostResolver = () =>
        Promise.resolve([
          { address: '93.184.216.34', family: 4 },
          { address: '10.0.0.5', family: 4 },
        ]);
      const url = 'http://rebinding.example/a.jpg';
      const message = await failureOf(
        fetcher(LIMITS, resolver).fetch({ remoteFiles: [url], serverFiles: [] }, uploadDir, () => {}),
      );
      assert.equal(message, `Exception: Invalid URL: ${url}. ${INTERNAL}`);
    });

    it('lets everything through when private addresses are allowed', async () => {
      const open = fetcher({ ...LIMITS, allowPrivate: true });
      await open.fetch({ remoteFiles: [remote.url('/to-a')], serverFiles: [] }, uploadDir, () => {});
      assert.deepEqual(await listTree(uploadDir), ['to-a', 'upload.jpg']);
    });
  });
});
