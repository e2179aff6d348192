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
import { TaskCountCache, type TaskCount } from './task-count-cache.js';
import { countTasks } from './task-records.js';
import { TaskReader } from './task-reader.service.js';

/** Reading tasks: the list, the tasks of a project, and one task. */
@Injectable()
export class TaskDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
    private readonly reader: TaskReader,
    private readonly counts: TaskCountCache,
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

  /** The list's count, from the cache while nothing it reads has changed. */
  private async count(manager: EntityManager, where: string, sql: SqlParameters): Promise<TaskCount> {
    const generation = await this.counts.generation(manager);
    const key = `${where}\u0000${JSON.stringify(sql.values)}`;
    const cached = this.counts.get(key, generation);
    if (cached) return cached;
    const quiet = await this.counts.quiet(manager);
    const counted = await countTasks(manager, where, sql);
    if (quiet) this.counts.set(key, generation, counted);
    return counted;
  }

  /**
   * One query counts, then the page is read (the tasks, then their labels and their segments, each
   * for the whole page at once). The count comes first: it tells whether the page exists at all,
   * and how best to cut it.
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

    const { count, estimatedTotal } = await this.count(manager, where, sql);
    const window = resolvePageWindow(pageRequest, count);
    const plan = planPage(count, estimatedTotal, window);
    const page = { window, plan, expectedRows: expectedRows(count, window) };
    const selection = { where, sql, orderBy, page };
    const results = count === 0 ? [] : await this.reader.present(manager, selection, request.origin);
    return buildPage(request.origin, request.url, window, count, results);
  }
}
