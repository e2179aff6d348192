import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { ListParameters } from '../../auth/users/list-parameters.decorator.js';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import {
  buildPage,
  parsePageRequest,
  resolvePageWindow,
  type Page,
} from '../../common/pagination/page-request.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { loadProjectForAccess, loadTaskForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import type { TaskDto } from './task.dto.js';
import { expectedRows, planPage } from './page-plan.js';
import type { SqlParameters } from '../shared/sql-parameters.js';
import { taskListQuery } from './task-list-query.js';
import { TaskListCache, WHOLE_LIST_LIMIT, type KnownList, type TaskCount } from './task-list-cache.js';
import { countTasks } from './task-records.js';
import { TaskReader } from './task-reader.service.js';

/** Reading tasks: the list, the tasks of a project, and one task. */
@Injectable()
export class TaskDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
    private readonly reader: TaskReader,
    private readonly lists: TaskListCache,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `GET /tasks`: what the requester may see, filtered, searched and ordered as asked. */
  list(requester: AuthenticatedUser, request: ListParameters): Promise<Page<TaskDto>> {
    return this.page(requester, request, request.query);
  }

  /** `GET /projects/{id}/tasks`: the visible tasks of a project the requester may read, newest first. */
  async listOfProject(
    requester: AuthenticatedUser,
    rawId: string,
    request: ListParameters,
  ): Promise<Page<TaskDto>> {
    const projectId = parseObjectId(rawId);
    const project = await loadProjectForAccess(this.dataSource.manager, projectId);
    if (!project) throw new NotFoundError();
    this.policy.authorize(
      requester,
      'project.access',
      this.policy.projectRelations(requester, project.facts),
    );
    return this.page(requester, request, {}, projectId);
  }

  async retrieve(requester: AuthenticatedUser, rawId: string, origin: RequestOrigin): Promise<TaskDto> {
    const id = parseObjectId(rawId);
    const manager = this.dataSource.manager;
    const task = await loadTaskForAccess(manager, id);
    if (!task) throw new NotFoundError();
    this.policy.authorize(requester, 'task.access', this.policy.taskRelations(requester, task.facts));
    return this.reader.one(manager, id, origin);
  }

  /**
   * The list's count and what is known of its pages, from the cache while nothing it reads has
   * changed. `quiet` tells whether what is read next may be filed under `known`.
   */
  private async count(
    manager: EntityManager,
    key: string,
    where: string,
    sql: SqlParameters,
  ): Promise<{ count: TaskCount; known?: KnownList; quiet?: boolean }> {
    const generation = await this.lists.generation(manager);
    const cached = this.lists.get(key, generation);
    if (cached) return { count: cached, known: cached };
    const quiet = await this.lists.quiet(manager);
    const counted = await countTasks(manager, where, sql);
    return quiet
      ? { count: counted, known: this.lists.set(key, generation, counted), quiet }
      : { count: counted };
  }

  /**
   * The count comes first (from the cache when it can): it tells whether the page exists at all,
   * and how best to cut it. Then the page is read (the tasks, then their labels and their
   * segments, each for the whole page at once), by the ids remembered for it when there are any.
   */
  private async page(
    requester: AuthenticatedUser,
    request: ListParameters,
    listQuery: ListParameters['query'],
    projectId?: number,
  ): Promise<Page<TaskDto>> {
    const pageRequest = parsePageRequest(request.query, this.config.maxPageSize);
    const { where, sql, orderBy } = taskListQuery(
      this.policy.listVisibility(requester),
      listQuery,
      projectId,
    );
    const manager = this.dataSource.manager;

    // Counts do not depend on the order; pages do, and are filed by it.
    const key = `${where}\u0000${JSON.stringify(sql.values)}`;
    const { count: counted, known, quiet } = await this.count(manager, key, where, sql);
    const { count, estimatedTotal } = counted;
    const window = resolvePageWindow(pageRequest, count);
    const pageKey = `${orderBy}\u0000${window.offset}:${window.limit}`;
    const whole = known?.orders.get(orderBy);
    const knownIds = whole
      ? Array.from(whole.subarray(window.offset, window.offset + window.limit))
      : known?.pages.get(pageKey);
    // What is filed under a remembered list must be read with no change in flight, as its count was.
    const fileable = known !== undefined && !knownIds && (quiet ?? (await this.lists.quiet(manager)));
    const plan = planPage(count, estimatedTotal, window);
    const filed = { whole: false };
    const onAllMatches =
      fileable && count <= WHOLE_LIST_LIMIT
        ? (ids: Int32Array) => {
            this.lists.setOrder(known, orderBy, ids);
            filed.whole = true;
          }
        : undefined;
    const page = { window, plan, expectedRows: expectedRows(count, window), knownIds, onAllMatches };
    const selection = { where, sql, orderBy, page };
    const results = count === 0 ? [] : await this.reader.present(manager, selection, request.origin);
    if (fileable && !filed.whole) {
      this.lists.setPage(
        known,
        pageKey,
        results.map((task) => task.id),
      );
    }
    return buildPage(request.origin, request.url, window, count, results);
  }
}
