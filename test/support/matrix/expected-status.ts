import type { EndpointRule } from '../../../src/auth/permissions/endpoint-permissions.js';
import {
  OBJECT_RULES,
  type Relation as ObjectRelation,
} from '../../../src/auth/permissions/object-permissions.js';
import type { Role } from '../../../src/auth/roles.js';
import type { Actor } from './actors.js';

/**
 * The relation of the actor to the object a request names, which the case sets up before the
 * request. Users: `self`, `other`. Projects and tasks: see OBJECT_RELATIONS. `none` for rows
 * that name no object, `missing` for an id that names nothing.
 */
export type Relation =
  | 'none'
  | 'self'
  | 'other'
  | 'owner'
  | 'assignee'
  | 'job-assignee'
  | 'other-job-assignee'
  | 'public'
  | 'public-without-jobs'
  | 'project-owner'
  | 'project-assignee'
  | 'task-owner'
  | 'unrelated'
  | 'missing';

export type ObjectKind = 'project' | 'task' | 'job';

/**
 * What each arranged situation means in the terms of spec/auth.md, section 6, written from the
 * spec rather than from the service code (with `reduce_task_visibility` off):
 *
 * tasks: `owner` owns it; `assignee` is its assignee; `job-assignee` is the assignee of one of its
 * jobs; `public` means it has no assignee and one job; `public-without-jobs` has neither;
 * `project-owner` and `project-assignee` relate to the project it is in; `unrelated` owns and is
 * assigned nothing, and the task has an assignee.
 *
 * projects: `owner`, `assignee` of the project; `job-assignee` of a job of one of its tasks;
 * `public` means one of its tasks has no assignee and a job; `task-owner` owns one of its
 * tasks, which has no jobs; `unrelated` as for tasks.
 *
 * jobs (the first job of a task): `owner`, `assignee`, `project-owner`, `project-assignee` relate
 * to its task as for tasks; `job-assignee` is its assignee; `other-job-assignee` is the assignee
 * of another job of the same task only; `public` means its task has no assignee; `unrelated` as
 * for tasks.
 */
export const OBJECT_RELATIONS: Readonly<
  Record<ObjectKind, Partial<Record<Relation, readonly ObjectRelation[]>>>
> = {
  task: {
    owner: ['task.owner'],
    assignee: ['task.assignee'],
    'job-assignee': ['task.annotator'],
    public: ['task.annotator'],
    'public-without-jobs': [],
    'project-owner': ['task.owner'],
    'project-assignee': ['task.assignee'],
    unrelated: [],
  },
  project: {
    owner: ['project.owner'],
    assignee: ['project.assignee'],
    'job-assignee': ['project.annotator'],
    public: ['project.annotator'],
    'task-owner': [],
    unrelated: [],
  },
  job: {
    owner: ['job.owner'],
    assignee: ['job.annotator'],
    'job-assignee': ['job.annotator'],
    'other-job-assignee': [],
    public: ['job.annotator'],
    'project-owner': ['job.owner'],
    'project-assignee': ['job.annotator'],
    unrelated: [],
  },
};

export const TASK_RELATIONS = Object.keys(OBJECT_RELATIONS.task) as Relation[];
export const PROJECT_RELATIONS = Object.keys(OBJECT_RELATIONS.project) as Relation[];
export const JOB_RELATIONS = Object.keys(OBJECT_RELATIONS.job) as Relation[];

function holds(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.includes(role) || (role === 'admin' && actor.superuser === true));
}

/** Admins and observers see every project and task in lists (spec/auth.md, section 8). */
function seesEverything(actor: Actor): boolean {
  return holds(actor, ['admin', 'observer']);
}

/**
 * Whether a list shows the object a case arranged. Per the spec's note, lists show the union of
 * what the reference lists and what the user may open: every relation above except `unrelated`
 * puts the object in the user's list, including `task-owner` for projects and public tasks
 * without jobs, which the user may not open.
 */
export function expectedListed(actor: Actor, relation: Relation): boolean {
  return seesEverything(actor) || relation !== 'unrelated';
}

/**
 * What the matrix row says the answer must be, written independently of the guard and services:
 * 401 for the anonymous on protected endpoints, 403 when the role part fails, 405 for refused
 * methods, 404 for missing objects, 403 when neither a role nor a relation grants the object
 * permission, and otherwise the endpoint's own status.
 */
export function expectedStatus(
  rule: EndpointRule,
  actor: Actor,
  relation: Relation,
  okStatus: number,
): number {
  const { access } = rule;
  if (actor.anonymous) return access.kind === 'public' ? okStatus : 401;
  const rolesFirst = access.kind === 'roles' || access.kind === 'roles-and-object';
  if (rolesFirst && !holds(actor, access.roles)) return 403;
  if (access.kind === 'self-or-roles' && relation !== 'self' && !holds(actor, access.roles)) return 403;
  if (rule.methodNotAllowed) return 405;
  // Arranged tasks have no creator, so only the object permission can grant `roles-and-object`.
  if (access.kind === 'object' || access.kind === 'roles-and-object') {
    if (relation === 'missing') return 404;
    const objectRule = OBJECT_RULES[access.permission];
    const kind = access.permission.split('.')[0];
    const held = (OBJECT_RELATIONS as Record<string, Partial<Record<Relation, readonly ObjectRelation[]>>>)[
      kind
    ]?.[relation];
    if (!held) throw new Error(`No meaning for relation ${relation} of a ${kind}`);
    const granted =
      holds(actor, objectRule.roles) || objectRule.relations.some((name) => held.includes(name));
    return granted ? okStatus : 403;
  }
  return okStatus;
}
