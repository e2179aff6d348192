import type { EntityManager } from 'typeorm';

import type { JobAccessFacts } from '../access/access-facts.js';
import { loadTaskForAccess } from '../access/access-facts.reader.js';
import { taskOfJob } from './job-records.js';

export interface JobForAccess {
  readonly id: number;
  readonly taskId: number;
  readonly facts: JobAccessFacts;
}

/**
 * A job with what its access rules need, or undefined when it does not exist. `lock` holds the
 * task row, then the job row, until the transaction ends: the task first, in the order task
 * deletion takes them, so that the two cannot deadlock.
 */
export async function loadJobForAccess(
  manager: EntityManager,
  jobId: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<JobForAccess | undefined> {
  const taskId = await taskOfJob(manager, jobId);
  if (taskId === undefined) return undefined;
  const task = await loadTaskForAccess(manager, taskId, { lock });
  if (!task) return undefined;
  const rows = await manager.query<Array<{ assignee_id: number | null }>>(
    `SELECT j.assignee_id FROM jobs j WHERE j.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [jobId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { id: jobId, taskId, facts: { assigneeId: row.assignee_id, task: task.facts } };
}
