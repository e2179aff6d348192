import { statfs } from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { dataPaths } from '../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { JobQueue } from '../queue/job-queue.service.js';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: {
    readonly database: CheckResult;
    readonly redis: CheckResult;
    readonly disk: CheckResult;
  };
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer in time`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

async function check(work: () => Promise<string | undefined>): Promise<CheckResult> {
  try {
    const problem = await work();
    return problem ? { status: 'down', detail: problem } : { status: 'up' };
  } catch (error) {
    return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Whether this process can do its work right now: PostgreSQL, Redis and free disk space. */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<Readiness> {
    const [database, redis, disk] = await Promise.all([
      check(async () => {
        await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
        return undefined;
      }),
      check(async () => {
        const answer = await withTimeout(this.jobs.queue('maintenance').client.ping(), 'Redis');
        return answer === 'PONG' ? undefined : `Redis answered ${String(answer)}`;
      }),
      check(() => this.checkDisk()),
    ]);
    const ready = [database, redis, disk].every((result) => result.status === 'up');
    return { ready, checks: { database, redis, disk } };
  }

  private async checkDisk(): Promise<string | undefined> {
    const stats = await statfs(dataPaths(this.config).root);
    const freeMb = Math.floor((stats.bavail * stats.bsize) / (1024 * 1024));
    const minimum = this.config.minFreeDiskMb;
    return freeMb < minimum
      ? `${freeMb} MB free under the data root, below the ${minimum} MB minimum`
      : undefined;
  }
}
