import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { createTempDir, type TempDir } from '../support/test-env.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

describe('GET /server/share', () => {
  let harness: TestApp;
  let auth: { authorization: string };
  let socketServer: Server | undefined;

  const list = (directory?: string) =>
    harness.app.inject({
      method: 'GET',
      url: '/api/v1/server/share',
      query: directory === undefined ? {} : { directory },
      headers: auth,
    });

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness);
    const { root, share } = dataPaths(harness.config);
    const file = async (path: string) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, 'x');
    };
    await file(join(share, 'test1', 'file1.txt'));
    await mkdir(join(share, 'test1', 'test3'), { recursive: true });
    await file(join(share, 'b.jpg'));
    await mkdir(join(share, 'a-dir'));
    // A sibling whose name starts with the share's: a string-prefix check would let it through.
    await file(join(root, 'share2', 'secret.txt'));
    await symlink(join(root, 'share2'), join(share, 'outside'));
    await symlink(join(root, 'share2', 'secret.txt'), join(share, 'outside.txt'));
    await symlink(join(share, 'test1'), join(share, 'alias'));
    await symlink(join(share, 'b.jpg'), join(share, 'c.jpg'));
    await symlink(join(share, 'nowhere'), join(share, 'dangling'));
    // Neither file nor directory: left out of the listing.
    socketServer = createServer();
    await new Promise<void>((resolve) => socketServer?.listen(join(share, 'socket'), resolve));
  });

  after(async () => {
    await new Promise((resolve) => (socketServer ? socketServer.close(resolve) : resolve(undefined)));
    await harness?.close();
  });

  it('lists the root by name: files, directories and links leading inside the share', async () => {
    for (const directory of [undefined, '/', '']) {
      const response = await list(directory);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), [
        { name: 'a-dir', type: 'DIR' },
        { name: 'alias', type: 'DIR' },
        { name: 'b.jpg', type: 'REG' },
        { name: 'c.jpg', type: 'REG' },
        { name: 'test1', type: 'DIR' },
      ]);
    }
  });

  it('lists a nested directory, with or without the leading slash and through a link', async () => {
    const expected = [
      { name: 'file1.txt', type: 'REG' },
      { name: 'test3', type: 'DIR' },
    ];
    for (const directory of ['/test1', 'test1', '/test1/', '/alias', '/a-dir/../test1']) {
      const response = await list(directory);
      assert.equal(response.statusCode, 200, `${directory}: ${response.body}`);
      assert.deepEqual(response.json(), expected, directory);
    }
    const empty = await list('/test1/test3');
    assert.deepEqual(empty.json(), []);
  });

  it('answers 400 with a bare string for anything that is not a directory inside the share', async () => {
    const cases: [string, string][] = [
      ['/test4', 'test4 is an invalid directory'],
      ['/test1/file1.txt', 'test1/file1.txt is an invalid directory'],
      ['/..', '.. is an invalid directory'],
      ['/test1/../..', 'test1/../.. is an invalid directory'],
      ['/../share2', '../share2 is an invalid directory'],
      ['//etc', '/etc is an invalid directory'],
      ['/etc', 'etc is an invalid directory'],
      ['/outside', 'outside is an invalid directory'],
      ['/alias/../../share2', 'alias/../../share2 is an invalid directory'],
      ['/dangling', 'dangling is an invalid directory'],
    ];
    for (const [directory, message] of cases) {
      const response = await list(directory);
      assert.equal(response.statusCode, 400, directory);
      assert.equal(response.json(), message, directory);
    }
  });

  it('requires authentication', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/server/share' });
    assert.equal(response.statusCode, 401);
  });
});

describe('GET /server/share with SHARE_ROOT', () => {
  let harness: TestApp;
  let auth: { authorization: string };
  let shareDir: TempDir;

  before(async () => {
    shareDir = await createTempDir('cvat-share-');
    // The configured root may itself be a link, as mounts often are; the share is what it leads to.
    const real = join(shareDir.path, 'mounted');
    await mkdir(join(real, 'images'), { recursive: true });
    await writeFile(join(real, 'images', 'a.jpg'), 'x');
    await symlink(real, join(shareDir.path, 'share'));
    harness = await startTestApp({ SHARE_ROOT: join(shareDir.path, 'share') });
    auth = await signIn(harness);
  });

  after(async () => {
    await harness?.close();
    await shareDir?.remove();
  });

  it('lists the configured directory instead of DATA_ROOT/share', async () => {
    const list = (directory: string) =>
      harness.app.inject({ method: 'GET', url: '/api/v1/server/share', query: { directory }, headers: auth });
    assert.deepEqual((await list('/')).json(), [{ name: 'images', type: 'DIR' }]);
    assert.deepEqual((await list('/images')).json(), [{ name: 'a.jpg', type: 'REG' }]);
    assert.equal((await list('/..')).statusCode, 400);
  });

  it('answers HEAD like GET', async () => {
    const response = await harness.app.inject({ method: 'HEAD', url: '/api/v1/server/share', headers: auth });
    assert.equal(response.statusCode, 200);
  });
});
