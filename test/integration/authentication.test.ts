import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import jwt from 'jsonwebtoken';

import { SigningSecret } from '../../src/auth/secrets/signing-secret.service.js';
import { UrlSigner } from '../../src/auth/signing/url-signer.js';
import { aUser, withDb, type CreatedUser } from '../support/builders.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ABOUT = '/api/v1/server/about';
const LOGS = '/api/v1/server/logs';
const EVENT = [{ client_id: 1, name: 'x', time: '2026-01-01T00:00:00Z', is_active: true }];

function cookiesOf(setCookie: string | string[] | undefined): Map<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return new Map(list.map((line) => [line.split('=')[0], line]));
}

function cookieValue(line: string | undefined): string {
  return (line ?? '').split(';')[0]?.split('=')[1] ?? '';
}

describe('authentication', () => {
  let harness: TestApp;
  let alice: CreatedUser;
  let inactive: CreatedUser;

  before(async () => {
    harness = await startTestApp();
    alice = await aUser(harness, { username: 'alice', roles: ['user'] });
    inactive = await aUser(harness, { username: 'sleeper', isActive: false });
  });
  after(() => harness.close());

  const login = (payload: Record<string, string>, form = false) =>
    harness.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      ...(form
        ? {
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: new URLSearchParams(payload).toString(),
          }
        : { payload }),
    });
  const keyOf = async (user: CreatedUser) =>
    (await login({ username: user.username, password: user.password })).json<{ key: string }>().key;
  const get = (url: string, headers: Record<string, string> = {}) =>
    harness.app.inject({ method: 'GET', url, headers });

  describe('sign-in', () => {
    it('answers a key and sets both cookies, for JSON and form bodies', async () => {
      for (const form of [false, true]) {
        const response = await login({ username: 'alice', password: alice.password }, form);
        assert.equal(response.statusCode, 200);
        assert.match(response.json<{ key: string }>().key, /^[\w-]+\.[\w-]+\.[\w-]+$/);
        const cookies = cookiesOf(response.headers['set-cookie']);
        assert.match(cookies.get('sessionid') ?? '', /HttpOnly/);
        assert.match(cookies.get('sessionid') ?? '', /SameSite=Lax/);
        assert.doesNotMatch(cookies.get('csrftoken') ?? 'HttpOnly', /HttpOnly/);
      }
    });

    it('returns the same key on every sign-in until logout', async () => {
      assert.equal(await keyOf(alice), await keyOf(alice));
    });

    it('accepts the username in another letter case', async () => {
      assert.equal((await login({ username: 'ALICE', password: alice.password })).statusCode, 200);
    });

    it('reports missing and wrong credentials as CVAT does', async () => {
      const missingPassword = await login({ username: 'alice' });
      assert.equal(missingPassword.statusCode, 400);
      assert.deepEqual(missingPassword.json(), { password: ['This field is required.'] });

      const missingUsername = await login({ password: 'x' });
      assert.deepEqual(missingUsername.json(), {
        non_field_errors: ['Must include "username" and "password".'],
      });

      for (const attempt of [
        { username: 'alice', password: 'wrong-password' },
        { username: 'nobody', password: 'whatever1' },
        { username: inactive.username, password: inactive.password },
      ]) {
        const response = await login(attempt);
        assert.equal(response.statusCode, 400);
        assert.deepEqual(response.json(), {
          non_field_errors: ['Unable to log in with provided credentials.'],
        });
      }
    });

    it('revokes the key for every client on logout, and issues a new one afterwards', async () => {
      const bob = await aUser(harness, { username: 'bob' });
      const key = await keyOf(bob);
      assert.equal((await get(ABOUT, { authorization: `Token ${key}` })).statusCode, 200);

      const logout = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/auth/logout',
        headers: { authorization: `Token ${key}` },
      });
      assert.equal(logout.statusCode, 200);
      assert.deepEqual(logout.json(), { detail: 'Successfully logged out.' });

      const revoked = await get(ABOUT, { authorization: `Token ${key}` });
      assert.equal(revoked.statusCode, 401);
      assert.deepEqual(revoked.json(), { detail: 'Invalid token.' });
      assert.notEqual(await keyOf(bob), key);
    });

    it('answers logout without credentials, and refuses GET', async () => {
      const anonymous = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/logout' });
      assert.equal(anonymous.statusCode, 200);
      assert.equal((await get('/api/v1/auth/logout')).statusCode, 405);
    });
  });

  describe('API keys', () => {
    it('accepts Token and Bearer keywords in any case', async () => {
      const key = await keyOf(alice);
      for (const keyword of ['Token', 'token', 'Bearer']) {
        assert.equal((await get(ABOUT, { authorization: `${keyword} ${key}` })).statusCode, 200, keyword);
      }
    });

    it('refuses malformed, tampered, truncated and expired keys with the spec messages', async () => {
      const key = await keyOf(alice);
      const secret = await harness.app.get(SigningSecret).get();
      const claims = jwt.decode(key) as Record<string, unknown>;
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret);
      // The second-to-last character carries six full bits of the signature, so changing it always breaks it.
      const replaced = key.at(-2) === 'A' ? 'B' : 'A';
      const flipped = `${key.slice(0, -2)}${replaced}${key.slice(-1)}`;
      const cases: Array<[string, string]> = [
        ['Token', 'Invalid token header. No credentials provided.'],
        [`Token ${key} extra`, 'Invalid token header. Token string should not contain spaces.'],
        ['Token kéy', 'Invalid token header. Token string should not contain invalid characters.'],
        [`Token ${flipped}`, 'Invalid token.'],
        [`Token ${key.slice(0, 20)}`, 'Invalid token.'],
        [`Token ${expired}`, 'Invalid token.'],
        [`Token ${jwt.sign(claims, 'another secret')}`, 'Invalid token.'],
      ];
      for (const [authorization, detail] of cases) {
        const response = await get(ABOUT, { authorization });
        assert.equal(response.statusCode, 401, authorization);
        assert.deepEqual(response.json(), { detail }, authorization);
      }
    });

    it('gives a key-authenticated request without a session the session cookies', async () => {
      const key = await keyOf(alice);
      const first = await get(ABOUT, { authorization: `Token ${key}` });
      const cookies = cookiesOf(first.headers['set-cookie']);
      assert.ok(cookies.has('sessionid') && cookies.has('csrftoken'));

      const repeated = cookiesOf((await get(ABOUT, { authorization: `Token ${key}` })).headers['set-cookie']);
      assert.equal(
        repeated.get('sessionid'),
        cookies.get('sessionid'),
        'one session per key, not per request',
      );

      const session = `sessionid=${cookieValue(cookies.get('sessionid'))}`;
      const again = await get(ABOUT, { authorization: `Token ${key}`, cookie: session });
      assert.equal(again.headers['set-cookie'], undefined);
      assert.equal((await get(ABOUT, { cookie: session })).statusCode, 200);
    });
  });

  describe('sessions', () => {
    it('need the CSRF header on unsafe methods only', async () => {
      const response = await login({ username: 'alice', password: alice.password });
      const cookies = cookiesOf(response.headers['set-cookie']);
      const csrf = cookieValue(cookies.get('csrftoken'));
      const cookie = `sessionid=${cookieValue(cookies.get('sessionid'))}; csrftoken=${csrf}`;

      assert.equal((await get(ABOUT, { cookie })).statusCode, 200);
      const post = (headers: Record<string, string>) =>
        harness.app.inject({ method: 'POST', url: LOGS, payload: EVENT, headers });

      const missing = await post({ cookie });
      assert.equal(missing.statusCode, 403);
      assert.deepEqual(missing.json(), { detail: 'CSRF Failed: CSRF token missing or incorrect.' });
      assert.equal((await post({ cookie, 'x-csrftoken': 'wrong' })).statusCode, 403);
      assert.equal((await post({ cookie, 'X-CSRFTOKEN': csrf })).statusCode, 201);

      const noCsrfCookie = await post({ cookie: `sessionid=${cookieValue(cookies.get('sessionid'))}` });
      assert.deepEqual(noCsrfCookie.json(), { detail: 'CSRF Failed: CSRF cookie not set.' });
    });

    it('ignore an unknown session cookie', async () => {
      const response = await get(ABOUT, { cookie: 'sessionid=unknown' });
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), { detail: 'Authentication credentials were not provided.' });
    });
  });

  describe('HTTP Basic', () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

    it('authenticates with a username and password', async () => {
      assert.equal((await get(ABOUT, { authorization: basic(`alice:${alice.password}`) })).statusCode, 200);
    });

    it('refuses malformed headers and wrong passwords with the spec messages', async () => {
      const cases: Array<[string, string]> = [
        ['Basic', 'Invalid basic header. No credentials provided.'],
        ['Basic a b', 'Invalid basic header. Credentials string should not contain spaces.'],
        ['Basic !!!not-base64!!!', 'Invalid basic header. Credentials not correctly base64 encoded.'],
        [basic('no-colon'), 'Invalid basic header. Credentials not correctly base64 encoded.'],
        [basic('alice:wrong'), 'Invalid username/password.'],
      ];
      for (const [authorization, detail] of cases) {
        const response = await get(ABOUT, { authorization });
        assert.equal(response.statusCode, 401, authorization);
        assert.deepEqual(response.json(), { detail }, authorization);
      }
    });
  });

  describe('signed URLs', () => {
    it('authenticate the exact URL for thirty seconds', async () => {
      const signer = harness.app.get(UrlSigner);
      const signed = new URL(await signer.sign(`http://localhost${ABOUT}?x=1`, alice));
      const path = `${signed.pathname}${signed.search}`;
      assert.equal((await get(path)).statusCode, 200);

      const otherQuery = path.replace('x=1', 'x=2');
      assert.deepEqual((await get(otherQuery)).json(), { detail: 'Invalid signature.' });

      const old = new URL(await signer.sign(`http://localhost${ABOUT}`, alice, Date.now() - 31_000));
      const expired = await get(`${old.pathname}${old.search}`);
      assert.equal(expired.statusCode, 401);
      assert.deepEqual(expired.json(), { detail: 'This URL has expired.' });

      assert.deepEqual((await get(`${ABOUT}?sign=garbage`)).json(), { detail: 'Invalid signature.' });
    });
  });

  describe('inactive users', () => {
    it('are refused by every scheme', async () => {
      const user = await aUser(harness, { username: 'soon-inactive' });
      const key = await keyOf(user);
      const signed = new URL(await harness.app.get(UrlSigner).sign(`http://localhost${ABOUT}`, user));
      await withDb(harness, (db) => db.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]));

      for (const headers of [
        { authorization: `Token ${key}` },
        { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` },
      ]) {
        const response = await get(ABOUT, headers);
        assert.equal(response.statusCode, 401);
        assert.deepEqual(response.json(), { detail: 'User inactive or deleted.' });
      }
      assert.deepEqual((await get(`${signed.pathname}${signed.search}`)).json(), {
        detail: 'User inactive or deleted.',
      });
    });
  });

  it('answers anonymous requests to protected endpoints with 401 and WWW-Authenticate', async () => {
    const response = await get(ABOUT);
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Token');
    assert.deepEqual(response.json(), { detail: 'Authentication credentials were not provided.' });
  });
});

describe('throttling', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp({ THROTTLE_CREDENTIALS_PER_MINUTE: '3', THROTTLE_PUBLIC_PER_MINUTE: '6' });
  });
  after(() => harness.close());

  const attempt = (username: string, ip: string) =>
    harness.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'wrong-password' },
      remoteAddress: ip,
    });

  it('limits sign-in attempts per username, whatever the address', async () => {
    const statuses = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await attempt('victim', `10.0.0.${index}`)).statusCode);
    assert.deepEqual(statuses, [400, 400, 400, 429]);
    const throttled = await attempt('victim', '10.0.0.9');
    assert.match(
      throttled.json<{ detail: string }>().detail,
      /^Request was throttled\. Expected available in \d+ seconds\.$/,
    );
  });

  it('limits anonymous public requests per address', async () => {
    const statuses = [];
    for (let index = 0; index < 7; index += 1)
      statuses.push((await attempt(`user${index}`, '10.1.1.1')).statusCode);
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400, 429]);
    assert.equal((await attempt('someone-else', '10.1.1.2')).statusCode, 400);
  });
});
