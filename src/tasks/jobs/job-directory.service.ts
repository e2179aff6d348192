import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { loadTaskForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import type { JobDto } from './job.dto.js';
import { toJobDto } from './job.mapper.js';
import { loadJobForAccess } from './job-access.reader.js';
import { readJobs } from './job-records.js';

/** Reading jobs: those of a task, and one job. */
@Injectable()
export class JobDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
  ) {}

  /** `GET /tasks/{id}/jobs`: every job of a task the requester may read, unpaginated, by id. */
  async listOfTask(requester: AuthenticatedUser, rawId: string, origin: RequestOrigin): Promise<JobDto[]> {
    const taskId = parseObjectId(rawId);
    const manager = this.dataSource.manager;
    const task = await loadTaskForAccess(manager, taskId);
    if (!task) throw new NotFoundError();
    this.policy.authorize(requester, 'task.access', this.policy.taskRelations(requester, task.facts));
    const sql = new SqlParameters();
    const jobs = await readJobs(manager, `s.task_id = ${sql.add(taskId)}`, sql);
    return jobs.map((job) => toJobDto(job, origin));
  }

  async retrieve(requester: AuthenticatedUser, rawId: string, origin: RequestOrigin): Promise<JobDto> {
    const id = parseObjectId(rawId);
    const manager = this.dataSource.manager;
    const job = await loadJobForAccess(manager, id);
    if (!job) throw new NotFoundError();
    this.policy.authorize(requester, 'job.access', this.policy.jobRelations(requester, job.facts));
    return readJob(manager, id, origin);
  }
}

/** One job as its representation. */
export async function readJob(manager: EntityManager, jobId: number, origin: RequestOrigin): Promise<JobDto> {
  const sql = new SqlParameters();
  const [job] = await readJobs(manager, `j.id = ${sql.add(jobId)}`, sql);
  if (!job) throw new NotFoundError();
  return toJobDto(job, origin);
}
