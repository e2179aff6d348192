import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import { createFreshDatabase, serviceUrls, type FreshDatabase } from '../support/test-env.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';
import { proxiedUrl, TcpProxy } from '../support/tcp-proxy.js';

interface Readiness {
  status: string;
  checks: Record<string, { status: string; detail?: string }>;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(200);
  }
}

describe('PostgreSQL and Redis outages after start-up', () => {
  let database: FreshDatabase;
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let harness: TestApp;
  let auth: { authorization: string };

  before(async () => {
    database = await createFreshDatabase();
    const pg = new URL(database.url);
    const redis = new URL(serviceUrls().redisUrl);
    pgProxy = await new TcpProxy(pg.hostname, Number(pg.port || 5432)).start();
    redisProxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    harness = await startTestApp({
      DATABASE_URL: proxiedUrl(database.url, pgProxy),
      REDIS_URL: proxiedUrl(serviceUrls().redisUrl, redisProxy),
    });
    auth = await signIn(harness);
  });
  after(async () => {
    await harness.close();
    await pgProxy.cut().catch(() => undefined);
    await redisProxy.cut().catch(() => undefined);
    await database.drop();
  });

  const ready = async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/health/ready' });
    return { status: response.statusCode, body: response.json<Readiness>() };
  };

  it('reports PostgreSQL down, answers 503 on requests that need it, and recovers by itself', async () => {
    await pgProxy.cut();

    const readiness = await ready();
    assert.equal(readiness.status, 503);
    assert.equal(readiness.body.checks.database?.status, 'down');
    assert.equal(readiness.body.checks.redis?.status, 'up');

    const request = await harness.app.inject({ method: 'GET', url: '/api/v1/server/about', headers: auth });
    assert.equal(request.statusCode, 503);
    assert.ok(typeof request.json<{ detail: unknown }>().detail === 'string');
    assert.equal((await harness.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);

    await pgProxy.restore();
    await eventually(async () => (await ready()).status === 200);
    const after = await harness.app.inject({ method: 'GET', url: '/api/v1/server/about', headers: auth });
    assert.equal(after.statusCode, 200);
  });

  it('reports Redis down and recovers by itself', async () => {
    await redisProxy.cut();
    const readiness = await ready();
    assert.equal(readiness.status, 503);
    assert.equal(readiness.body.checks.redis?.status, 'down');
    assert.equal(readiness.body.checks.database?.status, 'up');

    await redisProxy.restore();
    await eventually(async () => (await ready()).status === 200);
  });
});
