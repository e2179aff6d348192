import { Algorithm, hash as argon2id } from '@node-rs/argon2';
import pg from 'pg';

import type { Role } from '../../src/auth/roles.js';
import type { TestApp } from './test-app.js';

export interface UserSpec {
  readonly username: string;
  readonly password?: string;
  readonly email?: string;
  readonly roles?: readonly Role[];
  readonly isActive?: boolean;
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
}

export interface CreatedUser {
  readonly id: number;
  readonly username: string;
  readonly password: string;
}

/** Runs SQL on the test application's own database, to arrange state the API cannot create. */
export async function withDb<T>(harness: TestApp, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: harness.databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** Inserts a user directly, so tests can set up roles and flags without going through the API. */
export async function aUser(harness: TestApp, spec: UserSpec): Promise<CreatedUser> {
  const password = spec.password ?? `${spec.username}-password`;
  const hash = await argon2id(password, { algorithm: Algorithm.Argon2id, memoryCost: 1024, timeCost: 1 });
  return withDb(harness, async (db) => {
    const inserted = await db.query<{ id: number }>(
      `INSERT INTO users (username, email, password_hash, is_active, is_staff, is_superuser)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        spec.username,
        spec.email ?? `${spec.username}@example.com`,
        hash,
        spec.isActive ?? true,
        spec.isStaff ?? false,
        spec.isSuperuser ?? false,
      ],
    );
    const id = inserted.rows[0].id;
    for (const role of spec.roles ?? []) {
      await db.query(
        `INSERT INTO user_groups (user_id, group_id) SELECT $1, id FROM groups WHERE name = $2`,
        [id, role],
      );
    }
    return { id, username: spec.username, password };
  });
}
