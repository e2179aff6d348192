import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import {
  readAnnotationContext,
  readTaskJobs,
  type JobSegment,
} from '../context/annotation-context.reader.js';
import { emptyLists, type AnnotationLists } from '../document/annotation-document.js';
import { checkAnnotationRules, checkUniqueIds } from '../document/document-rules.js';
import { namedIds } from '../editing/id-numbering.js';
import { jobEdits, type JobEdit } from '../editing/job-edits.js';
import { ParsedBody } from '../editing/parsed-body.js';
import { AnnotationWriteEffects } from '../editing/write-effects.js';
import { refuseFileFormat } from '../http/file-formats.js';
import { documentResponse, type AnnotationResponse } from '../http/annotation-response.js';
import { parsePatchAction } from '../http/patch-action.js';
import { mergeJobs } from '../merge/job-merge.js';
import type { NamedIds } from '../merge/merge-partners.js';
import { sliceForSegment } from '../split/segment-slice.js';
import { deleteObjectsById } from '../storage/annotation-writer.js';
import { clientOf } from '../storage/pg-client.js';
import {
  checkTaskVersion,
  commitVersion,
  highestVersion,
  readVersions,
} from '../versions/annotation-versions.js';
import { expectedVersion } from '../versions/expected-version.js';
import { storedPartners } from './overlap-partners.js';

export interface TaskWriteRequest {
  readonly requester: AuthenticatedUser;
  readonly taskId: string;
  readonly body?: unknown;
  readonly ifMatch?: string;
  readonly action?: unknown;
  /** Set for a file import, which this server does not do yet. */
  readonly format?: unknown;
}

/** What the use case does to one job, given the job and its slice of the document. */
type PerJobEdit = (client: pg.ClientBase, job: JobSegment, slice: AnnotationLists) => Promise<JobEdit>;

/**
 * The writes of `/tasks/{id}/annotations` (spec/annotations.md, sections 6 and 7): the document is
 * split by job, every job of the task gets the same operation and a new version, all in one
 * transaction, and the answer is the merge of what each job saved.
 */
@Injectable()
export class TaskAnnotationWriter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly effects: AnnotationWriteEffects,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  replace(request: TaskWriteRequest): Promise<AnnotationResponse> {
    const body = ParsedBody.of(request.body);
    return this.write(request, async (manager, taskId) => {
      refuseFileFormat(request.format);
      const document = body.get();
      const client = await clientOf(manager);
      checkAnnotationRules(document, await readAnnotationContext(client, taskId));
      return {
        bodyVersion: document.version,
        perJob: (c, job, slice) => jobEdits.replace(c, job.jobId, slice, 'renumber-foreign'),
        document,
      };
    });
  }

  patch(request: TaskWriteRequest): Promise<AnnotationResponse> {
    const body = ParsedBody.of(request.body);
    return this.write(request, async (manager, taskId) => {
      const action = parsePatchAction(request.action);
      const document = body.get();
      const client = await clientOf(manager);
      if (action === 'delete') checkUniqueIds(document);
      else checkAnnotationRules(document, await readAnnotationContext(client, taskId));
      // Update and delete name objects as the task read showed them; their copies go too.
      const unitedWith = action === 'create' ? undefined : namedIds(document);
      const perJob: PerJobEdit =
        action === 'create'
          ? (c, job, slice) => jobEdits.create(c, job.jobId, slice)
          : action === 'update'
            ? (c, job, slice) => jobEdits.update(c, job.jobId, slice, 'renumber-foreign')
            : async (c, job, slice) => ({
                lists: slice,
                changed: await jobEdits.remove(c, [job.jobId], document),
              });
      return { bodyVersion: document.version, perJob, document, unitedWith };
    });
  }

  async clear(request: TaskWriteRequest): Promise<void> {
    await this.write(request, () =>
      Promise.resolve({
        perJob: async (c, job) => ({ lists: emptyLists(), changed: await jobEdits.clear(c, [job.jobId]) }),
      }),
    );
  }

  private async write(
    request: TaskWriteRequest,
    prepare: (
      manager: EntityManager,
      taskId: number,
    ) => Promise<{
      perJob: PerJobEdit;
      document?: AnnotationLists;
      bodyVersion?: number;
      /** Stored copies of these objects in other jobs are deleted first. */
      unitedWith?: NamedIds;
    }>,
  ): Promise<AnnotationResponse> {
    const id = parseObjectId(request.taskId);
    const document = await this.unitOfWork.run(async (manager) => {
      const task = await loadTaskForAccess(manager, id, { lock: true });
      if (!task) throw new NotFoundError();
      const { requester } = request;
      this.policy.authorize(requester, 'task.change', this.policy.taskRelations(requester, task.facts));
      const { perJob, document: given, bodyVersion, unitedWith } = await prepare(manager, id);

      const client = await clientOf(manager);
      const { jobs, overlap } = await readTaskJobs(client, id);
      const strict = this.config.annotationVersionCheck === 'strict';
      const expected = expectedVersion({ ifMatch: request.ifMatch, bodyVersion }, strict);
      const ids = jobs.map((job) => job.jobId);
      checkTaskVersion(highestVersion(await readVersions(client, ids)), expected);

      let changed = false;
      if (unitedWith) {
        const context = await readAnnotationContext(client, id);
        const partners = await storedPartners(client, jobs, overlap, context, unitedWith);
        changed = await deleteObjectsById(client, ids, partners);
      }
      let version = 0;
      const saved = [];
      for (const job of jobs) {
        // Jobs share the objects on overlap frames, and each job numbers its own copies in place.
        const slice = given ? ownCopies(sliceForSegment(given, job.segment)) : emptyLists();
        const edit = await perJob(client, job, slice);
        changed ||= edit.changed;
        version = Math.max(version, await commitVersion(client, job.jobId));
        saved.push({ segment: job.segment, lists: edit.lists });
      }
      await this.effects.afterWrite(manager, id, changed);
      return { version, ...mergeJobs(saved, overlap) };
    });
    return documentResponse(document);
  }
}

/** Copies of the objects and keyframes of the lists; points and attributes stay shared. */
function ownCopies(lists: AnnotationLists): AnnotationLists {
  return {
    tags: lists.tags.map((tag) => ({ ...tag })),
    shapes: lists.shapes.map((shape) => ({ ...shape })),
    tracks: lists.tracks.map((track) => ({ ...track, shapes: track.shapes.map((shape) => ({ ...shape })) })),
  };
}
