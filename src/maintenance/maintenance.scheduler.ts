import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { JobQueue } from '../queue/job-queue.service.js';

const HOUR_MS = 60 * 60 * 1000;

/** Schedules housekeeping once per cluster: repeatable jobs with a fixed id are not duplicated. */
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.add(
      'maintenance',
      'remove-stale-temp-files',
      { olderThanSeconds: 24 * 3600 },
      { repeat: { every: HOUR_MS }, jobId: 'remove-stale-temp-files' },
    );
  }
}
