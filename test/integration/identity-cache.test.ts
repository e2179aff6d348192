import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { aUser, withDb } from '../support/builders.js';
import { signIn, startSiblingApp, startTestApp, type TestApp } from '../support/test-app.js';

const SELF = '/api/v1/users/self';

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(20);
  }
}

/** Two application instances stand for two api processes sharing PostgreSQL and Redis. */
describe('remembered identities across processes', () => {
  let harness: TestApp;
  let sibling: NestFastifyApplication;

  before(async () => {
    harness = await startTestApp({ AUTH_CACHE_SECONDS: '600' });
    sibling = await startSiblingApp(harness);
  });
  after(async () => {
    await sibling.close();
    await harness.close();
  });

  const status = async (app: NestFastifyApplication, headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: SELF, headers })).statusCode;

  it('forget a key everywhere as soon as it is revoked by logout', async () => {
    const user = await aUser(harness, { username: 'carol' });
    const auth = await signIn(harness, user);
    assert.equal(await status(sibling, auth), 200, 'the sibling now remembers the key');

    const logout = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth });
    assert.equal(logout.statusCode, 200);
    assert.equal(await status(harness.app, auth), 401, 'the process that revoked forgets at once');
    await eventually(async () => (await status(sibling, auth)) === 401);
  });

  it('forget a user whose account is deactivated by an admin', async () => {
    const user = await aUser(harness, { username: 'dave' });
    const auth = await signIn(harness, user);
    assert.equal(await status(sibling, auth), 200);

    const admin = await signIn(harness);
    const patch = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin,
      payload: { is_active: false },
    });
    assert.equal(patch.statusCode, 200);
    await eventually(async () => (await status(sibling, auth)) === 401);
  });

  it('see new roles without waiting for the cache to expire', async () => {
    const user = await aUser(harness, { username: 'erin' });
    const auth = await signIn(harness, user);
    const roles = async () =>
      (await sibling.inject({ method: 'GET', url: SELF, headers: auth })).json<{ groups: string[] }>().groups;
    assert.deepEqual(await roles(), []);

    const admin = await signIn(harness);
    await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${user.id}`,
      headers: admin,
      payload: { groups: ['user'] },
    });
    await eventually(async () => {
      const create = await sibling.inject({
        method: 'POST',
        url: '/api/v1/server/logs',
        headers: auth,
        payload: [],
      });
      return create.statusCode === 201 && (await roles()).includes('user');
    });
  });

  it('keep serving a remembered key without the database, until a change is announced', async () => {
    const user = await aUser(harness, { username: 'frank' });
    const auth = await signIn(harness, user);
    assert.equal(await status(sibling, auth), 200);
    // A change made behind the server's back (no announcement) is only seen after the cache expires.
    await withDb(harness, (db) => db.query('DELETE FROM access_tokens WHERE user_id = $1', [user.id]));
    const about = await sibling.inject({ method: 'GET', url: '/api/v1/server/about', headers: auth });
    assert.equal(about.statusCode, 200);
  });
});
