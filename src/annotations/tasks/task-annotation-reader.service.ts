import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { readAnnotationContext, readTaskJobs } from '../context/annotation-context.reader.js';
import { refuseFileFormat } from '../http/file-formats.js';
import type { AnnotationResponse } from '../http/annotation-response.js';
import { mergeJobs, type JobLists } from '../merge/job-merge.js';
import { sharedFrameRanges } from '../merge/shared-frames.js';
import { readJobLists, taskDocumentPieces } from '../storage/annotation-reader.js';
import { openSnapshot, streamReleasing } from '../storage/pg-client.js';
import { highestVersion, readVersions } from '../versions/annotation-versions.js';

export interface TaskReadRequest {
  readonly requester: AuthenticatedUser;
  readonly taskId: string;
  /** Set for an export, which this server does not do yet. */
  readonly format?: unknown;
}

/**
 * `GET /tasks/{id}/annotations`: the documents of all jobs, read from one snapshot and merged on
 * their overlap frames (spec/annotations.md, section 8), streamed. Its version is the highest of
 * the jobs'.
 */
@Injectable()
export class TaskAnnotationReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
  ) {}

  async read({ requester, taskId, format }: TaskReadRequest): Promise<AnnotationResponse> {
    const id = parseObjectId(taskId);
    const session = await openSnapshot(this.dataSource);
    try {
      const task = await loadTaskForAccess(session.manager, id);
      if (!task) throw new NotFoundError();
      this.policy.authorize(requester, 'task.access', this.policy.taskRelations(requester, task.facts));
      refuseFileFormat(format);
      const { client } = session;
      const { jobs, overlap } = await readTaskJobs(client, id);
      const context = await readAnnotationContext(client, id);
      const jobIds = jobs.map((job) => job.jobId);
      const version = highestVersion(await readVersions(client, jobIds));

      // Only tags and shapes on frames that jobs share can be united; the rest is streamed
      // unparsed, so a task's memory grows with its overlap frames and tracks, not its size.
      const shared = sharedFrameRanges(jobs.map((job) => job.segment));
      const perJob: JobLists[] = [];
      for (const job of jobs) {
        const lists = await readJobLists(client, job.jobId, context, { ranges: shared, keep: 'inside' });
        perJob.push({ segment: job.segment, lists });
      }
      const merged = mergeJobs(perJob, overlap);
      const untouched = { ranges: shared, keep: 'outside' } as const;
      const pieces = taskDocumentPieces(client, jobIds, version, context, merged, untouched);
      return { version, body: streamReleasing(pieces, session) };
    } catch (error) {
      await session.release();
      throw error;
    }
  }
}
