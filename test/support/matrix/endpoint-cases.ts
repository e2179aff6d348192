import type { InjectOptions } from 'light-my-request';

import type { EndpointAction } from '../../../src/auth/permissions/endpoint-permissions.js';
import {
  arrangeJob,
  arrangeProject,
  arrangeTask,
  MISSING_ID,
  type ArrangementContext,
} from './arrangements.js';
import { JOB_RELATIONS, PROJECT_RELATIONS, TASK_RELATIONS, type Relation } from './expected-status.js';

/** What a generated case knows when it builds its request; it may arrange objects first. */
export type CaseContext = ArrangementContext;

export interface EndpointCase {
  readonly relations: readonly Relation[];
  /** The status when the permission check passes; the body is built to succeed. */
  readonly okStatus: number;
  request(context: CaseContext, relation: Relation): InjectOptions | Promise<InjectOptions>;
  /**
   * For list endpoints: the request narrows the list to what the case arranged, and a 200 answer
   * must list it exactly when the actor may see it (expectedListed).
   */
  readonly listsArranged?: boolean;
}

const userIdFor = (context: CaseContext, relation: Relation) =>
  relation === 'self' ? context.actorId || context.otherId : context.otherId;

const simple = (
  method: InjectOptions['method'],
  url: string,
  okStatus: number,
  payload?: unknown,
): EndpointCase => ({
  relations: ['none'],
  okStatus,
  request: () => ({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  }),
});

type Method = InjectOptions['method'];

/** A request about the task the relation names; `missing` names none. */
const onTask = (method: Method, suffix: string, okStatus: number, payload?: unknown): EndpointCase => ({
  relations: [...TASK_RELATIONS, 'missing'],
  okStatus,
  request: async (context, relation) => ({
    method,
    url: `/api/v1/tasks/${await arrangeTask(context, relation)}${suffix}`,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  }),
});

const onProject = (method: Method, suffix: string, okStatus: number, payload?: unknown): EndpointCase => ({
  relations: [...PROJECT_RELATIONS, 'missing'],
  okStatus,
  request: async (context, relation) => ({
    method,
    url: `/api/v1/projects/${await arrangeProject(context, relation)}${suffix}`,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  }),
  listsArranged: suffix === '/tasks',
});

/** A request about the job the relation names; `missing` names none. */
const onJob = (method: Method, okStatus: number, payload?: unknown, suffix = ''): EndpointCase => ({
  relations: [...JOB_RELATIONS, 'missing'],
  okStatus,
  request: async (context, relation) => ({
    method,
    url: `/api/v1/jobs/${await arrangeJob(context, relation)}${suffix}`,
    ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
  }),
});

/** An empty annotation document: every write accepts it on any job or task. */
const noAnnotations = { version: 0, tags: [], shapes: [], tracks: [] };

const newTask = { name: 'made by the matrix', labels: [{ name: 'car', attributes: [] }] };
const event = { client_id: 1, name: 'x', time: '2026-01-01T00:00:00Z', is_active: true };
const report = {
  system: 'Linux',
  client: 'Chrome',
  time: '2026-01-01T00:00:00Z',
  client_id: 1,
  message: 'm',
  filename: 'http://localhost/a.js',
  line: 1,
  column: 1,
  stack: '',
};

/**
 * How to call each row of the permission matrix. Every row needs an entry: the generated suite
 * fails on a row without one, so a new endpoint cannot skip its permission tests.
 */
