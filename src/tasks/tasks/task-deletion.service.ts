import { Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadTaskForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { TaskDirectories } from '../storage/task-directories.js';
import { TaskMedia } from '../storage/task-media.js';

/**
 * `DELETE /tasks/{id}`: the task's rows (labels, segments, jobs and everything hanging from them
 * go by cascade) and its media record when no other task uses it, in one transaction; its files
 * only once that has committed, so no task ever points at files that are gone.
 */
@Injectable()
export class TaskDeletionService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly media: TaskMedia,
    private readonly directories: TaskDirectories,
  ) {}

  async delete(requester: AuthenticatedUser, rawId: string): Promise<void> {
    const id = parseObjectId(rawId);
    const mediaPaths = await this.unitOfWork.run(async (manager) => {
      const task = await loadTaskForAccess(manager, id, { lock: true });
      if (!task) throw new NotFoundError();
      this.policy.authorize(requester, 'task.delete', this.policy.taskRelations(requester, task.facts));

      await manager.query('DELETE FROM tasks WHERE id = $1', [id]);
      return this.media.releaseUnused(manager, task.dataId === null ? [] : [task.dataId]);
    });
    await this.directories.discard([id], mediaPaths);
  }
}
