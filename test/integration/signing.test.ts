import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { UrlSigner } from '../../src/auth/signing/url-signer.js';
import { aUser } from '../support/builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const SIGNING = '/api/v1/auth/signing';
const HOST = 'cvat.example.test:8080';

describe('URL signing', () => {
  let harness: TestApp;
  let auth: { authorization: string };

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness, await aUser(harness, { username: 'scripter' }));
  });
  after(() => harness.close());

  const sign = (payload: unknown, headers: Record<string, string> = auth) =>
    harness.app.inject({
      method: 'POST',
      url: SIGNING,
      payload: payload as object,
      headers: { ...headers, host: HOST },
    });

  it('answers the absolute URL with a signature, as a JSON string', async () => {
    const response = await sign({ url: '/api/v1/users/self?x=1' });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const signed = new URL(response.json<string>());
    assert.equal(`${signed.origin}${signed.pathname}`, `http://${HOST}/api/v1/users/self`);
    assert.equal(signed.searchParams.get('x'), '1');
    assert.ok(signed.searchParams.get('sign'));

    const used = await harness.app.inject({ method: 'GET', url: `${signed.pathname}${signed.search}` });
    assert.equal(used.statusCode, 200, used.body);
    assert.equal(used.json<{ username: string }>().username, 'scripter');
  });

  it('keeps absolute URLs as they are', async () => {
    const response = await sign({ url: 'https://elsewhere.example/api/v1/server/about' });
    assert.match(response.json<string>(), /^https:\/\/elsewhere\.example\/api\/v1\/server\/about\?sign=/);
  });

  it('binds the signature to the exact URL', async () => {
    const response = await sign({ url: '/api/v1/users/self?x=1' });
    const url = new URL(response.json<string>());
    url.searchParams.set('x', '2');
    const tampered = await harness.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    assert.equal(tampered.statusCode, 401);
    assert.deepEqual(tampered.json(), { detail: 'Invalid signature.' });
  });

  it('signs links that expire after 30 seconds', async () => {
    const signer = harness.app.get(UrlSigner);
    const user = {
      id: (await harness.app.inject({ method: 'GET', url: '/api/v1/users/self', headers: auth })).json<{
        id: number;
      }>().id,
      username: 'scripter',
    };
    const old = new URL(await signer.sign('/api/v1/users/self', user, Date.now() - 31_000));
    const response = await harness.app.inject({ method: 'GET', url: `${old.pathname}${old.search}` });
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.json(), { detail: 'This URL has expired.' });
  });

  it('answers a list of one message when the url is missing or empty', async () => {
    for (const payload of [{}, { url: '' }, { other: 'x' }]) {
      const response = await sign(payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.json(), ['Please provide `url` parameter']);
    }
    const bodiless = await harness.app.inject({ method: 'POST', url: SIGNING, headers: auth });
    assert.equal(bodiless.statusCode, 400, bodiless.body);
    assert.deepEqual(bodiless.json(), ['Please provide `url` parameter']);
  });

  it('needs authentication', async () => {
    const response = await sign({ url: '/api/v1/users/self' }, {});
    assert.equal(response.statusCode, 401);
  });
});
