import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { TaskTouch } from '../tasks/task-touch.service.js';

/**
 * The status of a task follows its jobs (spec/tasks.md, "Task status derivation"): `annotation`
 * while any job is in annotation, else `validation` while any is in validation, else `completed`.
 * Whoever saves a job (its fields here, its annotations elsewhere) calls this in the same
 * transaction; the task is saved, and its `updated_date` refreshed, only when its status changes.
 */
@Injectable()
export class TaskStatusDerivation {
  constructor(private readonly touch: TaskTouch) {}

  async afterJobSaved(manager: EntityManager, taskId: number): Promise<void> {
    const rows = await manager.query<Array<{ current: string; derived: string }>>(
      `SELECT t.status AS current,
              CASE WHEN bool_or(j.status = 'annotation') THEN 'annotation'
                   WHEN bool_or(j.status = 'validation') THEN 'validation'
                   ELSE 'completed' END AS derived
         FROM tasks t
         JOIN segments s ON s.task_id = t.id
         JOIN jobs j ON j.segment_id = s.id
        WHERE t.id = $1
        GROUP BY t.id`,
      [taskId],
    );
    const row = rows[0];
    if (!row || row.current === row.derived) return;
    await manager.query('UPDATE tasks SET status = $2 WHERE id = $1', [taskId, row.derived]);
    await this.touch.touch(manager, taskId);
  }
}
