import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { loadJobForAccess, type JobForAccess } from '../../tasks/jobs/job-access.reader.js';
import { readAnnotationContext } from '../context/annotation-context.reader.js';
import { emptyLists, type AnnotationDocument } from '../document/annotation-document.js';
import { checkAnnotationRules, checkUniqueIds } from '../document/document-rules.js';
import { jobEdits, type JobEdit } from '../editing/job-edits.js';
import { ParsedBody } from '../editing/parsed-body.js';
import { AnnotationWriteEffects } from '../editing/write-effects.js';
import { refuseFileFormat } from '../http/file-formats.js';
import { documentResponse, type AnnotationResponse } from '../http/annotation-response.js';
import { parsePatchAction } from '../http/patch-action.js';
import { clientOf } from '../storage/pg-client.js';
import { commitVersion } from '../versions/annotation-versions.js';
import { expectedVersion } from '../versions/expected-version.js';

/** A write request as the controller hands it over. */
export interface JobWriteRequest {
  readonly requester: AuthenticatedUser;
  readonly jobId: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly action?: unknown;
  /** Set for a file import, which this server does not do yet. */
  readonly format?: unknown;
}

/**
 * The writes of `/jobs/{id}/annotations` (spec/annotations.md, section 5): PUT, PATCH
 * create/update/delete and DELETE. Each is one transaction that applies fully or not at all, and
 * makes one new version of the job.
 */
@Injectable()
export class JobAnnotationWriter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly effects: AnnotationWriteEffects,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  replace(request: JobWriteRequest): Promise<AnnotationResponse> {
    const body = ParsedBody.of(request.body);
    return this.write(request, async (manager, job) => {
      refuseFileFormat(request.format);
      const document = body.get();
      const client = await clientOf(manager);
      checkAnnotationRules(document, await readAnnotationContext(client, job.taskId));
      const version = await this.commit(manager, job, request, document.version);
      return { edit: await jobEdits.replace(client, job.id, document, 'refuse-foreign'), version };
    });
  }

  patch(request: JobWriteRequest): Promise<AnnotationResponse> {
    const body = ParsedBody.of(request.body);
    return this.write(request, async (manager, job) => {
      const action = parsePatchAction(request.action);
      const document = body.get();
      const client = await clientOf(manager);
      if (action === 'delete') checkUniqueIds(document);
      else checkAnnotationRules(document, await readAnnotationContext(client, job.taskId));
      const version = await this.commit(manager, job, request, document.version);
      if (action === 'create') return { edit: await jobEdits.create(client, job.id, document), version };
      if (action === 'update') {
        return { edit: await jobEdits.update(client, job.id, document, 'refuse-foreign'), version };
      }
      const changed = await jobEdits.remove(client, [job.id], document);
      return { edit: { lists: document, changed }, version };
    });
  }

  async clear(request: JobWriteRequest): Promise<void> {
    await this.write(request, async (manager, job) => {
      const version = await this.commit(manager, job, request);
      const changed = await jobEdits.clear(await clientOf(manager), [job.id]);
      return { edit: { lists: emptyLists(), changed }, version };
    });
  }

  /** Loads, locks and authorises the job, runs the edit, and applies its effects on the task. */
  private async write(
    request: JobWriteRequest,
    edit: (manager: EntityManager, job: JobForAccess) => Promise<{ edit: JobEdit; version: number }>,
  ): Promise<AnnotationResponse> {
    const id = parseObjectId(request.jobId);
    const document = await this.unitOfWork.run(async (manager): Promise<AnnotationDocument> => {
      const job = await loadJobForAccess(manager, id, { lock: true });
      if (!job) throw new NotFoundError();
      const { requester } = request;
      this.policy.authorize(requester, 'job.change', this.policy.jobRelations(requester, job.facts));
      const result = await edit(manager, job);
      await this.effects.afterWrite(manager, job.taskId, result.edit.changed);
      // A delete echoes the request, whose own `version` must not stand in for the new one.
      const { tags, shapes, tracks } = result.edit.lists;
      return { version: result.version, tags, shapes, tracks };
    });
    return documentResponse(document);
  }

  private async commit(
    manager: EntityManager,
    job: JobForAccess,
    request: JobWriteRequest,
    bodyVersion?: number,
  ): Promise<number> {
    const strict = this.config.annotationVersionCheck === 'strict';
    const expected = expectedVersion({ ifMatch: request.ifMatch, bodyVersion }, strict);
    return commitVersion(await clientOf(manager), job.id, expected);
  }
}
