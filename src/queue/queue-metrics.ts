import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Job } from 'bull';
import { Gauge, Histogram } from 'prom-client';

import { MetricsRegistry } from '../common/metrics/metrics-registry.js';
import { QUEUE_NAMES } from './job-catalogue.js';
import { JobQueue } from './job-queue.service.js';

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Queue depth (read from Redis at scrape time) and the duration of the jobs this process ran. */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    const jobs = this.jobs;
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        for (const queue of QUEUE_NAMES) {
          const counts = await jobs.queue(queue).getJobCounts();
          for (const state of COUNTED_STATES) this.set({ queue, state }, counts[state]);
        }
      },
    });

    const duration = new Histogram({
      name: 'queue_job_duration_seconds',
      help: 'Duration of jobs processed in this process, by queue, job name and outcome',
      labelNames: ['queue', 'job', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers: [this.metrics.registry],
    });
    for (const queue of QUEUE_NAMES) {
      const observe = (outcome: string) => (job: Job) => {
        if (job.processedOn) {
          duration.observe({ queue, job: job.name, outcome }, (Date.now() - job.processedOn) / 1000);
        }
      };
      this.jobs.queue(queue).on('completed', observe('completed')).on('failed', observe('failed'));
    }
  }
}
