import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { loadJobForAccess } from '../../tasks/jobs/job-access.reader.js';
import { readAnnotationContext } from '../context/annotation-context.reader.js';
import type { AnnotationResponse } from '../http/annotation-response.js';
import { jobDocumentPieces } from '../storage/annotation-reader.js';
import { openSnapshot, streamReleasing } from '../storage/pg-client.js';
import { readVersions } from '../versions/annotation-versions.js';

/**
 * `GET /jobs/{id}/annotations`: the job's document with attributes completed, streamed from one
 * snapshot of the database so that a save committing meanwhile is seen whole or not at all.
 */
@Injectable()
export class JobAnnotationReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
  ) {}

  async read(requester: AuthenticatedUser, rawId: string): Promise<AnnotationResponse> {
    const id = parseObjectId(rawId);
    const session = await openSnapshot(this.dataSource);
    try {
      const job = await loadJobForAccess(session.manager, id);
      if (!job) throw new NotFoundError();
      this.policy.authorize(requester, 'job.access', this.policy.jobRelations(requester, job.facts));
      const version = (await readVersions(session.client, [id])).get(id) ?? 0;
      const context = await readAnnotationContext(session.client, job.taskId);
      const pieces = jobDocumentPieces(session.client, id, version, context);
      return { version, body: streamReleasing(pieces, session) };
    } catch (error) {
      await session.release();
      throw error;
    }
  }
}
