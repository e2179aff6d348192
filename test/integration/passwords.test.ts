import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { PasswordResetTokens } from '../../src/auth/accounts/password-reset-tokens.js';
import { PASSWORD_MESSAGES } from '../../src/auth/accounts/password-rules.js';
import { browserHeaders, usersSnapshot } from '../support/accounts.js';
import { aUser, withDb, type CreatedUser } from '../support/builders.js';
import { captureNestLogs, type CapturedLine } from '../support/captured-logs.js';
import { startFakeSmtpServer, type FakeSmtpServer } from '../support/fake-smtp-server.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const CHANGE = '/api/v1/auth/password/change';
const RESET = '/api/v1/auth/password/reset';
const CONFIRM = '/api/v1/auth/password/reset/confirm';
const SELF = '/api/v1/users/self';
const NEW_PASSWORD = 'copper-lantern-77';
const DIFFER = 'The two password fields didn’t match.';

type Inject = TestApp['app']['inject'];

function post(harness: TestApp, url: string, payload: unknown, headers: Record<string, string> = {}) {
  return harness.app.inject({ method: 'POST', url, payload: payload as object, headers });
}

async function signInByBrowser(harness: TestApp, user: CreatedUser) {
  const response = await post(harness, '/api/v1/auth/login', {
    username: user.username,
    password: user.password,
  });
  assert.equal(response.statusCode, 200, response.body);
  return { key: response.json<{ key: string }>().key, browser: browserHeaders(response) };
}

function getAs(harness: TestApp, headers: Record<string, string>): ReturnType<Inject> {
  return harness.app.inject({ method: 'GET', url: SELF, headers });
}

describe('password change', () => {
  let harness: TestApp;
  let sequence = 0;

  before(async () => {
    harness = await startTestApp();
  });
  after(() => harness.close());

  const aFreshUser = () => aUser(harness, { username: `changer${(sequence += 1)}` });
  const change = (user: CreatedUser, fields: Record<string, unknown>, headers: Record<string, string>) =>
    post(harness, CHANGE, { old_password: user.password, ...fields }, headers);

  it('needs authentication', async () => {
    const response = await post(harness, CHANGE, {});
    assert.equal(response.statusCode, 401);
  });

  it('rejects bad input with field errors and changes nothing', async () => {
    const user = await aFreshUser();
    const auth = await signIn(harness, user);
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [
        { old_password: undefined },
        {
          old_password: ['This field is required.'],
          new_password1: ['This field is required.'],
          new_password2: ['This field is required.'],
        },
      ],
      [
        { old_password: 'not-my-password', new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD },
        { old_password: ['Invalid password'] },
      ],
      [{ new_password1: NEW_PASSWORD, new_password2: `${NEW_PASSWORD}x` }, { new_password2: [DIFFER] }],
      [
        { new_password1: 'password', new_password2: 'password' },
        { new_password2: [PASSWORD_MESSAGES.tooCommon] },
      ],
      [
        { new_password1: '1234567', new_password2: '1234567' },
        {
          new_password2: [PASSWORD_MESSAGES.tooShort, PASSWORD_MESSAGES.tooCommon, PASSWORD_MESSAGES.numeric],
        },
      ],
    ];
    for (const [fields, body] of cases) {
      const before = await usersSnapshot(harness);
      const response = await change(user, fields, auth);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json(), body);
      assert.deepEqual(await usersSnapshot(harness), before);
    }
    assert.equal((await getAs(harness, auth)).statusCode, 200, 'the key still works');
  });

  it("saves the password, revokes the user's key and ends his other sessions, keeping this one", async () => {
    const user = await aFreshUser();
    const here = await signInByBrowser(harness, user);
    const elsewhere = await signInByBrowser(harness, user);
    assert.equal(here.key, elsewhere.key, 'one key per user');

    const response = await change(
      user,
      { new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD },
      here.browser,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { detail: 'New password has been saved.' });

    const byOldKey = await getAs(harness, { authorization: `Token ${here.key}` });
    assert.equal(byOldKey.statusCode, 401);
    assert.deepEqual(byOldKey.json(), { detail: 'Invalid token.' });
    assert.equal((await getAs(harness, here.browser)).statusCode, 200, 'this browser stays signed in');
    assert.equal(
      (await getAs(harness, elsewhere.browser)).statusCode,
      401,
      'the other browser is signed out',
    );

    await assert.rejects(signIn(harness, user), /400/);
    await signIn(harness, { username: user.username, password: NEW_PASSWORD });
  });

  it('keeps the browser session that came along with a key-authenticated request', async () => {
    const user = await aFreshUser();
    const { key, browser } = await signInByBrowser(harness, user);
    const headers = { authorization: `Token ${key}`, cookie: browser.cookie };
    const response = await change(
      user,
      { new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD },
      headers,
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.equal((await getAs(harness, { authorization: `Token ${key}` })).statusCode, 401);
    assert.equal((await getAs(harness, browser)).statusCode, 200);
  });
});

