import type { Role } from '../roles.js';
import type { ObjectPermission } from './object-permissions.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an endpoint, as far as it can be decided before any object is loaded
 * (spec/auth.md, section 7: authentication, then role rules, then lookup, then object rules).
 */
export type Access =
  /** No authentication needed (login, registration, password reset, restrictions). */
  | { readonly kind: 'public' }
  /** Any authenticated user. */
  | { readonly kind: 'any' }
  /** Authenticated users holding one of the roles. */
  | { readonly kind: 'roles'; readonly roles: readonly Role[] }
  /** The user named by the path parameter, or a holder of one of the roles. */
  | { readonly kind: 'self-or-roles'; readonly param: string; readonly roles: readonly Role[] }
  /** Any authenticated user here; the service checks the permission on the loaded object. */
  | { readonly kind: 'object'; readonly permission: ObjectPermission }
  /**
   * Holders of one of the roles here; the service then checks the permission on the loaded
   * object, or another relation the endpoint documents (such as having created the task).
   */
  | {
      readonly kind: 'roles-and-object';
      readonly roles: readonly Role[];
      readonly permission: ObjectPermission;
    };

export interface EndpointRule {
  readonly method: HttpMethod;
  /** The path with `{param}` placeholders, as in the spec and the API document. */
  readonly path: string;
  readonly access: Access;
  /** The reference exposes some methods only to refuse them: 405 once the rule passes. */
  readonly methodNotAllowed?: boolean;
}

const ADMIN: readonly Role[] = ['admin'];
/** Who may create projects and tasks. */
const CREATORS: readonly Role[] = ['admin', 'user'];

