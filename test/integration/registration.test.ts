import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PASSWORD_MESSAGES } from '../../src/auth/accounts/password-rules.js';
import { browserHeaders, usersSnapshot } from '../support/accounts.js';
import { aUser } from '../support/builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const REGISTER = '/api/v1/auth/register';
const GOOD_PASSWORD = 'violet-harbour-42';

function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { username: 'newcomer', password1: GOOD_PASSWORD, password2: GOOD_PASSWORD, ...overrides };
}

describe('registration', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp();
    await aUser(harness, { username: 'Taken', email: 'taken@example.com' });
  });
  after(() => harness.close());

  const register = (payload: Record<string, unknown>) =>
    harness.app.inject({ method: 'POST', url: REGISTER, payload });

  /** A rejected registration answers 400 with exactly this body and leaves the users as they were. */
  async function expectRejected(payload: Record<string, unknown>, body: unknown): Promise<void> {
    const before = await usersSnapshot(harness);
    const response = await register(payload);
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual(response.json(), body);
    assert.equal(response.headers['set-cookie'], undefined);
    assert.deepEqual(await usersSnapshot(harness), before);
  }

  it('creates an active account without roles and signs it into a session', async () => {
    const response = await register(
      registration({ username: 'bob', email: 'bob@example.com', first_name: 'Bob', last_name: 'Stone' }),
    );
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(response.json(), {
      username: 'bob',
      email: 'bob@example.com',
      first_name: 'Bob',
      last_name: 'Stone',
      email_verification_required: false,
    });

    const self = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/users/self',
      headers: browserHeaders(response),
    });
    assert.equal(self.statusCode, 200);
    const user = self.json<Record<string, unknown>>();
    assert.deepEqual(
      {
        groups: user.groups,
        is_staff: user.is_staff,
        is_superuser: user.is_superuser,
        is_active: user.is_active,
      },
      { groups: [], is_staff: false, is_superuser: false, is_active: true },
    );
    assert.match(String(user.last_login), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    await signIn(harness, { username: 'bob', password: GOOD_PASSWORD });
  });

  it('accepts a bare username and passwords, and treats blank names and e-mail as not given', async () => {
    for (const [username, extra] of [
      ['minimal', {}],
      ['blanks', { email: '', first_name: '', last_name: '  ' }],
    ] as const) {
      const response = await register(registration({ username, ...extra }));
      assert.equal(response.statusCode, 201, response.body);
      assert.deepEqual(response.json(), {
        username,
        email: '',
        first_name: '',
        last_name: '',
        email_verification_required: false,
      });
    }
  });

  it('rejects a username taken in another letter case', async () => {
    await expectRejected(registration({ username: 'taken' }), {
      username: ['A user with that username already exists.'],
    });
    await expectRejected(registration({ username: 'TAKEN' }), {
      username: ['A user with that username already exists.'],
    });
  });

  it('rejects usernames with characters outside letters, digits and @.+-_', async () => {
    for (const username of ['with space', 'semi;colon', 'slash/name', 'quote"d']) {
      await expectRejected(registration({ username }), {
        username: [
          'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
        ],
      });
    }
    const unicode = await register(registration({ username: 'Zoë.Łukasz_1+x@y-z' }));
    assert.equal(unicode.statusCode, 201, unicode.body);
  });

  it('rejects a username longer than 150 characters', async () => {
    await expectRejected(registration({ username: 'a'.repeat(151) }), {
      username: ['Ensure this field has no more than 150 characters.'],
    });
  });

  it('rejects an invalid e-mail address', async () => {
    for (const email of ['not-an-address', 'two@@example.com', 'spaces in@example.com']) {
      await expectRejected(registration({ email }), { email: ['Enter a valid email address.'] });
    }
  });

  it('rejects an e-mail address another user has, in any letter case', async () => {
    await expectRejected(registration({ email: 'TAKEN@example.com' }), {
      email: ['A user is already registered with this e-mail address.'],
    });
  });

  it('rejects passwords that do not match', async () => {
    await expectRejected(registration({ password2: `${GOOD_PASSWORD}!` }), {
      non_field_errors: ["The two password fields didn't match."],
    });
  });

  it('rejects weak passwords under password1 with every rule they break', async () => {
    const cases: Array<[string, string[]]> = [
      ['short1', [PASSWORD_MESSAGES.tooShort]],
      ['password', [PASSWORD_MESSAGES.tooCommon]],
      ['Qwerty123', [PASSWORD_MESSAGES.tooCommon]],
      ['48213957713', [PASSWORD_MESSAGES.numeric]],
      ['1234', [PASSWORD_MESSAGES.tooShort, PASSWORD_MESSAGES.tooCommon, PASSWORD_MESSAGES.numeric]],
    ];
    for (const [password, messages] of cases) {
      await expectRejected(registration({ password1: password, password2: password }), {
        password1: messages,
      });
    }
  });

  it('reports every missing field at once', async () => {
    await expectRejected(
      {},
      {
        username: ['This field is required.'],
        password1: ['This field is required.'],
        password2: ['This field is required.'],
      },
    );
  });

  it('reports field problems together, before comparing the passwords', async () => {
    await expectRejected(
      registration({ username: 'Taken', email: 'taken@example.com', password2: 'other' }),
      {
        username: ['A user with that username already exists.'],
        email: ['A user is already registered with this e-mail address.'],
      },
    );
  });

  it('rejects confirmations that are not a list of answers', async () => {
    await expectRejected(registration({ confirmations: 'yes' }), {
      confirmations: ['Expected a list of items but got type "str".'],
    });
    const before = await usersSnapshot(harness);
    const nameless = await register(registration({ confirmations: [{ value: true }] }));
    assert.equal(nameless.statusCode, 400);
    assert.deepEqual(nameless.json(), { confirmations: [{ name: ['This field is required.'] }] });
    assert.deepEqual(await usersSnapshot(harness), before);
  });

  it('does not accept a trailing slash', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: `${REGISTER}/`,
      payload: registration(),
    });
    assert.equal(response.statusCode, 404);
  });
});

