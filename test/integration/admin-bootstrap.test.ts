import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { verify } from '@node-rs/argon2';
import pg from 'pg';

import { AdminBootstrapService } from '../../src/auth/admin-bootstrap.service.js';
import { startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app.js';

interface AdminRow {
  id: number;
  password_hash: string;
  is_superuser: boolean;
  is_staff: boolean;
  groups: string[];
}

describe('administrator bootstrap', () => {
  let harness: TestApp;
  let db: pg.Client;

  before(async () => {
    harness = await startTestApp();
    db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await harness.close();
  });

  const readAdmin = async (): Promise<AdminRow> => {
    const result = await db.query<AdminRow>(
      `SELECT u.id, u.password_hash, u.is_superuser, u.is_staff, array_agg(g.name) AS groups
         FROM users u JOIN user_groups ug ON ug.user_id = u.id JOIN groups g ON g.id = ug.group_id
        WHERE u.username = $1 GROUP BY u.id`,
      [TEST_ADMIN.username],
    );
    assert.equal(result.rows.length, 1);
    return result.rows[0];
  };

  it('creates the administrator with a hashed password and the admin role', async () => {
    const admin = await readAdmin();
    assert.ok(admin.is_superuser && admin.is_staff);
    assert.deepEqual(admin.groups, ['admin']);
    assert.ok(admin.password_hash.startsWith('$argon2id$'));
    assert.ok(await verify(admin.password_hash, TEST_ADMIN.password));
  });

  it('is idempotent: a second boot keeps the same account and hash', async () => {
    const before = await readAdmin();
    const result = await harness.app.get(AdminBootstrapService).ensureAdmin();
    assert.equal(result.created, false);
    assert.equal(result.generatedPassword, undefined);
    assert.deepEqual(await readAdmin(), before);
  });

  it('restores the admin rights and configured password when they were changed', async () => {
    await db.query(`UPDATE users SET is_superuser = false, password_hash = 'broken' WHERE username = $1`, [
      TEST_ADMIN.username,
    ]);
    await db.query(`DELETE FROM user_groups`);
    await harness.app.get(AdminBootstrapService).ensureAdmin();
    const admin = await readAdmin();
    assert.ok(admin.is_superuser);
    assert.deepEqual(admin.groups, ['admin']);
    assert.ok(await verify(admin.password_hash, TEST_ADMIN.password));
  });
});
