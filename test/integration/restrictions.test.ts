import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { createTempDir, type TempDir } from '../support/test-env.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const AGREEMENTS = '/api/v1/restrictions/user-agreements';
const TERMS = '/api/v1/restrictions/terms-of-use';

describe('restrictions with the defaults', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp();
  });
  after(() => harness.close());

  it('lists no user agreements, without authentication', async () => {
    const response = await harness.app.inject({ method: 'GET', url: AGREEMENTS });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), []);
  });

  it('serves a built-in terms-of-use page as HTML', async () => {
    const response = await harness.app.inject({ method: 'GET', url: TERMS });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<h1>Terms of use<\/h1>/);
  });
});

describe('restrictions configured by the operator', () => {
  let harness: TestApp;
  let dir: TempDir;

  before(async () => {
    dir = await createTempDir();
    const terms = join(dir.path, 'terms.html');
    await writeFile(terms, '<html><body><p>Our own terms</p></body></html>');
    harness = await startTestApp({
      USER_AGREEMENTS: JSON.stringify([
        { name: 'agreement_1', display_text: 'some text', url: 'https://example.com', required: true },
        { name: 'agreement_2', displayText: 'camel text', required: false, value: true },
      ]),
      TERMS_OF_USE_FILE: terms,
    });
  });
  after(async () => {
    await harness.close();
    await dir.remove();
  });

  it('lists the agreements with camel-case displayText and defaults filled in', async () => {
    const response = await harness.app.inject({ method: 'GET', url: AGREEMENTS });
    assert.deepEqual(response.json(), [
      {
        name: 'agreement_1',
        displayText: 'some text',
        url: 'https://example.com',
        required: true,
        value: false,
      },
      { name: 'agreement_2', displayText: 'camel text', url: '', required: false, value: true },
    ]);
  });

  it("serves the operator's terms-of-use page", async () => {
    const response = await harness.app.inject({ method: 'GET', url: TERMS });
    assert.equal(response.body, '<html><body><p>Our own terms</p></body></html>');
    assert.match(String(response.headers['content-type']), /^text\/html/);
  });
});
