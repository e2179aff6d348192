import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { aUser, withDb } from '../support/builders.js';
import { tasksSnapshot } from '../support/task-snapshots.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const HOST = 'cvat.example.test:8080';
const PROJECT_KEYS = [
  'url',
  'id',
  'name',
  'owner',
  'assignee',
  'bug_tracker',
  'created_date',
  'updated_date',
  'status',
];

interface ProjectBody {
  url: string;
  id: number;
  name: string;
  owner: number | null;
  assignee: number | null;
  bug_tracker: string;
  created_date: string;
  updated_date: string;
  status: string;
}

describe('projects API', () => {
  let harness: TestApp;
  const auth = new Map<string, Record<string, string>>();
  const ids = new Map<string, number>();

  before(async () => {
    harness = await startTestApp();
    auth.set('admin', await signIn(harness));
    for (const [username, roles] of [
      ['planner', ['user']],
      ['helper', []],
      ['outsider', ['annotator']],
    ] as const) {
      const user = await aUser(harness, { username, roles });
      ids.set(username, user.id);
      auth.set(username, await signIn(harness, user));
    }
  });
  after(() => harness.close());

  const idOf = (username: string) => ids.get(username) as number;
  const as = (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    harness.app.inject({
      method,
      url,
      headers: { ...auth.get(who), host: HOST },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('creates a project owned by the requester unless another owner is named', async () => {
    const response = await as('planner', 'POST', '/api/v1/projects', { name: ' plan ', status: 'completed' });
    assert.equal(response.statusCode, 201, response.body);
    const project = response.json<ProjectBody>();
    assert.deepEqual(Object.keys(project), PROJECT_KEYS);
    assert.equal(response.headers.location, project.url);
    assert.equal(project.url, `http://${HOST}/api/v1/projects/${project.id}`);
    assert.deepEqual(
      [project.name, project.owner, project.assignee, project.bug_tracker, project.status],
      ['plan', idOf('planner'), null, '', 'annotation'],
    );
    assert.equal(project.updated_date, project.created_date);

    const forHelper = await as('planner', 'POST', '/api/v1/projects', {
      name: 'for the helper',
      owner: idOf('helper'),
      assignee: idOf('outsider'),
    });
    assert.deepEqual(
      [forHelper.json<ProjectBody>().owner, forHelper.json<ProjectBody>().assignee],
      [idOf('helper'), idOf('outsider')],
    );
    assert.equal((await as('helper', 'POST', '/api/v1/projects', { name: 'no role' })).statusCode, 403);
  });

  it('validates the body and writes nothing when it fails', async () => {
    const before = await tasksSnapshot(harness);
    const cases: Array<[unknown, unknown]> = [
      [{}, { name: ['This field is required.'] }],
      [{ name: 'p'.repeat(257) }, { name: ['Ensure this field has no more than 256 characters.'] }],
      [{ name: 'p', owner: 424242 }, { owner: ['Invalid pk "424242" - object does not exist.'] }],
      [{ name: 'p', assignee: [1] }, { assignee: ['Incorrect type. Expected pk value, received list.'] }],
      [{ name: 'p', bug_tracker: null }, { bug_tracker: ['This field may not be null.'] }],
      [[{ name: 'p' }], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ];
    for (const [payload, body] of cases) {
      const response = await as('planner', 'POST', '/api/v1/projects', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.json(), body);
    }
    assert.deepEqual(await tasksSnapshot(harness), before);
  });

  it('changes the fields given on PATCH, without refreshing updated_date', async () => {
    const project = (
      await as('planner', 'POST', '/api/v1/projects', { name: 'patch me' })
    ).json<ProjectBody>();
    const response = await as('planner', 'PATCH', `/api/v1/projects/${project.id}`, {
      name: 'patched',
      assignee: idOf('helper'),
      bug_tracker: 'http://tracker',
    });
    assert.equal(response.statusCode, 200, response.body);
    const patched = response.json<ProjectBody>();
    assert.deepEqual(
      [patched.name, patched.assignee, patched.bug_tracker],
      ['patched', idOf('helper'), 'http://tracker'],
    );
    assert.equal(patched.updated_date, project.updated_date);

    const byAssignee = await as('helper', 'PATCH', `/api/v1/projects/${project.id}`, { owner: null });
    assert.equal(byAssignee.statusCode, 200, 'a project assignee may change it');
    assert.equal(byAssignee.json<ProjectBody>().owner, null);
    assert.equal(
      (await as('outsider', 'PATCH', `/api/v1/projects/${project.id}`, { name: 'x' })).statusCode,
      403,
    );
    assert.equal((await as('helper', 'GET', `/api/v1/projects/${project.id}`)).statusCode, 200);
  });

  it('refuses PUT: 405 for admins, 403 for others', async () => {
    const project = (await as('planner', 'POST', '/api/v1/projects', { name: 'no put' })).json<ProjectBody>();
    const admin = await as('admin', 'PUT', `/api/v1/projects/${project.id}`, { name: 'x' });
    assert.equal(admin.statusCode, 405);
    assert.deepEqual(admin.json(), { detail: 'Method "PUT" not allowed.' });
    assert.equal(
      (await as('planner', 'PUT', `/api/v1/projects/${project.id}`, { name: 'x' })).statusCode,
      403,
    );
  });

  it('deletes a project with all its tasks and their directories', async () => {
    const project = (await as('planner', 'POST', '/api/v1/projects', { name: 'doomed' })).json<ProjectBody>();
    const taskIds: number[] = [];
    for (const name of ['first', 'second']) {
      const task = await as('planner', 'POST', '/api/v1/tasks', {
        name,
        project: project.id,
        labels: [{ name: 'car' }],
      });
      taskIds.push(task.json<{ id: number }>().id);
    }
    const other = (
      await as('planner', 'POST', '/api/v1/tasks', { name: 'elsewhere', labels: [{ name: 'car' }] })
    ).json<{
      id: number;
    }>();

    assert.equal((await as('helper', 'DELETE', `/api/v1/projects/${project.id}`)).statusCode, 403);
    assert.equal((await as('planner', 'DELETE', `/api/v1/projects/${project.id}`)).statusCode, 204);
    assert.equal((await as('planner', 'GET', `/api/v1/projects/${project.id}`)).statusCode, 404);
    for (const id of taskIds) {
      assert.equal((await as('admin', 'GET', `/api/v1/tasks/${id}`)).statusCode, 404);
      await assert.rejects(stat(join(dataPaths(harness.config).tasks, String(id))));
    }
    assert.equal((await as('admin', 'GET', `/api/v1/tasks/${other.id}`)).statusCode, 200);
    const labels = await withDb(harness, (db) =>
      db.query('SELECT 1 FROM labels WHERE task_id = ANY($1)', [taskIds]),
    );
    assert.equal(labels.rowCount, 0);
  });

  it('lists the tasks of a project to those who may read it', async () => {
    const project = (
      await as('planner', 'POST', '/api/v1/projects', { name: 'with tasks' })
    ).json<ProjectBody>();
    await as('planner', 'POST', '/api/v1/tasks', {
      name: 'inside',
      project: project.id,
      labels: [{ name: 'car' }],
    });
    const listed = await as('planner', 'GET', `/api/v1/projects/${project.id}/tasks?page_size=1`);
    assert.equal(listed.statusCode, 200, listed.body);
    const page = listed.json<{ count: number; results: Array<{ name: string; project: number }> }>();
    assert.equal(page.count, 1);
    assert.deepEqual([page.results[0].name, page.results[0].project], ['inside', project.id]);
    assert.equal((await as('outsider', 'GET', `/api/v1/projects/${project.id}/tasks`)).statusCode, 403);
    assert.equal((await as('planner', 'GET', '/api/v1/projects/2147483647/tasks')).statusCode, 404);
    assert.equal((await as('planner', 'GET', '/api/v1/projects/99999999999')).statusCode, 404);
  });
});
