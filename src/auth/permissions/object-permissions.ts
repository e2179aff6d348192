import type { Role } from '../roles.js';

/**
 * Relations between a user and an object (spec/auth.md, section 6). The module owning the object
 * computes which of them hold, on the loaded object and, for lists, in SQL.
 */
export type Relation =
  | 'project.owner'
  | 'project.assignee'
  | 'project.annotator'
  | 'task.owner'
  | 'task.assignee'
  | 'task.annotator'
  | 'job.owner'
  | 'job.annotator';

export interface ObjectRule {
  /** Roles that pass whatever the relation. */
  readonly roles: readonly Role[];
  /** Relations that pass whatever the role. */
  readonly relations: readonly Relation[];
}

/**
 * Object permissions with the spec's corrections adopted: a task assignee may read the task
 * before it has jobs, and a project assignee may read the project before it has tasks.
 */
export const OBJECT_RULES = {
  'project.access': {
    roles: ['admin', 'observer'],
    relations: ['project.owner', 'project.assignee', 'project.annotator'],
  },
  'project.change': { roles: ['admin'], relations: ['project.owner', 'project.assignee'] },
  'project.delete': { roles: ['admin'], relations: ['project.owner'] },
  'task.access': {
    roles: ['admin', 'observer'],
    relations: ['task.owner', 'task.assignee', 'task.annotator'],
  },
  'task.change': { roles: ['admin'], relations: ['task.owner', 'task.assignee'] },
  'task.delete': { roles: ['admin'], relations: ['task.owner'] },
  'job.access': { roles: ['admin', 'observer'], relations: ['job.owner', 'job.annotator'] },
  'job.change': { roles: ['admin'], relations: ['job.owner', 'job.annotator'] },
} as const satisfies Record<string, ObjectRule>;

export type ObjectPermission = keyof typeof OBJECT_RULES;
