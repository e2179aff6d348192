import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { isAdmin, type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { FieldValidationError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { mergeLabels } from '../labels/label-merge.js';
import { applyLabelChanges } from '../labels/label-store.js';
import { checkReferences } from '../shared/references.js';
import { TaskDirectories } from '../storage/task-directories.js';
import type { TaskDto } from './task.dto.js';
import { readTaskInput, taskReferences, type TaskInput } from './task-input.js';
import { assertBelowTaskLimit } from './task-limit.js';
import { TaskReader } from './task-reader.service.js';

/**
 * `POST /tasks` (spec/tasks.md, "Create"). The guard has let only admins and users with the
 * `user` role through. The task, its labels and its directory are created together: the
 * directory inside the transaction, and removed again if the transaction does not commit.
 */
@Injectable()
export class TaskCreationService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly directories: TaskDirectories,
    private readonly reader: TaskReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(requester: AuthenticatedUser, body: unknown, origin: RequestOrigin): Promise<TaskDto> {
    const { input, errors } = await readTaskInput(body, 'create');
    let createdId: number | undefined;
    try {
      return await this.unitOfWork.run(async (manager) => {
        await checkReferences(manager, taskReferences(input), errors);
        const merge = input.labels ? mergeLabels([], input.labels) : undefined;
        if (merge?.errors) errors.labels = merge.errors;
        if (Object.keys(errors).length > 0 || !merge?.changes) throw new FieldValidationError(errors);

        const ownerId = input.owner?.id ?? requester.id;
        await this.checkTaskLimit(manager, requester, ownerId);
        createdId = await insertTask(manager, input, ownerId, requester.id);
        await applyLabelChanges(manager, createdId, merge.changes);
        await this.directories.create(createdId);
        return this.reader.one(manager, createdId, origin);
      });
    } catch (error) {
      if (createdId !== undefined) await this.directories.discard([createdId]);
      throw error;
    }
  }

  /** The limit counts the tasks of the owner named and, against bypassing it, the requester's. */
  private async checkTaskLimit(
    manager: EntityManager,
    requester: AuthenticatedUser,
    ownerId: number,
  ): Promise<void> {
    const limit = this.config.taskLimit;
    if (limit === undefined || isAdmin(requester)) return;
    await assertBelowTaskLimit(manager, limit, [requester.id, ownerId]);
  }
}

async function insertTask(
  manager: EntityManager,
  input: TaskInput,
  ownerId: number,
  creatorId: number,
): Promise<number> {
  const rows = await manager.query<Array<{ id: number }>>(
    `INSERT INTO tasks (name, owner_id, assignee_id, bug_tracker, overlap, segment_size, project_id, creator_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING id`,
    [
      input.name,
      ownerId,
      input.assignee?.id ?? null,
      input.bugTracker ?? '',
      input.overlap ?? null,
      input.segmentSize ?? 0,
      input.project?.id ?? null,
      creatorId,
    ],
  );
  return rows[0].id;
}
