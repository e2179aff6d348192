import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { FieldValidationError, NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadTaskForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { mergeLabels, type LabelChanges } from '../labels/label-merge.js';
import { applyLabelChanges, loadLabels } from '../labels/label-store.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { checkReferences } from '../shared/references.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import type { TaskDto } from './task.dto.js';
import { readTaskInput, taskReferences, type TaskInput } from './task-input.js';
import { TaskReader } from './task-reader.service.js';
import { TaskTouch } from './task-touch.service.js';

/**
 * `PUT` and `PATCH /tasks/{id}` (spec/tasks.md, "Update"). Both change only the fields given;
 * PUT requires the name and labels. Labels are merged, never replaced; `overlap` and
 * `segment_size` are validated but, being write-once, ignored.
 */
@Injectable()
export class TaskUpdateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly reader: TaskReader,
    private readonly touch: TaskTouch,
  ) {}

  async update(
    requester: AuthenticatedUser,
    rawId: string,
    body: unknown,
    origin: RequestOrigin,
    mode: 'replace' | 'patch',
  ): Promise<TaskDto> {
    const id = parseObjectId(rawId);
    return this.unitOfWork.run(async (manager) => {
      const task = await loadTaskForAccess(manager, id, { lock: true });
      if (!task) throw new NotFoundError();
      this.policy.authorize(requester, 'task.change', this.policy.taskRelations(requester, task.facts));

      const { input, errors } = await readTaskInput(body, mode);
      await checkReferences(manager, taskReferences(input), errors);
      let labelChanges: LabelChanges | undefined;
      if (input.labels) {
        const merge = mergeLabels(await loadLabels(manager, id), input.labels);
        if (merge.errors) errors.labels = merge.errors;
        labelChanges = merge.changes;
      }
      if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

      await updateTaskFields(manager, id, input);
      if (labelChanges) await applyLabelChanges(manager, id, labelChanges);
      await this.touch.touch(manager, id);
      return this.reader.one(manager, id, origin);
    });
  }
}

/** Writes the given writable fields; the others keep their values, on PUT as on PATCH. */
async function updateTaskFields(manager: EntityManager, taskId: number, input: TaskInput): Promise<void> {
  const sql = new SqlParameters();
  const assignments: string[] = [];
  const set = (column: string, value: unknown) => assignments.push(`${column} = ${sql.add(value)}`);
  if (input.name !== undefined) set('name', input.name);
  if (input.bugTracker !== undefined) set('bug_tracker', input.bugTracker);
  if (input.owner !== undefined) set('owner_id', input.owner.id);
  if (input.assignee !== undefined) set('assignee_id', input.assignee.id);
  if (input.project !== undefined) set('project_id', input.project.id);
  if (assignments.length === 0) return;
  await manager.query(`UPDATE tasks SET ${assignments.join(', ')} WHERE id = ${sql.add(taskId)}`, sql.values);
}