describe('password reset without a mail server', () => {
  let harness: TestApp;
  let logs: CapturedLine[];
  let dora: CreatedUser;
  const host = 'cvat.example.test:8080';

  before(async () => {
    harness = await startTestApp();
    dora = await aUser(harness, { username: 'dora', email: 'Dora@Example.com' });
    await aUser(harness, { username: 'dormant', email: 'dora@example.com', isActive: false });
    logs = captureNestLogs();
  });
  after(() => harness.close());
  beforeEach(() => {
    logs.length = 0;
  });

  const requestReset = (email: unknown) => post(harness, RESET, { email }, { host });
  const loggedLinks = (): URL[] =>
    logs
      .filter((line) => line.level === 'log')
      .map((line) => (line.fields as { link?: string }).link)
      .filter((link): link is string => typeof link === 'string')
      .map((link) => new URL(link));
  const confirm = (fields: Record<string, unknown>) => post(harness, CONFIRM, fields);

  async function linkFor(email: string): Promise<{ uid: string; token: string }> {
    const response = await requestReset(email);
    assert.equal(response.statusCode, 200, response.body);
    await sleep(10);
    const links = loggedLinks();
    assert.equal(links.length, 1, 'one link for the one active user');
    logs.length = 0;
    return { uid: links[0].searchParams.get('uid') ?? '', token: links[0].searchParams.get('token') ?? '' };
  }

  it('rejects what is not an e-mail address', async () => {
    for (const [email, message] of [
      ['not-an-address', 'Enter a valid email address.'],
      ['', 'This field may not be blank.'],
      [undefined, 'This field is required.'],
    ] as const) {
      const response = await requestReset(email);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), { email: [message] });
    }
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const response = await requestReset('nobody@example.com');
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { detail: 'Password reset e-mail has been sent.' });
    await sleep(10);
    assert.deepEqual(loggedLinks(), []);
  });

  it('logs one link per active user with the address, pointing at the UI of the requested host', async () => {
    const response = await requestReset('dora@EXAMPLE.com');
    assert.deepEqual(response.json(), { detail: 'Password reset e-mail has been sent.' });
    await sleep(10);
    const [link, ...others] = loggedLinks();
    assert.deepEqual(others, []);
    assert.equal(
      `${link.protocol}//${link.host}${link.pathname}`,
      `http://${host}/auth/password/reset/confirm`,
    );
    assert.equal(link.searchParams.get('uid'), Buffer.from(String(dora.id)).toString('base64url'));
    assert.match(link.searchParams.get('token') ?? '', /^[0-9a-z]+-[\w-]{43}$/);
  });

  it("sends a link for the default administrator's localhost address", async () => {
    const link = await linkFor('admin@localhost');
    assert.ok(link.uid && link.token);
  });

  it('rejects bad confirmations with the field at fault and changes nothing', async () => {
    const { uid, token } = await linkFor('dora@example.com');
    const good = { uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD };
    const cases: Array<[Record<string, unknown>, unknown]> = [
      [
        {},
        {
          new_password1: ['This field is required.'],
          new_password2: ['This field is required.'],
          uid: ['This field is required.'],
          token: ['This field is required.'],
        },
      ],
      [{ ...good, uid: 'Zm9v' }, { uid: ['Invalid value'] }],
      [{ ...good, uid: Buffer.from('999999').toString('base64url') }, { uid: ['Invalid value'] }],
      [{ ...good, token: `${token.slice(0, -1)}A` }, { token: ['Invalid value'] }],
      [{ ...good, token: 'garbage' }, { token: ['Invalid value'] }],
      [{ ...good, new_password2: 'something-else-9' }, { new_password2: [DIFFER] }],
      [
        { ...good, new_password1: 'zq9', new_password2: 'zq9' },
        { new_password2: [PASSWORD_MESSAGES.tooShort] },
      ],
    ];
    for (const [fields, body] of cases) {
      const before = await usersSnapshot(harness);
      const response = await confirm(fields);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json(), body);
      assert.deepEqual(await usersSnapshot(harness), before);
    }
  });

  it('resets the password with the logged link, once, and signs the user out everywhere', async () => {
    const { key } = await signInByBrowser(harness, dora);
    const { uid, token } = await linkFor('dora@example.com');

    const response = await confirm({ uid, token, new_password1: NEW_PASSWORD, new_password2: NEW_PASSWORD });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), { detail: 'Password has been reset with the new password.' });

    assert.equal((await getAs(harness, { authorization: `Token ${key}` })).statusCode, 401);
    await signIn(harness, { username: 'dora', password: NEW_PASSWORD });
    dora = { ...dora, password: NEW_PASSWORD };

    const again = await confirm({
      uid,
      token,
      new_password1: 'another-pass-31',
      new_password2: 'another-pass-31',
    });
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), { token: ['Invalid value'] });
  });

  it('voids a link when the user signs in before using it', async () => {
    const { uid, token } = await linkFor('dora@example.com');
    await signIn(harness, dora);
    const response = await confirm({
      uid,
      token,
      new_password1: 'fresh-pass-512',
      new_password2: 'fresh-pass-512',
    });
    assert.deepEqual(response.json(), { token: ['Invalid value'] });
  });

  it('voids a link after the configured time', async () => {
    const account = await withDb(harness, async (db) => {
      const rows = await db.query<{
        id: number;
        email: string;
        password_hash: string;
        last_login: Date | null;
      }>(`SELECT id, email, password_hash, last_login FROM users WHERE username = 'dora'`);
      const row = rows.rows[0];
      return { id: row.id, email: row.email, passwordHash: row.password_hash, lastLogin: row.last_login };
    });
    const tokens = harness.app.get(PasswordResetTokens);
    const uid = Buffer.from(String(account.id)).toString('base64url');
    const hoursAgo = (hours: number) => Date.now() - hours * 3600 * 1000;

    const stale = await tokens.issue(account, hoursAgo(73));
    const expired = await confirm({
      uid,
      token: stale,
      new_password1: NEW_PASSWORD,
      new_password2: NEW_PASSWORD,
    });
    assert.deepEqual(expired.json(), { token: ['Invalid value'] });

    const recent = await tokens.issue(account, hoursAgo(71));
    const accepted = await confirm({
      uid,
      token: recent,
      new_password1: 'late-but-ok-88',
      new_password2: 'late-but-ok-88',
    });
    assert.equal(accepted.statusCode, 200, accepted.body);
  });
});

