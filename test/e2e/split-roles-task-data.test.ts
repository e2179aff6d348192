import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { imageBuffer } from '../support/media/images.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { files, multipart, type TaskStatus } from '../support/task-data-requests.js';
import { TEST_ADMIN, testEnv } from '../support/test-app.js';
import { createFreshDatabase, createTempDir, type FreshDatabase, type TempDir } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Operators may run the API and the media workers as separate processes on one PostgreSQL, Redis
 * and storage: a task created through the API is processed by the worker alone.
 */
describe('a task created through an api process and processed by a worker process', () => {
  let database: FreshDatabase;
  let dataRoot: TempDir;
  let shared: Record<string, string>;
  let api: ServerProcess;
  let worker: ServerProcess | undefined;
  let auth: Record<string, string>;

  before(async () => {
    database = await createFreshDatabase();
    dataRoot = await createTempDir();
    shared = testEnv({ DATABASE_URL: database.url, DATA_ROOT: dataRoot.path });
    api = await startServer({ ...shared, APP_ROLE: 'api' });
    const login = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    assert.equal(login.status, 200);
    auth = { authorization: `Token ${((await login.json()) as { key: string }).key}` };
  });
  after(async () => {
    await api.stop();
    await worker?.stop();
    await database.drop();
    await dataRoot.remove();
  });

  const status = async (taskId: number): Promise<TaskStatus> => {
    const response = await fetch(`${api.baseUrl}/api/v1/tasks/${taskId}/status`, { headers: auth });
    assert.equal(response.status, 200);
    return (await response.json()) as TaskStatus;
  };

  it('waits in the queue until a worker runs, which then finishes it', async () => {
    const created = await fetch(`${api.baseUrl}/api/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'split roles', labels: [{ name: 'car', attributes: [] }] }),
    });
    assert.equal(created.status, 201);
    const taskId = ((await created.json()) as { id: number }).id;

    const images = await Promise.all(
      [0, 1, 2].map(
        async (index) =>
          [
            `frame_${index}.jpg`,
            await imageBuffer({
              width: 64,
              height: 48,
              format: 'jpeg',
              color: { r: 40 * index, g: 90, b: 160 },
            }),
          ] as const,
      ),
    );
    const body = multipart([...files(images), { name: 'image_quality', value: '70' }]);
    const upload = await fetch(`${api.baseUrl}/api/v1/tasks/${taskId}/data`, {
      method: 'POST',
      headers: { ...auth, ...body.headers },
      body: body.payload,
    });
    assert.equal(upload.status, 202);

    // The api process has no processors: the job stays queued while no worker runs.
    await sleep(1500);
    assert.equal((await status(taskId)).state, 'Queued');

    worker = await startServer({ ...shared, APP_ROLE: 'worker' });
    const deadline = Date.now() + 60_000;
    let current = await status(taskId);
    while (current.state !== 'Finished' && current.state !== 'Failed' && Date.now() < deadline) {
      await sleep(200);
      current = await status(taskId);
    }
    assert.equal(current.state, 'Finished', current.message);

    const task = (await (await fetch(`${api.baseUrl}/api/v1/tasks/${taskId}`, { headers: auth })).json()) as {
      size: number;
      segments: unknown[];
    };
    assert.equal(task.size, 3);
    assert.equal(task.segments.length, 1);
    const chunk = await fetch(
      `${api.baseUrl}/api/v1/tasks/${taskId}/data?type=chunk&number=0&quality=compressed`,
      {
        headers: auth,
      },
    );
    assert.equal(chunk.status, 200);
    const bytes = Buffer.from(await chunk.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a zip of the compressed frames');
  });
});
