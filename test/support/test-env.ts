import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

/** Service URLs prepared by `npm test` (scripts/test.mjs); every test file makes its own database. */
export function serviceUrls(): { databaseUrl: string; redisUrl: string } {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new Error('TEST_DATABASE_URL and REDIS_URL are not set: run the tests with `npm test`.');
  }
  return { databaseUrl, redisUrl };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export interface FreshDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function onMaintenanceDb<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An empty database on the test server, so test files never see each other's rows. */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  const { databaseUrl } = serviceUrls();
  const name = uniqueName('t');
  await onMaintenanceDb(databaseUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      onMaintenanceDb(databaseUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}

export interface TempDir {
  readonly path: string;
  remove(): Promise<void>;
}

export async function createTempDir(prefix = 'cvat-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
