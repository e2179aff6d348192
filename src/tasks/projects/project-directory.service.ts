import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import type { ListParameters } from '../../auth/users/list-parameters.decorator.js';
import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import {
  buildPage,
  parsePageRequest,
  resolvePageWindow,
  type Page,
} from '../../common/pagination/page-request.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { loadProjectForAccess } from '../access/access-facts.reader.js';
import { TaskAccessPolicy } from '../access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import type { ProjectDto } from './project.dto.js';
import { projectListQuery } from './project-list-query.js';
import { countProjects, readProjects, toProjectDto } from './project-records.js';
import { presentProject } from './project-writes.js';

/** Reading projects: the list and one project. */
@Injectable()
export class ProjectDirectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: TaskAccessPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(requester: AuthenticatedUser, request: ListParameters): Promise<Page<ProjectDto>> {
    const pageRequest = parsePageRequest(request.query, this.config.maxPageSize);
    const { where, sql, orderBy } = projectListQuery(this.policy.listVisibility(requester), request.query);
    const manager = this.dataSource.manager;

    const count = await countProjects(manager, where, sql);
    const window = resolvePageWindow(pageRequest, count);
    const projects =
      count === 0
        ? []
        : await readProjects(manager, { where, sql, orderBy, limit: window.limit, offset: window.offset });
    const results = projects.map((project) => toProjectDto(project, request.origin));
    return buildPage(request.origin, request.url, window, count, results);
  }

  async retrieve(requester: AuthenticatedUser, rawId: string, origin: RequestOrigin): Promise<ProjectDto> {
    const id = parseObjectId(rawId);
    const manager = this.dataSource.manager;
    const project = await loadProjectForAccess(manager, id);
    if (!project) throw new NotFoundError();
    this.policy.authorize(
      requester,
      'project.access',
      this.policy.projectRelations(requester, project.facts),
    );
    return presentProject(manager, id, origin);
  }
}
