import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { verify } from '@node-rs/argon2';
import pg from 'pg';
import { pino } from 'pino';

import { loadConfig } from '../../src/config/app-config.js';
import { migrateDatabase } from '../../src/startup/prepare-database.js';
import { createFreshDatabase, type FreshDatabase } from '../support/test-env.js';

const OPERATOR = fileURLToPath(new URL('../../src/cli/operator.js', import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface Account {
  id: number;
  username: string;
  email: string;
  password_hash: string;
  is_staff: boolean;
  is_superuser: boolean;
  is_active: boolean;
  groups: string[];
}

describe('operator CLI', () => {
  let database: FreshDatabase;
  let db: pg.Client;

  before(async () => {
    database = await createFreshDatabase();
    await migrateDatabase(loadConfig({ DATABASE_URL: database.url }), pino({ level: 'silent' }));
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await database.drop();
  });

  function cli(...args: string[]): Promise<Run> {
    return cliOn(database.url, args);
  }

  function cliOn(databaseUrl: string, args: string[]): Promise<Run> {
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      PASSWORD_HASH_MEMORY_KIB: '1024',
      PASSWORD_HASH_ITERATIONS: '1',
    };
    return new Promise((resolve) => {
      execFile(process.execPath, [OPERATOR, ...args], { env }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  async function account(username: string): Promise<Account | undefined> {
    const result = await db.query<Account>(
      `SELECT u.id, u.username, u.email, u.password_hash, u.is_staff, u.is_superuser, u.is_active,
              COALESCE(array_agg(g.name ORDER BY g.id) FILTER (WHERE g.name IS NOT NULL), '{}') AS groups
         FROM users u LEFT JOIN user_groups ug ON ug.user_id = u.id LEFT JOIN groups g ON g.id = ug.group_id
        WHERE u.username = $1 GROUP BY u.id`,
      [username],
    );
    return result.rows[0];
  }

  async function snapshot(): Promise<unknown[]> {
    const users = await db.query<Record<string, unknown>>(`SELECT * FROM users ORDER BY id`);
    const groups = await db.query<Record<string, unknown>>(
      `SELECT * FROM user_groups ORDER BY user_id, group_id`,
    );
    return [...users.rows, ...groups.rows];
  }

  /** A key and a browser session, as a sign-in would leave them. */
  async function signInRows(userId: number): Promise<void> {
    await db.query(`INSERT INTO access_tokens (id, user_id) VALUES (gen_random_uuid(), $1)`, [userId]);
    await db.query(
      `INSERT INTO sessions (key_hash, user_id, expires_at) VALUES (md5(random()::text) || md5(random()::text), $1, now() + interval '1 day')`,
      [userId],
    );
  }

  async function signInRowCount(userId: number): Promise<number> {
    const result = await db.query<{ count: string }>(
      `SELECT (SELECT count(*) FROM access_tokens WHERE user_id = $1) + (SELECT count(*) FROM sessions WHERE user_id = $1) AS count`,
      [userId],
    );
    return Number(result.rows[0].count);
  }

  it('creates an account with a generated password that it prints once', async () => {
    const run = await cli('user:create', 'bob', '--email', 'bob@example.com', '--groups', 'user,observer');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Created user "bob" \(id \d+\); groups: user, observer\./);
    const password = /Generated password: (\S+)/.exec(run.stdout)?.[1];
    assert.ok(password, run.stdout);

    const bob = await account('bob');
    assert.ok(bob);
    assert.equal(bob.email, 'bob@example.com');
    assert.deepEqual(bob.groups, ['user', 'observer']);
    assert.equal(bob.is_staff || bob.is_superuser, false);
    assert.ok(await verify(bob.password_hash, password));
  });

  it('creates a superuser with staff rights and the admin group, with the given password', async () => {
    const run = await cli('user:create', 'root', '--superuser', '--password', 'granite-window-8');
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /Generated password/);
    const root = await account('root');
    assert.ok(root && root.is_staff && root.is_superuser);
    assert.deepEqual(root.groups, ['admin']);
    assert.ok(await verify(root.password_hash, 'granite-window-8'));
  });

  it('refuses bad accounts with exit code 1 and changes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['user:create', 'BOB'], /username: A user with that username already exists\./],
      [['user:create', 'carol', '--email', 'BOB@example.com'], /email: A user is already registered/],
      [['user:create', 'carol', '--email', 'not-an-address'], /email: Enter a valid email address\./],
      [['user:create', 'bad name'], /username: Enter a valid username/],
      [
        ['user:create', 'carol', '--password', '12345678'],
        /password: This password is too common\. This password is entirely numeric\./,
      ],
      [['user:create', 'carol', '--groups', 'user,wizard'], /groups: Unknown group wizard/],
      [['user:groups', 'bob', 'admin,wizard'], /groups: Unknown group wizard/],
      [['user:password', 'bob', '--password', 'short'], /password: This password is too short/],
      [['user:deactivate', 'nobody'], /There is no user "nobody"\./],
    ];
    for (const [args, message] of cases) {
      const before = await snapshot();
      const run = await cli(...args);
      assert.equal(run.code, 1, args.join(' '));
      assert.match(run.stderr, message);
      assert.deepEqual(await snapshot(), before, args.join(' '));
    }
  });

  it('answers wrong usage with exit code 2 and the usage text', async () => {
    for (const args of [
      [],
      ['user:frobnicate'],
      ['user:create'],
      ['user:create', 'a', 'b'],
      ['user:create', 'x', '--bogus'],
    ]) {
      const run = await cli(...args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /Usage: npm run cli -- /);
    }
    const help = await cli('--help');
    assert.equal(help.code, 0);
    for (const command of ['user:create', 'user:groups', 'user:password', 'user:deactivate']) {
      assert.match(help.stdout, new RegExp(command));
    }
  });

  it('replaces the groups of an account, found in any letter case', async () => {
    const set = await cli('user:groups', 'BOB', 'annotator');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /User "bob" now has the groups: annotator\./);
    assert.deepEqual((await account('bob'))?.groups, ['annotator']);

    const cleared = await cli('user:groups', 'bob', '');
    assert.match(cleared.stdout, /groups: none\./);
    assert.deepEqual((await account('bob'))?.groups, []);
  });

  it("sets a password and revokes the user's key and sessions", async () => {
    const bob = (await account('bob')) as Account;
    await signInRows(bob.id);
    const run = await cli('user:password', 'bob', '--password', 'meadow-signal-5');
    assert.equal(run.code, 0, run.stderr);
    assert.ok(await verify((await account('bob'))?.password_hash ?? '', 'meadow-signal-5'));
    assert.equal(await signInRowCount(bob.id), 0);

    const generated = await cli('user:password', 'bob');
    const password = /Generated password: (\S+)/.exec(generated.stdout)?.[1] ?? '';
    assert.ok(await verify((await account('bob'))?.password_hash ?? '', password));
  });

  it('deactivates an account, keeping it but revoking its key and sessions', async () => {
    const bob = (await account('bob')) as Account;
    await signInRows(bob.id);
    const run = await cli('user:deactivate', 'bob');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Deactivated "bob"/);
    assert.equal((await account('bob'))?.is_active, false);
    assert.equal(await signInRowCount(bob.id), 0);
  });

  it('explains an unmigrated database', async () => {
    const empty = await createFreshDatabase();
    try {
      const run = await cliOn(empty.url, ['user:deactivate', 'bob']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /Is the database migrated\?/);
    } finally {
      await empty.drop();
    }
  });
});
