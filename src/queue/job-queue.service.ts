import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobOptions, Queue } from 'bull';

import type { JobName, JobPayload, QueueName } from './job-catalogue.js';

/** Typed access to the queues: a job name and its payload must match the catalogue. */
@Injectable()
export class JobQueue {
  constructor(private readonly moduleRef: ModuleRef) {}

  queue<T = unknown>(name: QueueName): Queue<T> {
    return this.moduleRef.get<Queue<T>>(getQueueToken(name), { strict: false });
  }

  add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    payload: JobPayload<Q, N>,
    options: JobOptions = {},
  ): Promise<Job<JobPayload<Q, N>>> {
    return this.queue<JobPayload<Q, N>>(queue).add(name, payload, {
      removeOnComplete: 1000,
      removeOnFail: 1000,
      ...options,
    });
  }
}
