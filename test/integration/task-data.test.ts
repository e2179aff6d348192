import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { taskDataJobId } from '../../src/data/intake/task-data-job.js';
import { JobQueue } from '../../src/queue/job-queue.service.js';
import { aUser } from '../support/builders.js';
import { imageBuffer } from '../support/media/images.js';
import { writeVideo } from '../support/media/videos.js';
import {
  fields,
  files,
  listTree,
  multipart,
  type Part,
  type TaskStatus,
} from '../support/task-data-requests.js';
import { createTempDir } from '../support/test-env.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

interface TaskBody {
  id: number;
  mode: string;
  size?: number;
  data?: number;
  overlap: number | null;
  segment_size: number;
  data_chunk_size?: number | null;
  image_quality?: number;
  data_compressed_chunk_type?: string;
  segments: { start_frame: number; stop_frame: number; jobs: { id: number; status: string }[] }[];
}

describe('POST /tasks/{id}/data and GET /tasks/{id}/status', () => {
  let harness: TestApp;
  let auth: { authorization: string };
  const images: [string, Buffer][] = [];

  before(async () => {
    harness = await startTestApp();
    auth = await signIn(harness);
    for (let index = 0; index < 5; index += 1) {
      const color = { r: 40 * index, g: 100, b: 200 - 30 * index };
      images.push([`img_${index}.jpg`, await imageBuffer({ width: 64, height: 48, format: 'jpeg', color })]);
    }
  });

  after(async () => {
    await harness?.close();
  });

  async function createTask(segmentSize = 0): Promise<number> {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: auth,
      payload: { name: 'media', segment_size: segmentSize, labels: [{ name: 'car', attributes: [] }] },
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json<{ id: number }>().id;
  }

  async function post(taskId: number, parts: readonly Part[]) {
    const { payload, headers } = multipart(parts);
    return harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...auth, ...headers },
      payload,
    });
  }

  async function status(taskId: number): Promise<TaskStatus> {
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/tasks/${taskId}/status`,
      headers: auth,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<TaskStatus>();
  }

  async function settle(taskId: number): Promise<{ final: TaskStatus; seen: TaskStatus[] }> {
    const seen: TaskStatus[] = [];
    for (let attempt = 0; attempt < 600; attempt += 1) {
      const current = await status(taskId);
      seen.push(current);
      if (current.state === 'Finished' || current.state === 'Failed') return { final: current, seen };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`Task ${taskId} did not settle: ${JSON.stringify(seen.at(-1))}`);
  }

  async function task(taskId: number): Promise<TaskBody> {
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/tasks/${taskId}`,
      headers: auth,
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<TaskBody>();
  }

  const dataRoot = () => dataPaths(harness.config).data;

  it('stores images, processes them and splits the task into one job per segment', async () => {
    const taskId = await createTask(2);
    const response = await post(taskId, [...fields({ image_quality: 70, chunk_size: 2 }), ...files(images)]);
    assert.equal(response.statusCode, 202, response.body);
    const echoed = response.json<{ client_files: string[]; image_quality: number; chunk_size: number }>();
    assert.deepEqual(
      echoed.client_files,
      images.map(([name]) => name),
    );
    assert.equal(echoed.image_quality, 70);
    assert.equal(echoed.chunk_size, 2);

    const { final, seen } = await settle(taskId);
    assert.deepEqual(final, { state: 'Finished', message: '' });
    for (const state of seen) {
      assert.ok(['Queued', 'Started', 'Finished'].includes(state.state), state.state);
      if (state.state === 'Started' && state.message !== '') {
        assert.match(state.message, /^(Images are being compressed \d+%|Task is being saved in database)$/);
      }
    }

    const body = await task(taskId);
    assert.equal(body.size, 5);
    assert.equal(body.mode, 'annotation');
    assert.equal(body.image_quality, 70);
    assert.equal(body.data_chunk_size, 2);
    assert.equal(body.data_compressed_chunk_type, 'imageset');
    assert.equal(body.overlap, 0);
    assert.deepEqual(
      body.segments.map((segment) => [segment.start_frame, segment.stop_frame, segment.jobs.length]),
      [
        [0, 1, 1],
        [2, 3, 1],
        [4, 4, 1],
      ],
    );
    assert.ok(body.segments.every((segment) => segment.jobs[0].status === 'annotation'));

    const dataDir = join(dataRoot(), String(body.data));
    const tree = await listTree(dataDir);
    for (const name of images.map(([file]) => file)) assert.ok(tree.includes(join('raw', name)), name);
    assert.ok(tree.includes('preview.jpeg'));
    assert.ok(tree.includes('manifest.json'));
    assert.equal(tree.filter((path) => path.startsWith('compressed/')).length, 3);
    assert.equal(tree.filter((path) => path.startsWith('original/')).length, 3);
    const manifest = JSON.parse(await readFile(join(dataDir, 'manifest.json'), 'utf8')) as { size: number };
    assert.equal(manifest.size, 5);
  });

  it('answers 400 to a second upload and keeps the first', async () => {
    const taskId = await createTask();
    assert.equal(
      (await post(taskId, [...fields({ image_quality: 50 }), ...files(images.slice(0, 2))])).statusCode,
      202,
    );
    const again = await post(taskId, [...fields({ image_quality: 50 }), ...files(images.slice(2, 3))]);
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.json(), ['Adding more data is not supported']);
    assert.equal((await settle(taskId)).final.state, 'Finished');
    assert.equal((await task(taskId)).size, 2);
  });

  it('fails on a corrupt image, removing what processing wrote and leaving size 0', async () => {
    const taskId = await createTask();
    const corrupt: [string, Buffer] = ['img_2.jpg', Buffer.from('this is not a jpeg at all')];
    const response = await post(taskId, [
      ...fields({ image_quality: 70 }),
      ...files([images[0], images[1], corrupt, images[3]]),
    ]);
    assert.equal(response.statusCode, 202, response.body);

    const { final } = await settle(taskId);
    assert.equal(final.state, 'Failed');
    assert.match(final.message, /^Exception: .*img_2\.jpg.*\n$/s);
    const body = await task(taskId);
    assert.equal(body.size, 0);
    assert.deepEqual(body.segments, []);
    const tree = await listTree(join(dataRoot(), String(body.data)));
    assert.deepEqual(
      tree.filter((path) => !path.startsWith('raw')),
      [],
    );

    // The queue keeps only recent jobs; once it has forgotten this one, the reason still shows.
    const job = await harness.app.get(JobQueue).queue('media').getJob(taskDataJobId(taskId));
    await job!.remove();
    assert.deepEqual(await status(taskId), final);
  });

  it('processes a video into an interpolation task', async () => {
    const temp = await createTempDir();
    try {
      const video = await readFile(
        await writeVideo(join(temp.path, 'clip.mp4'), { width: 64, height: 48, frames: 12 }),
      );
      const taskId = await createTask(5);
      const response = await post(taskId, [
        ...fields({ image_quality: 60, stop_frame: 9 }),
        ...files([['clip.mp4', video]]),
      ]);
      assert.equal(response.statusCode, 202, response.body);
      assert.deepEqual(await settle(taskId).then((result) => result.final), {
        state: 'Finished',
        message: '',
      });
      const body = await task(taskId);
      assert.equal(body.mode, 'interpolation');
      assert.equal(body.size, 10);
      assert.equal(body.data_compressed_chunk_type, 'video');
      assert.ok(body.segments.length >= 2);
      assert.ok(body.segments.every((segment) => segment.jobs.length === 1));
    } finally {
      await temp.remove();
    }
  });

  const badOptions: [string, Record<string, string | number>, Record<string, string[]>][] = [
    [
      'image_quality above 100',
      { image_quality: 101 },
      { image_quality: ['Ensure this value is less than or equal to 100.'] },
    ],
    [
      'chunk_size 0',
      { image_quality: 70, chunk_size: 0 },
      { chunk_size: ['Chunk size must be a positive integer'] },
    ],
    [
      'step=0',
      { image_quality: 70, frame_filter: 'step=0' },
      { frame_filter: ['Invalid frame filter expression'] },
    ],
    [
      'stop_frame before start_frame',
      { image_quality: 70, start_frame: 3, stop_frame: 1 },
      { non_field_errors: ['Stop frame must be more or equal start frame'] },
    ],
    ['no image_quality', {}, { image_quality: ['This field is required.'] }],
  ];
  for (const [title, values, errors] of badOptions) {
    it(`refuses ${title} with field errors and stores nothing`, async () => {
      const taskId = await createTask();
      const before = await listTree(dataRoot());
      const response = await post(taskId, [...fields(values), ...files(images.slice(0, 2))]);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json(), errors);
      assert.deepEqual(await listTree(dataRoot()), before);
      assert.deepEqual(await listTree(dataPaths(harness.config).tmp), []);
      const body = await task(taskId);
      assert.equal(body.data, undefined);
      assert.deepEqual(await status(taskId), { state: 'Finished', message: '' });
    });
  }

  it('answers 400 to two files with the same name and stores nothing', async () => {
    const taskId = await createTask();
    const response = await post(taskId, [
      ...fields({ image_quality: 70 }),
      { name: 'client_files[0]', filename: 'a.jpg', value: images[0][1] },
      { name: 'client_files[1]', filename: 'a.jpg', value: images[1][1] },
    ]);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), { client_files: ['File a.jpg is duplicated'] });
    assert.deepEqual(await listTree(dataPaths(harness.config).tmp), []);
  });

  it("lets a user attach data to a task they created for somebody else, but not to another's", async () => {
    const creator = await aUser(harness, { username: 'creator', roles: ['user'] });
    const owner = await aUser(harness, { username: 'owner', roles: ['user'] });
    const stranger = await aUser(harness, { username: 'stranger', roles: ['user'] });
    const creatorAuth = await signIn(harness, creator);
    const created = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: creatorAuth,
      payload: { name: 'for the owner', owner: owner.id, labels: [{ name: 'car', attributes: [] }] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const taskId = created.json<{ id: number; owner: number }>().id;
    assert.equal(created.json<{ owner: number }>().owner, owner.id);

    const upload = multipart([...fields({ image_quality: 70 }), ...files(images.slice(0, 1))]);
    const refused = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...(await signIn(harness, stranger)), ...upload.headers },
      payload: upload.payload,
    });
    assert.equal(refused.statusCode, 403);
    const accepted = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...creatorAuth, ...upload.headers },
      payload: upload.payload,
    });
    assert.equal(accepted.statusCode, 202, accepted.body);
    assert.equal((await settle(taskId)).final.state, 'Finished');
  });

  it('answers 404 for a missing task', async () => {
    assert.equal((await post(2_147_483_000, fields({ image_quality: 70 }))).statusCode, 404);
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/tasks/2147483000/status',
      headers: auth,
    });
    assert.equal(response.statusCode, 404);
  });
});

