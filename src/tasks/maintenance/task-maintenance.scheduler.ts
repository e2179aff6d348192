import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { JobQueue } from '../../queue/job-queue.service.js';

const HOUR_MS = 60 * 60 * 1000;

/** Schedules the orphan sweep once per cluster: a repeatable job with a fixed id is not duplicated. */
@Injectable()
export class TaskMaintenanceScheduler implements OnApplicationBootstrap {
  constructor(private readonly jobs: JobQueue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.add(
      'maintenance',
      'remove-orphan-task-directories',
      { olderThanSeconds: 3600 },
      { repeat: { every: HOUR_MS }, jobId: 'remove-orphan-task-directories' },
    );
  }
}
