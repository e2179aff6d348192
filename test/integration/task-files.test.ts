import assert from 'node:assert/strict';
import { mkdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { DataSource, type EntityManager } from 'typeorm';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { JobQueue } from '../../src/queue/job-queue.service.js';
import { TaskMedia, type TaskMediaFields } from '../../src/tasks/storage/task-media.js';
import { TaskTouch } from '../../src/tasks/tasks/task-touch.service.js';
import { withDb } from '../support/builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

interface TaskBody {
  id: number;
  updated_date: string;
  [field: string]: unknown;
}

describe('task files and media', () => {
  let harness: TestApp;
  let headers: Record<string, string>;
  let tasksRoot: string;

  before(async () => {
    harness = await startTestApp();
    headers = await signIn(harness);
    tasksRoot = dataPaths(harness.config).tasks;
  });
  after(() => harness.close());

  const createTask = async (name: string): Promise<TaskBody> => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers,
      payload: { name, labels: [{ name: 'car' }] },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<TaskBody>();
  };
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );

  it('removes old directories of tasks that no longer exist, through a real Bull worker', async () => {
    const kept = await createTask('kept');
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    const orphan = join(tasksRoot, '999001');
    const young = join(tasksRoot, '999002');
    const unrelated = join(tasksRoot, 'not-a-task');
    for (const path of [orphan, young, unrelated]) await mkdir(join(path, 'artifacts'), { recursive: true });
    for (const path of [orphan, unrelated, join(tasksRoot, String(kept.id))]) await utimes(path, old, old);

    const job = await harness.app
      .get(JobQueue)
      .add('maintenance', 'remove-orphan-task-directories', { olderThanSeconds: 3600 });
    const result = (await job.finished()) as { removed: number };

    assert.equal(result.removed, 1);
    assert.equal(await exists(orphan), false);
    assert.equal(
      await exists(young),
      true,
      'a task being created has its directory before its row is visible',
    );
    assert.equal(await exists(unrelated), true);
    assert.equal(await exists(join(tasksRoot, String(kept.id))), true);
  });

  it('schedules the sweep as a repeatable maintenance job', async () => {
    const repeatable = await harness.app.get(JobQueue).queue('maintenance').getRepeatableJobs();
    assert.ok(repeatable.some((job) => job.name === 'remove-orphan-task-directories'));
  });

  describe('with media attached', () => {
    const media = () => harness.app.get(TaskMedia);
    let original: Pick<TaskMedia, 'fieldsOf' | 'releaseUnused'>;

    before(() => {
      original = {
        fieldsOf: media().fieldsOf.bind(media()),
        releaseUnused: media().releaseUnused.bind(media()),
      };
    });
    after(() => {
      Object.assign(media(), original);
    });

    const FIELDS: TaskMediaFields = {
      data_chunk_size: 72,
      data_compressed_chunk_type: 'imageset',
      data_original_chunk_type: 'imageset',
      size: 6,
      image_quality: 70,
      data: 4242,
    };

    it('shows the media fields after the others, in CVAT’s order', async () => {
      const task = await createTask('with media');
      await withDb(harness, (db) => db.query('UPDATE tasks SET data_id = 4242 WHERE id = $1', [task.id]));
      media().fieldsOf = async (_manager: EntityManager, dataIds: readonly number[]) =>
        new Map(dataIds.map((id) => [id, { ...FIELDS, data: id }]));

      const read = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks/${task.id}`, headers });
      const body = read.json<TaskBody>();
      assert.deepEqual(Object.keys(body).slice(-7), ['project', ...Object.keys(FIELDS)]);
      assert.equal(body.data, 4242);
      const listed = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks?id=${task.id}`, headers });
      assert.deepEqual(listed.json<{ results: TaskBody[] }>().results[0], body);
    });

    it('releases the media in the deleting transaction and removes files only after it commits', async () => {
      const task = await createTask('media to release');
      await withDb(harness, (db) => db.query('UPDATE tasks SET data_id = 77 WHERE id = $1', [task.id]));
      const mediaDirectory = join(dataPaths(harness.config).data, '77');
      await mkdir(mediaDirectory, { recursive: true });
      const seen: Array<{
        dataIds: readonly number[];
        inTransaction: boolean;
        taskGone: boolean;
        filesThere: boolean;
      }> = [];
      media().releaseUnused = async (manager: EntityManager, dataIds: readonly number[]) => {
        const rows = await manager.query<unknown[]>('SELECT 1 FROM tasks WHERE id = $1', [task.id]);
        seen.push({
          dataIds,
          inTransaction: manager.queryRunner?.isTransactionActive === true,
          taskGone: rows.length === 0,
          filesThere: (await exists(join(tasksRoot, String(task.id)))) && (await exists(mediaDirectory)),
        });
        return [mediaDirectory];
      };

      const response = await harness.app.inject({
        method: 'DELETE',
        url: `/api/v1/tasks/${task.id}`,
        headers,
      });
      assert.equal(response.statusCode, 204);
      assert.deepEqual(seen, [{ dataIds: [77], inTransaction: true, taskGone: true, filesThere: true }]);
      assert.equal(await exists(mediaDirectory), false);
      assert.equal(await exists(join(tasksRoot, String(task.id))), false);
    });

    it('keeps the task and its files when the deletion does not commit', async () => {
      const task = await createTask('deletion fails');
      media().releaseUnused = async () => {
        throw new Error('media store unavailable');
      };
      const response = await harness.app.inject({
        method: 'DELETE',
        url: `/api/v1/tasks/${task.id}`,
        headers,
      });
      assert.equal(response.statusCode, 500);
      assert.equal(
        (await harness.app.inject({ method: 'GET', url: `/api/v1/tasks/${task.id}`, headers })).statusCode,
        200,
      );
      assert.equal(await exists(join(tasksRoot, String(task.id))), true);
    });
  });

  it('lets other modules mark a task as changed', async () => {
    const task = await createTask('touched');
    await harness.app
      .get(DataSource)
      .transaction((manager) => harness.app.get(TaskTouch).touch(manager, task.id));
    const read = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks/${task.id}`, headers });
    assert.ok(read.json<TaskBody>().updated_date > task.updated_date);
  });
});
