import { setTimeout as sleep } from 'node:timers/promises';

import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';

export class ServiceUnreachableError extends Error {}

async function retry(
  name: string,
  attempt: () => Promise<void>,
  deadline: number,
  logger: Logger,
): Promise<void> {
  let delayMs = 250;
  for (let tries = 1; ; tries += 1) {
    try {
      await attempt();
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + delayMs > deadline) {
        throw new ServiceUnreachableError(`${name} is unreachable after ${tries} attempts: ${reason}`);
      }
      logger.warn({ service: name, attempt: tries, reason }, `${name} is not reachable yet; retrying`);
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 5000);
    }
  }
}

/** Waits, with exponential backoff and a deadline, until PostgreSQL and Redis accept connections. */
export async function waitForServices(
  urls: { databaseUrl: string; redisUrl: string },
  timeoutSeconds: number,
  logger: Logger,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  await retry(
    'PostgreSQL',
    async () => {
      const client = new pg.Client({ connectionString: urls.databaseUrl, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    deadline,
    logger,
  );
  await retry(
    'Redis',
    async () => {
      const redis = new Redis(urls.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: 3000,
      });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        await redis.ping();
      } finally {
        redis.disconnect();
      }
    },
    deadline,
    logger,
  );
}