export const ENDPOINT_CASES: Record<EndpointAction, EndpointCase> = {
  'api.index': simple('GET', '/api/v1', 200),
  // Wrong credentials: reaching the check is what matters, and it must not sign anybody in.
  'auth.login': simple('POST', '/api/v1/auth/login', 400, { username: 'nobody', password: 'wrong-password' }),
  'auth.logout': simple('POST', '/api/v1/auth/logout', 200),
  'auth.register': simple('POST', '/api/v1/auth/register', 400, { username: '' }),
  'auth.password-change': simple('POST', '/api/v1/auth/password/change', 400, {}),
  'auth.password-reset': simple('POST', '/api/v1/auth/password/reset', 200, { email: 'nobody@example.com' }),
  'auth.password-reset-confirm': simple('POST', '/api/v1/auth/password/reset/confirm', 400, {}),
  'auth.signing': simple('POST', '/api/v1/auth/signing', 200, { url: '/api/v1/server/about' }),
  'restrictions.user-agreements': simple('GET', '/api/v1/restrictions/user-agreements', 200),
  'restrictions.terms-of-use': simple('GET', '/api/v1/restrictions/terms-of-use', 200),

  'users.list': simple('GET', '/api/v1/users', 200),
  'users.create': simple('POST', '/api/v1/users', 201, { username: 'created-by-test' }),
  'users.self': simple('GET', '/api/v1/users/self', 200),
  'users.retrieve': {
    relations: ['self', 'other'],
    okStatus: 200,
    request: (context, relation) => ({ method: 'GET', url: `/api/v1/users/${userIdFor(context, relation)}` }),
  },
  'users.update': {
    relations: ['self', 'other'],
    okStatus: 200,
    request: (context, relation) => ({
      method: 'PATCH',
      url: `/api/v1/users/${userIdFor(context, relation)}`,
      payload: { first_name: 'Changed' },
    }),
  },
  'users.replace': {
    relations: ['self', 'other'],
    okStatus: 200,
    request: (context, relation) => ({
      method: 'PUT',
      url: `/api/v1/users/${userIdFor(context, relation)}`,
      payload: { username: 'replaced' },
    }),
  },
  'users.delete': {
    relations: ['self', 'other'],
    okStatus: 204,
    request: (context, relation) => ({
      method: 'DELETE',
      url: `/api/v1/users/${userIdFor(context, relation)}`,
    }),
  },

  'projects.list': {
    relations: PROJECT_RELATIONS,
    okStatus: 200,
    request: async (context, relation) => ({
      method: 'GET',
      url: `/api/v1/projects?id=${await arrangeProject(context, relation)}`,
    }),
    listsArranged: true,
  },
  'projects.create': simple('POST', '/api/v1/projects', 201, { name: 'made by the matrix' }),
  'projects.retrieve': onProject('GET', '', 200),
  'projects.update': onProject('PATCH', '', 200, { name: 'renamed by the matrix' }),
  'projects.replace': simple('PUT', `/api/v1/projects/${MISSING_ID}`, 200, { name: 'replaced' }),
  'projects.delete': onProject('DELETE', '', 204),
  'projects.tasks': onProject('GET', '/tasks', 200),

  'tasks.list': {
    relations: TASK_RELATIONS,
    okStatus: 200,
    request: async (context, relation) => ({
      method: 'GET',
      url: `/api/v1/tasks?id=${await arrangeTask(context, relation)}`,
    }),
    listsArranged: true,
  },
  'tasks.create': simple('POST', '/api/v1/tasks', 201, newTask),
  'tasks.retrieve': onTask('GET', '', 200),
  'tasks.replace': onTask('PUT', '', 200, newTask),
  'tasks.update': onTask('PATCH', '', 200, { name: 'renamed by the matrix' }),
  'tasks.delete': onTask('DELETE', '', 204),
  // Without image_quality: the permission check passes, then validation refuses; nothing is queued.
  'tasks.data-create': onTask('POST', '/data', 400, {}),
  'tasks.status': onTask('GET', '/status', 200),
  // The arranged tasks have no media: past the permission check the preview is a 400.
  'tasks.data-retrieve': onTask('GET', '/data?type=preview', 400),
  'tasks.data-meta': onTask('GET', '/data/meta', 200),

  'jobs.list-of-task': onTask('GET', '/jobs', 200),
  'jobs.retrieve': onJob('GET', 200),
  'jobs.replace': onJob('PUT', 200, { status: 'completed' }),
  'jobs.update': onJob('PATCH', 200, { status: 'validation', assignee: null }),
  'jobs.create': simple('POST', `/api/v1/jobs/${MISSING_ID}`, 201, { status: 'annotation' }),
  'jobs.delete': simple('DELETE', `/api/v1/jobs/${MISSING_ID}`, 204),

  'tasks.annotations-retrieve': onTask('GET', '/annotations', 200),
  'tasks.annotations-replace': onTask('PUT', '/annotations', 200, noAnnotations),
  'tasks.annotations-update': onTask('PATCH', '/annotations?action=create', 200, noAnnotations),
  'tasks.annotations-delete': onTask('DELETE', '/annotations', 204),
  'jobs.annotations-retrieve': onJob('GET', 200, undefined, '/annotations'),
  'jobs.annotations-replace': onJob('PUT', 200, noAnnotations, '/annotations'),
  'jobs.annotations-update': onJob('PATCH', 200, noAnnotations, '/annotations?action=update'),
  'jobs.annotations-delete': onJob('DELETE', 204, undefined, '/annotations'),

  'server.about': simple('GET', '/api/v1/server/about', 200),
  'server.plugins': simple('GET', '/api/v1/server/plugins', 200),
  'server.share': simple('GET', '/api/v1/server/share', 200),
  'server.exception': simple('POST', '/api/v1/server/exception', 201, report),
  'server.logs': simple('POST', '/api/v1/server/logs', 201, [event]),
};
