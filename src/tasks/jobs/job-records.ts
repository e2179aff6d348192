import type { EntityManager } from 'typeorm';

import type { SqlParameters } from '../shared/sql-parameters.js';

/** A job as its representation needs it, with the frame range of its segment. */
export interface JobRecord {
  readonly id: number;
  readonly assignee_id: number | null;
  readonly status: string;
  readonly start_frame: number;
  readonly stop_frame: number;
  readonly task_id: number;
}

/** The jobs matching a condition on `j` (the job) and `s` (its segment), ordered by id. */
export function readJobs(manager: EntityManager, where: string, sql: SqlParameters): Promise<JobRecord[]> {
  return manager.query<JobRecord[]>(
    `SELECT j.id, j.assignee_id, j.status, s.start_frame, s.stop_frame, s.task_id
       FROM jobs j
       JOIN segments s ON s.id = j.segment_id
      WHERE ${where}
      ORDER BY j.id`,
    sql.values,
  );
}

/** The task a job belongs to, or undefined when there is no such job. */
export async function taskOfJob(manager: EntityManager, jobId: number): Promise<number | undefined> {
  const rows = await manager.query<Array<{ task_id: number }>>(
    'SELECT s.task_id FROM jobs j JOIN segments s ON s.id = j.segment_id WHERE j.id = $1',
    [jobId],
  );
  return rows[0]?.task_id;
}