describe('registration with user agreements', () => {
  let harness: TestApp;
  const agreements = [
    { name: 'terms', display_text: 'I accept the terms', url: 'https://example.com/terms', required: true },
    { name: 'newsletter', display_text: 'Send me news', url: '', required: false },
  ];

  before(async () => {
    harness = await startTestApp({ USER_AGREEMENTS: JSON.stringify(agreements) });
  });
  after(() => harness.close());

  const register = (payload: Record<string, unknown>) =>
    harness.app.inject({ method: 'POST', url: REGISTER, payload });

  it('requires every required agreement to be accepted, treating absent confirmations as none', async () => {
    const rejected = { non_field_errors: ['Agreement terms must be accepted'] };
    for (const confirmations of [
      undefined,
      [],
      [{ name: 'terms', value: false }],
      [{ name: 'newsletter', value: true }],
    ]) {
      const before = await usersSnapshot(harness);
      const response = await register(registration(confirmations === undefined ? {} : { confirmations }));
      assert.equal(response.statusCode, 400, JSON.stringify(confirmations));
      assert.deepEqual(response.json(), rejected);
      assert.deepEqual(await usersSnapshot(harness), before);
    }
  });

  it('checks the passwords before the agreements', async () => {
    const response = await register(registration({ password2: 'different-password-1' }));
    assert.deepEqual(response.json(), { non_field_errors: ["The two password fields didn't match."] });
  });

  it('registers once the required agreement is accepted; optional ones may be declined', async () => {
    const response = await register(
      registration({
        confirmations: [
          { name: 'terms', value: true },
          { name: 'newsletter', value: false },
        ],
      }),
    );
    assert.equal(response.statusCode, 201, response.body);
  });
});
