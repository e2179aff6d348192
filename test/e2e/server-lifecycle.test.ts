import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer, runUntilExit, type ServerProcess } from '../support/server-process.js';
import { testEnv } from '../support/test-app.js';
import { createFreshDatabase, createTempDir, type FreshDatabase, type TempDir } from '../support/test-env.js';

const SECRET_PASSWORD = 'e2e-admin-password-7f3a';

describe('start-up refusals', () => {
  it('stops with a readable message naming every bad setting', async () => {
    const result = await runUntilExit({ PORT: 'eighty', APP_ROLE: 'everything', DATABASE_URL: 'x' });
    assert.equal(result.code, 2);
    assert.match(result.output, /PORT="eighty" is invalid: expected a port number/);
    assert.match(result.output, /APP_ROLE="everything" is invalid/);
    assert.doesNotMatch(result.output, /\n\s+at /, 'no stack trace');
  });

  it('gives up on an unreachable PostgreSQL after the configured time, with a clear message', async () => {
    const result = await runUntilExit(
      testEnv({
        DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none',
        STARTUP_TIMEOUT_SECONDS: '2',
        LOG_LEVEL: 'warn',
      }),
    );
    assert.equal(result.code, 1);
    assert.match(result.output, /Cannot start: PostgreSQL is unreachable after \d+ attempts/);
  });
});

describe('a running server', () => {
  let database: FreshDatabase;
  let dataRoot: TempDir;
  let server: ServerProcess;
  let env: Record<string, string>;

  before(async () => {
    database = await createFreshDatabase();
    dataRoot = await createTempDir();
    env = testEnv({
      DATABASE_URL: database.url,
      DATA_ROOT: dataRoot.path,
      LOG_LEVEL: 'info',
      CVAT_ADMIN_PASSWORD: SECRET_PASSWORD,
    });
    server = await startServer(env);
  });
  after(async () => {
    await server.stop();
    await database.drop();
    await dataRoot.remove();
  });

  it('serves health and the API over HTTP', async () => {
    const health = await fetch(`${server.baseUrl}/health`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${server.baseUrl}/health/ready`);
    assert.equal(ready.status, 200);
  });

  it('logs JSON lines with the request id, and never credentials', async () => {
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'e2e-login-1' },
      body: JSON.stringify({ username: 'admin', password: SECRET_PASSWORD }),
    });
    assert.equal(login.status, 200);
    assert.equal(login.headers.get('x-request-id'), 'e2e-login-1');
    const { key } = (await login.json()) as { key: string };
    const about = await fetch(`${server.baseUrl}/api/v1/server/about`, {
      headers: { authorization: `Token ${key}` },
    });
    assert.equal(about.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const lines = server.output.filter((line) => line.startsWith('{'));
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(parsed.some((line) => line.reqId === 'e2e-login-1' && line.url === '/api/v1/auth/login'));
    const everything = server.output.join('\n');
    assert.ok(!everything.includes(SECRET_PASSWORD), 'the password reached the log');
    assert.ok(!everything.includes(key), 'the API key reached the log');
  });

  it('keeps its data and its administrator across a restart', async () => {
    await server.stop();
    server = await startServer(env);
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: SECRET_PASSWORD }),
    });
    assert.equal(login.status, 200);
    assert.ok(!server.output.some((line) => line.includes('Applied migrations')), 'migrations ran twice');
  });
});

describe('a generated administrator password', () => {
  it('is printed once on first start, works, and is not printed again', async () => {
    const database = await createFreshDatabase();
    const dataRoot = await createTempDir();
    const env = testEnv({ DATABASE_URL: database.url, DATA_ROOT: dataRoot.path, CVAT_ADMIN_PASSWORD: '' });
    try {
      let server = await startServer(env);
      const line = server.output.find((text) => text.includes('generated password'));
      const password = /generated password: (\S+)/.exec(line ?? '')?.[1];
      assert.ok(password, 'no generated password printed');
      const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      assert.equal(login.status, 200);
      await server.stop();

      server = await startServer(env);
      assert.ok(!server.output.some((text) => text.includes('generated password')));
      await server.stop();
    } finally {
      await database.drop();
      await dataRoot.remove();
    }
  });
});

describe('separate api and worker processes', () => {
  it('share PostgreSQL and Redis and both answer their probes', async () => {
    const database = await createFreshDatabase();
    const dataRoot = await createTempDir();
    const shared = testEnv({ DATABASE_URL: database.url, DATA_ROOT: dataRoot.path });
    const api = await startServer({ ...shared, APP_ROLE: 'api' });
    const worker = await startServer({ ...shared, APP_ROLE: 'worker' });
    try {
      for (const process of [api, worker]) {
        assert.equal((await fetch(`${process.baseUrl}/health/ready`)).status, 200);
      }
      assert.equal(
        (await fetch(`${worker.baseUrl}/api/v1/server/about`)).status,
        404,
        'a worker serves no API',
      );
      const metrics = await (await fetch(`${worker.baseUrl}/metrics`)).text();
      assert.match(metrics, /queue_jobs\{queue="maintenance"/);
    } finally {
      await api.stop();
      await worker.stop();
      await database.drop();
      await dataRoot.remove();
    }
  });
});