describe('password reset by mail', () => {
  let harness: TestApp;
  let smtp: FakeSmtpServer;
  let logs: CapturedLine[];

  before(async () => {
    smtp = await startFakeSmtpServer();
    harness = await startTestApp({ SMTP_URL: smtp.url, EMAIL_FROM: 'CVAT <cvat@example.test>' });
    await aUser(harness, { username: 'erin', email: 'erin@example.com' });
    logs = captureNestLogs();
  });
  after(async () => {
    await harness.close();
    await smtp.close();
  });

  it('mails the link and keeps it out of the log', async () => {
    const response = await post(harness, RESET, { email: 'erin@example.com' }, { host: 'ui.example.test' });
    assert.equal(response.statusCode, 200);
    for (let waited = 0; smtp.received.length === 0 && waited < 5000; waited += 50) await sleep(50);

    assert.equal(smtp.received.length, 1);
    const [mail] = smtp.received;
    assert.match(mail.from, /cvat@example\.test/);
    assert.deepEqual(mail.to, ['<erin@example.com>']);
    const link = /http:\/\/ui\.example\.test\/auth\/password\/reset\/confirm\?uid=\w+&token=[\w-]+/.exec(
      mail.data,
    );
    assert.ok(link, mail.data);

    const logged = JSON.stringify(logs.map((line) => [line.fields, line.rest]));
    assert.ok(!logged.includes(link[0]), 'the link must not be logged when it is mailed');
    assert.ok(!logged.includes('token='), logged);
  });
});
