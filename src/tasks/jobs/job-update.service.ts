import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { FieldValidationError, NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { checkReferences } from '../shared/references.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import type { JobDto } from './job.dto.js';
import { loadJobForAccess } from './job-access.reader.js';
import { readJob } from './job-directory.service.js';
import { jobReferences, readJobInput, type JobInput } from './job-input.js';
import { TaskStatusDerivation } from './task-status-derivation.service.js';

/**
 * `PUT` and `PATCH /jobs/{id}` (spec/tasks.md, section 3). Both change only the fields given; the
 * task's status then follows its jobs.
 */
@Injectable()
export class JobUpdateService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly statusDerivation: TaskStatusDerivation,
  ) {}

  async update(
    requester: AuthenticatedUser,
    rawId: string,
    body: unknown,
    origin: RequestOrigin,
  ): Promise<JobDto> {
    const id = parseObjectId(rawId);
    return this.unitOfWork.run(async (manager) => {
      const job = await loadJobForAccess(manager, id, { lock: true });
      if (!job) throw new NotFoundError();
      this.policy.authorize(requester, 'job.change', this.policy.jobRelations(requester, job.facts));

      const { input, errors } = await readJobInput(body);
      await checkReferences(manager, jobReferences(input), errors);
      if (Object.keys(errors).length > 0) throw new FieldValidationError(errors);

      await updateJobFields(manager, id, input);
      await this.statusDerivation.afterJobSaved(manager, job.taskId);
      return readJob(manager, id, origin);
    });
  }
}

/** Writes the given writable fields; the others keep their values, on PUT as on PATCH. */
async function updateJobFields(manager: EntityManager, jobId: number, input: JobInput): Promise<void> {
  const sql = new SqlParameters();
  const assignments: string[] = [];
  if (input.status !== undefined) assignments.push(`status = ${sql.add(input.status)}`);
  if (input.assignee !== undefined) assignments.push(`assignee_id = ${sql.add(input.assignee.id)}`);
  if (assignments.length === 0) return;
  await manager.query(`UPDATE jobs SET ${assignments.join(', ')} WHERE id = ${sql.add(jobId)}`, sql.values);
}
