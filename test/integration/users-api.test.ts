import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { usersSnapshot } from '../support/accounts.js';
import { aUser, type CreatedUser } from '../support/builders.js';
import { signIn, startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app.js';

const HOST = 'cvat.example.test:8080';
const BASIC_KEYS = ['first_name', 'id', 'last_name', 'url', 'username'];
const FULL_KEYS = [
  ...BASIC_KEYS,
  'date_joined',
  'email',
  'groups',
  'is_active',
  'is_staff',
  'is_superuser',
  'last_login',
].sort();
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;

interface UserBody {
  url: string;
  id: number;
  username: string;
  [field: string]: unknown;
}
interface PageBody {
  count: number;
  next: string | null;
  previous: string | null;
  results: UserBody[];
}

describe('users API', () => {
  let harness: TestApp;
  const auth = new Map<string, Record<string, string>>();
  const users = new Map<string, CreatedUser>();
  let adminId: number;

  before(async () => {
    // A low cap on page sizes so the suite can show it with a handful of users.
    harness = await startTestApp({ PAGINATION_MAX_PAGE_SIZE: '5' });
    auth.set('admin', await signIn(harness));
    const specs = [
      { username: 'alice' },
      { username: 'bob', roles: ['user'] as const, email: 'bob@example.com' },
      { username: 'staffer', isStaff: true },
      { username: 'plainadmin', roles: ['admin'] as const },
      { username: 'zed' },
    ];
    for (const spec of specs) {
      const user = await aUser(harness, spec);
      users.set(spec.username, user);
      auth.set(spec.username, await signIn(harness, user));
    }
    adminId = (await as('admin', 'GET', '/api/v1/users/self')).json<UserBody>().id;
  });
  after(() => harness.close());

  function as(
    who: string,
    method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE' | 'HEAD',
    url: string,
    payload?: unknown,
  ) {
    const headers = { ...auth.get(who), host: HOST };
    return harness.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }
  const idOf = (username: string) => (users.get(username) as CreatedUser).id;

  describe('list', () => {
    it('gives everybody every user, basic fields only unless the requester is staff', async () => {
      const plain = (await as('alice', 'GET', '/api/v1/users')).json<PageBody>();
      assert.equal(plain.count, 6);
      assert.deepEqual(
        plain.results.map((user) => user.username),
        ['admin', 'alice', 'bob', 'staffer', 'plainadmin'],
      );
      for (const user of plain.results) assert.deepEqual(Object.keys(user).sort(), BASIC_KEYS);
      assert.equal(plain.results[1].url, `http://${HOST}/api/v1/users/${idOf('alice')}`);

      const staff = (await as('staffer', 'GET', '/api/v1/users')).json<PageBody>();
      for (const user of staff.results) assert.deepEqual(Object.keys(user).sort(), FULL_KEYS);
      const admin = staff.results[0];
      assert.deepEqual(admin.groups, ['admin']);
      assert.equal(admin.is_superuser, true);
      assert.match(String(admin.date_joined), TIMESTAMP);
      assert.match(String(admin.last_login), TIMESTAMP);
    });

    it('pages with absolute links that keep the other parameters', async () => {
      const first = (await as('alice', 'GET', '/api/v1/users?page_size=2&ordering=id')).json<PageBody>();
      assert.equal(first.count, 6);
      assert.equal(first.results.length, 2);
      assert.equal(first.previous, null);
      assert.equal(first.next, `http://${HOST}/api/v1/users?page_size=2&ordering=id&page=2`);

      const last = (await as('alice', 'GET', '/api/v1/users?page_size=2&page=last')).json<PageBody>();
      assert.deepEqual(
        last.results.map((user) => user.username),
        ['plainadmin', 'zed'],
      );
      assert.equal(last.next, null);
      assert.equal(last.previous, `http://${HOST}/api/v1/users?page_size=2&page=2`);
    });

    it('falls back to ten for page sizes that are zero, negative or not numbers, and caps huge ones', async () => {
      for (const size of ['0', '-3', 'abc', '2.5', '']) {
        const page = (await as('alice', 'GET', `/api/v1/users?page_size=${size}`)).json<PageBody>();
        // Ten would be the default; the configured cap of five applies to it as well.
        assert.equal(page.results.length, 5, size);
      }
      for (const size of ['100000000000', 'all']) {
        const response = await as('alice', 'GET', `/api/v1/users?page_size=${size}`);
        assert.equal(response.json<PageBody>().results.length, 5, size);
        assert.equal(response.json<PageBody>().next, `http://${HOST}/api/v1/users?page_size=${size}&page=2`);
      }
    });

    it('answers 404 Invalid page for page numbers that are not positive integers or past the end', async () => {
      for (const page of ['0', '-1', 'abc', '1.5', '3']) {
        const response = await as('alice', 'GET', `/api/v1/users?page_size=3&page=${page}`);
        assert.equal(response.statusCode, 404, page);
        assert.deepEqual(response.json(), { detail: 'Invalid page.' });
      }
    });

    it('orders by the fields of the representation the requester gets, ignoring others', async () => {
      const names = async (who: string, ordering: string) =>
        (await as(who, 'GET', `/api/v1/users?page_size=all&ordering=${ordering}`))
          .json<PageBody>()
          .results.map((user) => user.username);
      assert.deepEqual(await names('alice', '-id'), ['zed', 'plainadmin', 'staffer', 'bob', 'alice']);
      assert.deepEqual(await names('alice', '-username'), ['zed', 'staffer', 'plainadmin', 'bob', 'alice']);
      // e-mail is not part of what alice sees, so it cannot order her list.
      assert.deepEqual(await names('alice', '-email'), await names('alice', 'id'));
      assert.deepEqual(await names('alice', 'no_such_field'), await names('alice', 'id'));
      assert.equal((await names('staffer', '-email'))[0], 'zed');
      assert.deepEqual((await names('staffer', '-is_staff,id')).slice(0, 2), ['admin', 'staffer']);
    });

    it('answers HEAD like GET', async () => {
      assert.equal((await as('alice', 'HEAD', '/api/v1/users')).statusCode, 200);
    });
  });

  describe('one user', () => {
    it('shows the requester his full representation, at /self and at his id', async () => {
      for (const url of ['/api/v1/users/self', `/api/v1/users/${idOf('alice')}`]) {
        const user = (await as('alice', 'GET', url)).json<UserBody>();
        assert.deepEqual(Object.keys(user).sort(), FULL_KEYS, url);
        assert.equal(user.username, 'alice');
        assert.deepEqual(user.groups, []);
        assert.equal(user.email, 'alice@example.com');
      }
    });

    it('shows others basic, except to staff', async () => {
      const seenByAlice = (await as('alice', 'GET', `/api/v1/users/${idOf('bob')}`)).json<UserBody>();
      assert.deepEqual(Object.keys(seenByAlice).sort(), BASIC_KEYS);
      const seenByStaff = (await as('staffer', 'GET', `/api/v1/users/${idOf('bob')}`)).json<UserBody>();
      assert.deepEqual(seenByStaff.groups, ['user']);
      const lastLogin = seenByStaff.last_login;
      assert.ok(typeof lastLogin === 'string' && TIMESTAMP.test(lastLogin), String(lastLogin));
    });

    it('answers 404 for ids that are not positive 32-bit integers or name nobody', async () => {
      for (const id of ['abc', '1.5', '-1', '0', '2147483648', '99999999999', '1e3', '424242']) {
        for (const who of ['alice', 'admin']) {
          const response = await as(who, 'GET', `/api/v1/users/${id}`);
          assert.equal(response.statusCode, 404, `${who} ${id}`);
          assert.deepEqual(response.json(), { detail: 'Not found.' });
        }
      }
    });
  });

  describe('PATCH', () => {
    async function expectRejected(
      who: string,
      id: number | string,
      payload: unknown,
      status: number,
      body: unknown,
    ) {
      const before = await usersSnapshot(harness);
      const response = await as(who, 'PATCH', `/api/v1/users/${id}`, payload);
      assert.equal(response.statusCode, status, response.body);
      assert.deepEqual(response.json(), body);
      assert.deepEqual(await usersSnapshot(harness), before);
    }
    const forbidden = { detail: 'You do not have permission to perform this action.' };

    it('lets a user change his names and username, answering the basic representation', async () => {
      const response = await as('zed', 'PATCH', `/api/v1/users/${idOf('zed')}`, {
        first_name: 'Zed',
        last_name: 'Last',
        id: 1,
        url: 'ignored',
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), {
        url: `http://${HOST}/api/v1/users/${idOf('zed')}`,
        id: idOf('zed'),
        username: 'zed',
        first_name: 'Zed',
        last_name: 'Last',
      });
      const renamed = await as('zed', 'PATCH', `/api/v1/users/${idOf('zed')}`, { username: 'Zed' });
      assert.equal(
        renamed.json<UserBody>().username,
        'Zed',
        'a new letter case of his own name is not taken',
      );
    });

    it('refuses privileged fields to a non-staff user, naming them in Python set notation', async () => {
      const id = idOf('alice');
      const denied = (fields: string) => ({
        non_field_errors: [`You do not have permissions to access some of these fields: ${fields}`],
      });
      await expectRejected('alice', id, { is_staff: true }, 400, denied("{'is_staff'}"));
      await expectRejected('alice', id, { groups: ['admin'] }, 400, denied("{'groups'}"));
      await expectRejected(
        'alice',
        id,
        { first_name: 'A', is_superuser: true, email: 'x@y.z' },
        400,
        denied("{'email', 'is_superuser'}"),
      );
      await expectRejected('alice', id, { is_active: false }, 400, {
        non_field_errors: ["Got unknown fields: {'is_active'}"],
      });
      await expectRejected('plainadmin', idOf('bob'), { is_staff: true }, 400, denied("{'is_staff'}"));
    });

    it('reports field errors before unknown fields', async () => {
      await expectRejected('alice', idOf('alice'), { username: '', is_staff: true }, 400, {
        username: ['This field may not be blank.'],
      });
      await expectRejected('alice', idOf('alice'), { username: 'BOB' }, 400, {
        username: ['A user with that username already exists.'],
      });
      await expectRejected('alice', idOf('alice'), { username: 'bad name' }, 400, {
        username: [
          'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
        ],
      });
      await expectRejected('alice', idOf('alice'), ['not', 'a', 'dict'], 400, {
        non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
      });
    });

    it('checks the rule before the lookup: 403 for others, 404 only for admins', async () => {
      await expectRejected('alice', idOf('bob'), { first_name: 'X' }, 403, forbidden);
      await expectRejected('alice', 424242, { first_name: 'X' }, 403, forbidden);
      await expectRejected('alice', 'abc', { first_name: 'X' }, 403, forbidden);
      await expectRejected('admin', 424242, { first_name: 'X' }, 404, { detail: 'Not found.' });
      await expectRejected('admin', 'abc', { first_name: 'X' }, 404, { detail: 'Not found.' });
      await expectRejected('plainadmin', 'self', { first_name: 'X' }, 404, { detail: 'Not found.' });
    });

    it('lets staff change every writable field and answers the full representation', async () => {
      const response = await as('admin', 'PATCH', `/api/v1/users/${idOf('bob')}`, {
        email: 'robert@example.com',
        groups: ['observer', 'user'],
        is_staff: true,
        last_login: '2001-01-01T00:00:00Z',
      });
      assert.equal(response.statusCode, 200, response.body);
      const bob = response.json<UserBody>();
      assert.deepEqual(Object.keys(bob).sort(), FULL_KEYS);
      assert.equal(bob.email, 'robert@example.com');
      assert.deepEqual(bob.groups, ['user', 'observer']);
      assert.equal(bob.is_staff, true);
      assert.notEqual(bob.last_login, '2001-01-01T00:00:00Z');

      await as('admin', 'PATCH', `/api/v1/users/${idOf('bob')}`, { groups: [], is_staff: false });
    });

    it('rejects unknown groups and bad values for staff without changing anything', async () => {
      const id = idOf('bob');
      await expectRejected('admin', id, { groups: ['user', 'foo'] }, 400, {
        groups: ['Object with name=foo does not exist.'],
      });
      await expectRejected('admin', id, { groups: 'admin' }, 400, {
        groups: ['Expected a list of items but got type "str".'],
      });
      await expectRejected('admin', id, { is_staff: 'maybe', email: 'nope' }, 400, {
        is_staff: ['Must be a valid boolean.'],
        email: ['Enter a valid email address.'],
      });
    });

    it('signs a deactivated user out', async () => {
      const response = await as('admin', 'PATCH', `/api/v1/users/${idOf('zed')}`, { is_active: false });
      assert.equal(response.json<UserBody>().is_active, false);
      const refused = await as('zed', 'GET', '/api/v1/users/self');
      assert.equal(refused.statusCode, 401);
      await as('admin', 'PATCH', `/api/v1/users/${idOf('zed')}`, { is_active: true });
      assert.equal(
        (await as('zed', 'GET', '/api/v1/users/self')).statusCode,
        401,
        'the old key stays revoked',
      );
      auth.set('zed', await signIn(harness, users.get('zed')));
    });
  });

  describe('methods that do not exist', () => {
    it('answers PUT with 405 for the user himself or an admin, else 403', async () => {
      assert.equal((await as('alice', 'PUT', `/api/v1/users/${idOf('alice')}`, {})).statusCode, 405);
      assert.equal((await as('admin', 'PUT', `/api/v1/users/${idOf('alice')}`, {})).statusCode, 405);
      const other = await as('alice', 'PUT', `/api/v1/users/${idOf('bob')}`, {});
      assert.equal(other.statusCode, 403);
      assert.deepEqual((await as('admin', 'PUT', `/api/v1/users/${idOf('alice')}`, {})).json(), {
        detail: 'Method "PUT" not allowed.',
      });
    });

    it('answers POST /users with 405 for admins, else 403', async () => {
      const before = await usersSnapshot(harness);
      assert.equal((await as('admin', 'POST', '/api/v1/users', { username: 'x' })).statusCode, 405);
      assert.equal((await as('alice', 'POST', '/api/v1/users', { username: 'x' })).statusCode, 403);
      assert.deepEqual(await usersSnapshot(harness), before);
    });
  });

  describe('DELETE', () => {
    it('is refused to others before the lookup, and answers 404 to admins for unknown ids', async () => {
      const before = await usersSnapshot(harness);
      assert.equal((await as('alice', 'DELETE', `/api/v1/users/${idOf('bob')}`)).statusCode, 403);
      assert.equal((await as('alice', 'DELETE', '/api/v1/users/424242')).statusCode, 403);
      assert.equal((await as('admin', 'DELETE', '/api/v1/users/424242')).statusCode, 404);
      assert.equal((await as('admin', 'DELETE', '/api/v1/users/abc')).statusCode, 404);
      assert.deepEqual(await usersSnapshot(harness), before);
    });

    it('lets a user delete himself, and an admin anybody', async () => {
      const own = await as('zed', 'DELETE', `/api/v1/users/${idOf('zed')}`);
      assert.equal(own.statusCode, 204);
      assert.equal(own.body, '');
      assert.equal((await as('zed', 'GET', '/api/v1/users/self')).statusCode, 401);

      assert.equal((await as('admin', 'DELETE', `/api/v1/users/${idOf('bob')}`)).statusCode, 204);
      assert.equal((await as('admin', 'GET', `/api/v1/users/${idOf('bob')}`)).statusCode, 404);
      const remaining = (await as('admin', 'GET', '/api/v1/users')).json<PageBody>();
      assert.equal(remaining.count, 4);
      assert.ok(remaining.results.some((user) => user.id === adminId));
    });
  });
});

describe('API index', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp();
  });
  after(() => harness.close());

  it('links the collections with absolute URLs', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1',
      headers: { ...(await signIn(harness, TEST_ADMIN)), host: HOST },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json(), {
      projects: `http://${HOST}/api/v1/projects`,
      tasks: `http://${HOST}/api/v1/tasks`,
      users: `http://${HOST}/api/v1/users`,
    });
  });

  it('needs authentication', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1' });
    assert.equal(response.statusCode, 401);
  });
});