describe('upload limits of POST /tasks/{id}/data', () => {
  let harness: TestApp;
  let auth: { authorization: string };

  before(async () => {
    harness = await startTestApp({ UPLOAD_MAX_FILES: '2', UPLOAD_MAX_TOTAL_MB: '1' });
    auth = await signIn(harness);
  });

  after(async () => {
    await harness?.close();
  });

  async function attempt(parts: readonly Part[]) {
    const created = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: auth,
      payload: { name: 'limits', labels: [{ name: 'car', attributes: [] }] },
    });
    const taskId = created.json<{ id: number }>().id;
    const { payload, headers } = multipart(parts);
    const response = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/data`,
      headers: { ...auth, ...headers },
      payload,
    });
    const task = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks/${taskId}`, headers: auth });
    return { status: response.statusCode, data: task.json<{ data?: number }>().data };
  }

  const nothingStaged = async () => {
    const paths = dataPaths(harness.config);
    assert.deepEqual(await listTree(paths.tmp), []);
    assert.deepEqual(await listTree(paths.data), []);
  };

  it('answers 413 to more files than allowed and stores nothing', async () => {
    const small = Buffer.alloc(100, 1);
    const result = await attempt([
      ...fields({ image_quality: 70 }),
      ...files([
        ['a.jpg', small],
        ['b.jpg', small],
        ['c.jpg', small],
      ]),
    ]);
    assert.deepEqual(result, { status: 413, data: undefined });
    await nothingStaged();
  });

  it('answers 413 to an upload larger than the total limit and stores nothing', async () => {
    const big = Buffer.alloc(700 * 1024, 1);
    const result = await attempt([
      ...fields({ image_quality: 70 }),
      ...files([
        ['a.jpg', big],
        ['b.jpg', big],
      ]),
    ]);
    assert.deepEqual(result, { status: 413, data: undefined });
    await nothingStaged();
  });
});
