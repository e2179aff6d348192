import { Inject, Injectable } from '@nestjs/common';

import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import {
  OBJECT_RULES,
  type ObjectPermission,
  type Relation,
} from '../../auth/permissions/object-permissions.js';
import { hasObjectRole } from '../../auth/permissions/role-check.js';
import { PermissionDeniedError } from '../../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { JobAccessFacts, ProjectAccessFacts, TaskAccessFacts } from './access-facts.js';
import type { ListVisibility } from './list-visibility.js';

/**
 * The relation part of the permission matrix for projects, tasks and jobs: which relations of
 * spec/auth.md, section 6 a user has to a loaded object, and whether they grant a permission of
 * OBJECT_RULES. The list filters (list-visibility.ts) express the same relations in SQL.
 */
@Injectable()
export class TaskAccessPolicy {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** With `reduce_task_visibility` off, a task without assignee may be annotated by anybody. */
  get reducedVisibility(): boolean {
    return this.config.reduceTaskVisibility;
  }

  taskRelations(user: AuthenticatedUser, task: TaskAccessFacts): Set<Relation> {
    const relations = new Set<Relation>();
    const owner = task.ownerId === user.id || task.project?.ownerId === user.id;
    const assignee = task.assigneeId === user.id || task.project?.assigneeId === user.id;
    if (owner) relations.add('task.owner');
    if (assignee) relations.add('task.assignee');
    if ((task.hasJobs && (this.isPublic(task) || assignee)) || task.jobAssigneeIds.includes(user.id)) {
      relations.add('task.annotator');
    }
    return relations;
  }

  projectRelations(user: AuthenticatedUser, project: ProjectAccessFacts): Set<Relation> {
    const relations = new Set<Relation>();
    const assignee = project.assigneeId === user.id;
    if (project.ownerId === user.id) relations.add('project.owner');
    if (assignee) relations.add('project.assignee');
    const annotator =
      (project.hasUnassignedTaskWithJobs && !this.reducedVisibility) ||
      (project.hasTaskWithJobs && assignee) ||
      project.assigneesOfTasksWithJobs.includes(user.id) ||
      project.jobAssigneeIds.includes(user.id);
    if (annotator) relations.add('project.annotator');
    return relations;
  }

  jobRelations(user: AuthenticatedUser, job: JobAccessFacts): Set<Relation> {
    const relations = new Set<Relation>();
    const taskRelations = this.taskRelations(user, job.task);
    if (taskRelations.has('task.owner')) relations.add('job.owner');
    if (this.isPublic(job.task) || taskRelations.has('task.assignee') || job.assigneeId === user.id) {
      relations.add('job.annotator');
    }
    return relations;
  }

  /** Whether a role or one of the relations grants the permission. */
  allows(user: AuthenticatedUser, permission: ObjectPermission, relations: ReadonlySet<Relation>): boolean {
    const rule = OBJECT_RULES[permission];
    return hasObjectRole(user, rule.roles) || rule.relations.some((relation) => relations.has(relation));
  }

  /** Throws the matrix's 403 unless the permission is granted. */
  authorize(user: AuthenticatedUser, permission: ObjectPermission, relations: ReadonlySet<Relation>): void {
    if (!this.allows(user, permission, relations)) throw new PermissionDeniedError();
  }

  /** Roles that may read every project and task see all of them in lists; others what they relate to. */
  listVisibility(user: AuthenticatedUser): ListVisibility {
    if (hasObjectRole(user, OBJECT_RULES['task.access'].roles)) return { everything: true };
    return { userId: user.id, reduced: this.reducedVisibility };
  }

  private isPublic(task: TaskAccessFacts): boolean {
    return task.assigneeId === null && !this.reducedVisibility;
  }
}
