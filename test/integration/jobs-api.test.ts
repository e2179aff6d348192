import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { aUser, withDb, type CreatedUser } from '../support/builders.js';
import { aTask, type TaskBuilder } from '../support/task-builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const HOST = 'cvat.example.test:8080';
const JOB_KEYS = ['url', 'id', 'assignee', 'status', 'start_frame', 'stop_frame', 'task_id'];

interface JobBody {
  url: string;
  id: number;
  assignee: number | null;
  status: string;
  start_frame: number;
  stop_frame: number;
  task_id: number;
}

interface TaskState {
  status: string;
  updated_date: string;
}

describe('jobs API', () => {
  let harness: TestApp;
  const auth = new Map<string, Record<string, string>>();
  const users = new Map<string, CreatedUser>();

  before(async () => {
    harness = await startTestApp();
    auth.set('admin', await signIn(harness));
    for (const spec of [
      { username: 'owner', roles: ['user'] as const },
      { username: 'worker', roles: ['annotator'] as const },
      { username: 'stranger', roles: ['user'] as const },
    ]) {
      const user = await aUser(harness, spec);
      users.set(spec.username, user);
      auth.set(spec.username, await signIn(harness, user));
    }
  });
  after(() => harness.close());

  const idOf = (username: string) => (users.get(username) as CreatedUser).id;

  function as(
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) {
    return harness.app.inject({
      method,
      url,
      headers: { ...auth.get(who), host: HOST },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  }

  /** A task owned by `owner` and assigned to `stranger`; returns its id and its jobs' ids. */
  async function arranged(build: (task: TaskBuilder) => TaskBuilder = (task) => task.withJobs(2)) {
    return withDb(harness, async (db) => {
      const taskId = await build(aTask().ownedBy(idOf('owner')).assignedTo(idOf('stranger'))).insert(db);
      const jobs = await db.query<{ id: number }>(
        'SELECT j.id FROM jobs j JOIN segments s ON s.id = j.segment_id WHERE s.task_id = $1 ORDER BY j.id',
        [taskId],
      );
      return { taskId, jobIds: jobs.rows.map((row) => row.id) };
    });
  }

  async function taskState(taskId: number): Promise<TaskState> {
    const response = await as('admin', 'GET', `/api/v1/tasks/${taskId}`);
    assert.equal(response.statusCode, 200, response.body);
    const { status, updated_date } = response.json<TaskState>();
    return { status, updated_date };
  }

  async function job(jobId: number): Promise<JobBody> {
    const response = await as('admin', 'GET', `/api/v1/jobs/${jobId}`);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<JobBody>();
  }

  async function patched(jobId: number, payload: unknown, who = 'owner'): Promise<JobBody> {
    const response = await as(who, 'PATCH', `/api/v1/jobs/${jobId}`, payload);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<JobBody>();
  }

  describe('reading', () => {
    it('lists no jobs for a task without media', async () => {
      const { taskId } = await arranged((task) => task);
      const response = await as('owner', 'GET', `/api/v1/tasks/${taskId}/jobs`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), []);
    });

    it('lists every job of a task, unpaginated and by id', async () => {
      const { taskId, jobIds } = await arranged((task) => task.withJob().withJob(idOf('worker')).withJob());
      const response = await as('owner', 'GET', `/api/v1/tasks/${taskId}/jobs`);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), [
        {
          url: `http://${HOST}/api/v1/jobs/${jobIds[0]}`,
          id: jobIds[0],
          assignee: null,
          status: 'annotation',
          start_frame: 0,
          stop_frame: 9,
          task_id: taskId,
        },
        {
          url: `http://${HOST}/api/v1/jobs/${jobIds[1]}`,
          id: jobIds[1],
          assignee: idOf('worker'),
          status: 'annotation',
          start_frame: 10,
          stop_frame: 19,
          task_id: taskId,
        },
        {
          url: `http://${HOST}/api/v1/jobs/${jobIds[2]}`,
          id: jobIds[2],
          assignee: null,
          status: 'annotation',
          start_frame: 20,
          stop_frame: 29,
          task_id: taskId,
        },
      ]);
    });

    it('answers one job in the representation of the spec', async () => {
      const { taskId, jobIds } = await arranged();
      const body = await job(jobIds[1]);
      assert.deepEqual(Object.keys(body), JOB_KEYS);
      assert.deepEqual(body, {
        url: `http://${HOST}/api/v1/jobs/${jobIds[1]}`,
        id: jobIds[1],
        assignee: null,
        status: 'annotation',
        start_frame: 10,
        stop_frame: 19,
        task_id: taskId,
      });
    });

    it('has no job list, and answers 404 for unknown and malformed ids', async () => {
      assert.equal((await as('admin', 'GET', '/api/v1/jobs')).statusCode, 404);
      for (const id of ['2147483647', '0', 'abc', '99999999999']) {
        const response = await as('admin', 'GET', `/api/v1/jobs/${id}`);
        assert.equal(response.statusCode, 404, id);
        assert.deepEqual(response.json(), { detail: 'Not found.' });
      }
      assert.equal((await as('admin', 'GET', '/api/v1/tasks/2147483647/jobs')).statusCode, 404);
    });

    it('refuses to create or delete jobs', async () => {
      const { jobIds } = await arranged();
      assert.equal((await as('admin', 'POST', `/api/v1/jobs/${jobIds[0]}`, {})).statusCode, 405);
      assert.equal((await as('owner', 'POST', `/api/v1/jobs/${jobIds[0]}`, {})).statusCode, 403);
      assert.equal((await as('worker', 'DELETE', `/api/v1/jobs/${jobIds[0]}`)).statusCode, 405);
      assert.equal((await job(jobIds[0])).id, jobIds[0]);
    });
  });

  describe('changing', () => {
    it('changes the assignee and the status, on PATCH and PUT alike, keeping omitted fields', async () => {
      const { jobIds } = await arranged();
      let body = await patched(jobIds[0], { assignee: idOf('worker') });
      assert.equal(body.assignee, idOf('worker'));
      assert.equal(body.status, 'annotation');

      const response = await as('owner', 'PUT', `/api/v1/jobs/${jobIds[0]}`, { status: 'validation' });
      assert.equal(response.statusCode, 200, response.body);
      body = response.json<JobBody>();
      assert.equal(body.assignee, idOf('worker'));
      assert.equal(body.status, 'validation');

      body = await patched(jobIds[0], { assignee: null, status: 'completed' });
      assert.deepEqual([body.assignee, body.status], [null, 'completed']);
      assert.deepEqual(await job(jobIds[0]), body);
      assert.equal((await job(jobIds[1])).status, 'annotation');
    });

    it('accepts digit strings and "" for the assignee, and ignores read-only and unknown fields', async () => {
      const { taskId, jobIds } = await arranged();
      let body = await patched(jobIds[0], {
        assignee: String(idOf('worker')),
        id: 1,
        start_frame: 500,
        stop_frame: 600,
        task_id: 1,
        url: 'x',
        reviewer: 3,
      });
      assert.equal(body.assignee, idOf('worker'));
      assert.deepEqual([body.id, body.start_frame, body.stop_frame, body.task_id], [jobIds[0], 0, 9, taskId]);
      body = await patched(jobIds[0], { assignee: '' });
      assert.equal(body.assignee, null);
      body = await patched(jobIds[0], {});
      assert.deepEqual(body, await job(jobIds[0]));
    });

    it('rejects unknown assignees and statuses, changing nothing', async () => {
      const { taskId, jobIds } = await arranged();
      const before = await job(jobIds[0]);
      const task = await taskState(taskId);
      const cases: Array<[unknown, unknown]> = [
        [{ assignee: 2147483600 }, { assignee: ['Invalid pk "2147483600" - object does not exist.'] }],
        [{ status: 'foo' }, { status: ['"foo" is not a valid choice.'] }],
        [
          { status: 'completed', assignee: 2147483600 },
          { assignee: ['Invalid pk "2147483600" - object does not exist.'] },
        ],
        [
          { status: 'foo', assignee: 2147483600 },
          {
            status: ['"foo" is not a valid choice.'],
            assignee: ['Invalid pk "2147483600" - object does not exist.'],
          },
        ],
        [{ status: null }, { status: ['This field may not be null.'] }],
        [{ assignee: 'me' }, { assignee: ['Incorrect type. Expected pk value, received str.'] }],
        [{ assignee: idOf('worker'), status: 'done' }, { status: ['"done" is not a valid choice.'] }],
      ];
      for (const [payload, errors] of cases) {
        for (const method of ['PATCH', 'PUT'] as const) {
          const response = await as('owner', method, `/api/v1/jobs/${jobIds[0]}`, payload);
          assert.equal(response.statusCode, 400, `${method} ${JSON.stringify(payload)}: ${response.body}`);
          assert.deepEqual(response.json(), errors);
        }
      }
      const invalid = await as('owner', 'PATCH', `/api/v1/jobs/${jobIds[0]}`, [1]);
      assert.equal(invalid.statusCode, 400, invalid.body);
      assert.deepEqual(await job(jobIds[0]), before);
      assert.deepEqual(await taskState(taskId), task);
    });

    it('answers 404 before 403 before 400', async () => {
      const { jobIds } = await arranged();
      const missing = await as('worker', 'PATCH', '/api/v1/jobs/2147483647', { status: 'foo' });
      assert.equal(missing.statusCode, 404, missing.body);
      const forbidden = await as('worker', 'PATCH', `/api/v1/jobs/${jobIds[0]}`, { status: 'foo' });
      assert.equal(forbidden.statusCode, 403, forbidden.body);
      const invalid = await as('owner', 'PATCH', `/api/v1/jobs/${jobIds[0]}`, { status: 'foo' });
      assert.equal(invalid.statusCode, 400, invalid.body);
    });

    it('lets a job assignee change his own job, even hand it on, but not the other jobs', async () => {
      const { taskId, jobIds } = await arranged((task) => task.withJob(idOf('worker')).withJob());
      const listed = await as('worker', 'GET', `/api/v1/tasks/${taskId}/jobs`);
      assert.equal(listed.statusCode, 200, listed.body);
      assert.equal((await as('worker', 'GET', `/api/v1/jobs/${jobIds[1]}`)).statusCode, 403);
      assert.equal(
        (await as('worker', 'PATCH', `/api/v1/jobs/${jobIds[1]}`, { status: 'completed' })).statusCode,
        403,
      );
      const body = await patched(jobIds[0], { status: 'validation', assignee: idOf('stranger') }, 'worker');
      assert.deepEqual([body.status, body.assignee], ['validation', idOf('stranger')]);
      assert.equal((await as('worker', 'GET', `/api/v1/jobs/${jobIds[0]}`)).statusCode, 403);
    });
  });

  describe('task status derivation', () => {
    it('follows the jobs and saves the task only when its status changes', async () => {
      const { taskId, jobIds } = await arranged((task) => task.withJobs(3));
      const initial = await taskState(taskId);
      assert.equal(initial.status, 'annotation');

      await patched(jobIds[0], { status: 'completed' });
      await patched(jobIds[1], { status: 'validation' });
      assert.deepEqual(await taskState(taskId), initial, 'a job is still in annotation');

      await patched(jobIds[2], { assignee: idOf('worker') });
      assert.deepEqual(await taskState(taskId), initial, 'an assignee change leaves the status');

      await patched(jobIds[2], { status: 'completed' });
      const validation = await taskState(taskId);
      assert.equal(validation.status, 'validation');
      assert.ok(validation.updated_date > initial.updated_date, 'updated_date refreshed');

      await patched(jobIds[2], { status: 'validation' });
      assert.deepEqual(await taskState(taskId), validation, 'still validation');

      await patched(jobIds[1], { status: 'completed' });
      await patched(jobIds[2], { status: 'completed' });
      const completed = await taskState(taskId);
      assert.equal(completed.status, 'completed');
      assert.ok(completed.updated_date > validation.updated_date);

      await patched(jobIds[0], { status: 'annotation' });
      const reopened = await taskState(taskId);
      assert.equal(reopened.status, 'annotation');
      assert.ok(reopened.updated_date > completed.updated_date);
    });

    it('shows the new job statuses in the task representation', async () => {
      const { taskId, jobIds } = await arranged((task) => task.withJob());
      await patched(jobIds[0], { status: 'completed', assignee: idOf('worker') });
      const task = await as('admin', 'GET', `/api/v1/tasks/${taskId}`);
      const segments = task.json<{ status: string; segments: Array<{ jobs: unknown[] }> }>();
      assert.equal(segments.status, 'completed');
      assert.deepEqual(segments.segments[0].jobs, [
        {
          url: `http://${HOST}/api/v1/jobs/${jobIds[0]}`,
          id: jobIds[0],
          assignee: idOf('worker'),
          status: 'completed',
        },
      ]);
    });
  });
});
