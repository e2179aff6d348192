import { mkdir } from 'node:fs/promises';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';

import { createHttpApp } from '../../src/app/http-app.js';
import { dataPaths } from '../../src/common/storage/data-paths.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { ensureAdministrator, migrateDatabase } from '../../src/startup/prepare-database.js';
import { createFreshDatabase, createTempDir, serviceUrls, uniqueName } from './test-env.js';

export const TEST_ADMIN = { username: 'admin', password: 'admin-test-password' } as const;

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** Settings for a test process: its own database, queue prefix and data root, cheap hashing. */
export function testEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: serviceUrls().redisUrl,
    QUEUE_PREFIX: uniqueName('q'),
    CVAT_ADMIN_USER: TEST_ADMIN.username,
    CVAT_ADMIN_PASSWORD: TEST_ADMIN.password,
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PASSWORD_HASH_ITERATIONS: '1',
    HEALTH_MIN_FREE_DISK_MB: '1',
    // Suites sign in far more often than people do; the throttling suite sets its own limits.
    THROTTLE_CREDENTIALS_PER_MINUTE: '100000',
    THROTTLE_PUBLIC_PER_MINUTE: '100000',
    ...overrides,
  };
}

/** The whole HTTP application on a fresh, migrated database; requests go through `app.inject`. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createFreshDatabase();
  const dataRoot = await createTempDir();
  const config = loadConfig(testEnv({ DATABASE_URL: database.url, DATA_ROOT: dataRoot.path, ...overrides }));
  const logger = pino({ level: 'silent' });
  try {
    // The server creates its share at boot (main.ts); the share tests fill it.
    await mkdir(dataPaths(config).share, { recursive: true });
    await migrateDatabase(config, logger);
    const app = await createHttpApp(config, logger);
    await ensureAdministrator(app);
    await app.getHttpAdapter().getInstance().ready();
    return {
      app,
      config,
      databaseUrl: database.url,
      close: async () => {
        await app.close();
        await database.drop();
        await dataRoot.remove();
      },
    };
  } catch (error) {
    await database.drop();
    await dataRoot.remove();
    throw error;
  }
}

/** Signs in through the API and returns the headers that authenticate later requests by key. */
export async function signIn(
  harness: TestApp,
  credentials: { username: string; password: string } = TEST_ADMIN,
): Promise<{ authorization: string }> {
  const response = await harness.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: credentials,
  });
  if (response.statusCode !== 200) throw new Error(`Sign-in failed: ${response.statusCode} ${response.body}`);
  return { authorization: `Token ${response.json<{ key: string }>().key}` };
}

/** Another process's worth of application on the same database, Redis and queues as `harness`. */
export async function startSiblingApp(harness: TestApp): Promise<NestFastifyApplication> {
  const app = await createHttpApp(harness.config, pino({ level: 'silent' }));
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