/** One row per endpoint of the permission matrix (spec/auth.md, section 10). */
export const ENDPOINT_RULES = {
  'api.index': { method: 'GET', path: '/api/v1', access: { kind: 'any' } },

  'auth.login': { method: 'POST', path: '/api/v1/auth/login', access: { kind: 'public' } },
  'auth.logout': { method: 'POST', path: '/api/v1/auth/logout', access: { kind: 'public' } },
  'auth.register': { method: 'POST', path: '/api/v1/auth/register', access: { kind: 'public' } },
  'auth.password-change': { method: 'POST', path: '/api/v1/auth/password/change', access: { kind: 'any' } },
  'auth.password-reset': { method: 'POST', path: '/api/v1/auth/password/reset', access: { kind: 'public' } },
  'auth.password-reset-confirm': {
    method: 'POST',
    path: '/api/v1/auth/password/reset/confirm',
    access: { kind: 'public' },
  },
  'auth.signing': { method: 'POST', path: '/api/v1/auth/signing', access: { kind: 'any' } },
  'restrictions.user-agreements': {
    method: 'GET',
    path: '/api/v1/restrictions/user-agreements',
    access: { kind: 'public' },
  },
  'restrictions.terms-of-use': {
    method: 'GET',
    path: '/api/v1/restrictions/terms-of-use',
    access: { kind: 'public' },
  },

  'users.list': { method: 'GET', path: '/api/v1/users', access: { kind: 'any' } },
  'users.create': {
    method: 'POST',
    path: '/api/v1/users',
    access: { kind: 'roles', roles: ADMIN },
    methodNotAllowed: true,
  },
  'users.self': { method: 'GET', path: '/api/v1/users/self', access: { kind: 'any' } },
  'users.retrieve': { method: 'GET', path: '/api/v1/users/{id}', access: { kind: 'any' } },
  'users.update': {
    method: 'PATCH',
    path: '/api/v1/users/{id}',
    access: { kind: 'self-or-roles', param: 'id', roles: ADMIN },
  },
  'users.replace': {
    method: 'PUT',
    path: '/api/v1/users/{id}',
    access: { kind: 'self-or-roles', param: 'id', roles: ADMIN },
    methodNotAllowed: true,
  },
  'users.delete': {
    method: 'DELETE',
    path: '/api/v1/users/{id}',
    access: { kind: 'self-or-roles', param: 'id', roles: ADMIN },
  },

  'projects.list': { method: 'GET', path: '/api/v1/projects', access: { kind: 'any' } },
  'projects.create': { method: 'POST', path: '/api/v1/projects', access: { kind: 'roles', roles: CREATORS } },
  'projects.retrieve': {
    method: 'GET',
    path: '/api/v1/projects/{id}',
    access: { kind: 'object', permission: 'project.access' },
  },
  'projects.update': {
    method: 'PATCH',
    path: '/api/v1/projects/{id}',
    access: { kind: 'object', permission: 'project.change' },
  },
  'projects.replace': {
    method: 'PUT',
    path: '/api/v1/projects/{id}',
    access: { kind: 'roles', roles: ADMIN },
    methodNotAllowed: true,
  },
  'projects.delete': {
    method: 'DELETE',
    path: '/api/v1/projects/{id}',
    access: { kind: 'object', permission: 'project.delete' },
  },
  'projects.tasks': {
    method: 'GET',
    path: '/api/v1/projects/{id}/tasks',
    access: { kind: 'object', permission: 'project.access' },
  },

  'tasks.list': { method: 'GET', path: '/api/v1/tasks', access: { kind: 'any' } },
  'tasks.create': { method: 'POST', path: '/api/v1/tasks', access: { kind: 'roles', roles: CREATORS } },
  'tasks.retrieve': {
    method: 'GET',
    path: '/api/v1/tasks/{id}',
    access: { kind: 'object', permission: 'task.access' },
  },
  'tasks.replace': {
    method: 'PUT',
    path: '/api/v1/tasks/{id}',
    access: { kind: 'object', permission: 'task.change' },
  },
  'tasks.update': {
    method: 'PATCH',
    path: '/api/v1/tasks/{id}',
    access: { kind: 'object', permission: 'task.change' },
  },
  'tasks.delete': {
    method: 'DELETE',
    path: '/api/v1/tasks/{id}',
    access: { kind: 'object', permission: 'task.delete' },
  },
  'tasks.data-create': {
    method: 'POST',
    path: '/api/v1/tasks/{id}/data',
    access: { kind: 'roles-and-object', roles: CREATORS, permission: 'task.change' },
  },
  'tasks.status': {
    method: 'GET',
    path: '/api/v1/tasks/{id}/status',
    access: { kind: 'object', permission: 'task.access' },
  },
  'tasks.data-retrieve': {
    method: 'GET',
    path: '/api/v1/tasks/{id}/data',
    access: { kind: 'object', permission: 'task.access' },
  },
  'tasks.data-meta': {
    method: 'GET',
    path: '/api/v1/tasks/{id}/data/meta',
    access: { kind: 'object', permission: 'task.access' },
  },

  'jobs.list-of-task': {
    method: 'GET',
    path: '/api/v1/tasks/{id}/jobs',
    access: { kind: 'object', permission: 'task.access' },
  },
  'jobs.retrieve': {
    method: 'GET',
    path: '/api/v1/jobs/{id}',
    access: { kind: 'object', permission: 'job.access' },
  },
  'jobs.replace': {
    method: 'PUT',
    path: '/api/v1/jobs/{id}',
    access: { kind: 'object', permission: 'job.change' },
  },
  'jobs.update': {
    method: 'PATCH',
    path: '/api/v1/jobs/{id}',
    access: { kind: 'object', permission: 'job.change' },
  },
  'jobs.create': {
    method: 'POST',
    path: '/api/v1/jobs/{id}',
    access: { kind: 'roles', roles: ADMIN },
    methodNotAllowed: true,
  },
  'jobs.delete': {
    method: 'DELETE',
    path: '/api/v1/jobs/{id}',
    access: { kind: 'any' },
    methodNotAllowed: true,
  },

  'tasks.annotations-retrieve': {
    method: 'GET',
    path: '/api/v1/tasks/{id}/annotations',
    access: { kind: 'object', permission: 'task.access' },
  },
  'tasks.annotations-replace': {
    method: 'PUT',
    path: '/api/v1/tasks/{id}/annotations',
    access: { kind: 'object', permission: 'task.change' },
  },
  'tasks.annotations-update': {
    method: 'PATCH',
    path: '/api/v1/tasks/{id}/annotations',
    access: { kind: 'object', permission: 'task.change' },
  },
  'tasks.annotations-delete': {
    method: 'DELETE',
    path: '/api/v1/tasks/{id}/annotations',
    access: { kind: 'object', permission: 'task.change' },
  },

  'jobs.annotations-retrieve': {
    method: 'GET',
    path: '/api/v1/jobs/{id}/annotations',
    access: { kind: 'object', permission: 'job.access' },
  },
  'jobs.annotations-replace': {
    method: 'PUT',
    path: '/api/v1/jobs/{id}/annotations',
    access: { kind: 'object', permission: 'job.change' },
  },
  'jobs.annotations-update': {
    method: 'PATCH',
    path: '/api/v1/jobs/{id}/annotations',
    access: { kind: 'object', permission: 'job.change' },
  },
  'jobs.annotations-delete': {
    method: 'DELETE',
    path: '/api/v1/jobs/{id}/annotations',
    access: { kind: 'object', permission: 'job.change' },
  },

  'server.about': { method: 'GET', path: '/api/v1/server/about', access: { kind: 'any' } },
  'server.plugins': { method: 'GET', path: '/api/v1/server/plugins', access: { kind: 'any' } },
  'server.share': { method: 'GET', path: '/api/v1/server/share', access: { kind: 'any' } },
  'server.exception': { method: 'POST', path: '/api/v1/server/exception', access: { kind: 'any' } },
  'server.logs': { method: 'POST', path: '/api/v1/server/logs', access: { kind: 'any' } },
} as const satisfies Record<string, EndpointRule>;

export type EndpointAction = keyof typeof ENDPOINT_RULES;

export function endpointRule(action: EndpointAction): EndpointRule {
  return ENDPOINT_RULES[action];
}
