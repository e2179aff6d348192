import { Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadProjectForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { TaskDirectories } from '../storage/task-directories.js';
import { TaskMedia } from '../storage/task-media.js';

/**
 * `DELETE /projects/{id}`: the project and all its tasks, with their media when no other task
 * uses it, in one transaction; the tasks' files once it has committed.
 */
@Injectable()
export class ProjectDeletionService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly media: TaskMedia,
    private readonly directories: TaskDirectories,
  ) {}

  async delete(requester: AuthenticatedUser, rawId: string): Promise<void> {
    const id = parseObjectId(rawId);
    const removed = await this.unitOfWork.run(async (manager) => {
      const project = await loadProjectForAccess(manager, id, { lock: true });
      if (!project) throw new NotFoundError();
      this.policy.authorize(
        requester,
        'project.delete',
        this.policy.projectRelations(requester, project.facts),
      );

      // The tasks go by cascade; what they referred to is read first.
      const tasks = await manager.query<Array<{ id: number; data_id: number | null }>>(
        'SELECT id, data_id FROM tasks WHERE project_id = $1 FOR UPDATE',
        [id],
      );
      await manager.query('DELETE FROM projects WHERE id = $1', [id]);
      const dataIds = [...new Set(tasks.flatMap((task) => (task.data_id === null ? [] : [task.data_id])))];
      const mediaPaths = await this.media.releaseUnused(manager, dataIds);
      return { taskIds: tasks.map((task) => task.id), mediaPaths };
    });
    await this.directories.discard(removed.taskIds, removed.mediaPaths);
  }
}
