import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Marks a task as changed. Every change of a task, including its annotations (which other modules
 * own), must refresh `updated_date`; they call this in their own transaction.
 */
@Injectable()
export class TaskTouch {
  /**
   * Moves `updated_date` forward, by at least a millisecond (the resolution of the API's
   * timestamps) so that two changes in quick succession still read as two.
   */
  async touch(manager: EntityManager, taskId: number): Promise<void> {
    await manager.query(
      `UPDATE tasks SET updated_date = GREATEST(now(), updated_date + interval '1 millisecond') WHERE id = $1`,
      [taskId],
    );
  }
}
