import { Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { JobQueue } from '../../queue/job-queue.service.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { taskDataJobId } from '../intake/task-data-job.js';
import type { TaskDataProgress } from './task-data.processor.js';

export type TaskState = 'Queued' | 'Started' | 'Finished' | 'Failed';

export interface TaskStatusDto {
  state: TaskState;
  message: string;
}

/**
 * `GET /tasks/{id}/status` (spec README §6, data.md §9): the state of the task's processing job,
 * read from the queue by its deterministic id. A job the queue no longer knows reports the failure
 * recorded with the task's data, or `Finished`.
 */
@Injectable()
export class TaskStatusReader {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly queue: JobQueue,
  ) {}

  async status(requester: AuthenticatedUser, rawId: string): Promise<TaskStatusDto> {
    const taskId = parseObjectId(rawId);
    // Clients poll this while a task is created; each statement stands alone, so no transaction.
    const task = await this.unitOfWork.read((manager) => loadTaskForAccess(manager, taskId));
    if (!task) throw new NotFoundError();
    this.policy.authorize(requester, 'task.access', this.policy.taskRelations(requester, task.facts));

    const queue = this.queue.queue('media');
    const found = await queue.getJob(taskDataJobId(taskId));
    if (!found) return this.settledStatus(taskId);
    const state = await found.getState();
    // The job was read before its state: a job that failed in between would show no reason. Read
    // after the state, it carries at least what that state had (states only move forward).
    const job = state === 'failed' || state === 'active' ? ((await queue.getJob(found.id)) ?? found) : found;
    switch (state) {
      case 'active': {
        const progress = job.progress() as Partial<TaskDataProgress> | number | undefined;
        const message = typeof progress === 'object' ? (progress.message ?? '') : '';
        return { state: 'Started', message };
      }
      case 'failed':
        return { state: 'Failed', message: job.failedReason ?? '' };
      case 'completed':
        return { state: 'Finished', message: '' };
      default:
        return { state: 'Queued', message: '' };
    }
  }

  /** A job the queue no longer knows: failed if its failure was recorded, finished otherwise. */
  private async settledStatus(taskId: number): Promise<TaskStatusDto> {
    const rows = await this.unitOfWork.read((manager) =>
      manager.query<Array<{ failure_message: string | null }>>(
        `SELECT d.failure_message FROM tasks t JOIN task_data d ON d.id = t.data_id WHERE t.id = $1`,
        [taskId],
      ),
    );
    const failure = rows[0]?.failure_message;
    return failure ? { state: 'Failed', message: failure } : { state: 'Finished', message: '' };
  }
}
