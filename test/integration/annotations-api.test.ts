import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import type { InjectOptions } from 'light-my-request';

import { anAnnotatedTask, type TaskForAnnotations } from '../support/annotation-builders.js';
import { aUser, withDb } from '../support/builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

interface Doc {
  version: number;
  tags: Array<Record<string, unknown>>;
  shapes: Array<Record<string, unknown>>;
  tracks: Array<Record<string, unknown> & { shapes: Array<Record<string, unknown>> }>;
}

const LABELS = [
  {
    name: 'car',
    attributes: [
      {
        name: 'model',
        mutable: false,
        input_type: 'select',
        default_value: 'mazda',
        values: ['bmw', 'mazda'],
      },
      { name: 'parked', mutable: true, input_type: 'checkbox', default_value: 'false', values: ['false'] },
    ],
  },
  { name: 'person', attributes: [] },
];

describe('annotations API', () => {
  let harness: TestApp;
  let admin: Record<string, string>;
  let ownerId: number;
  let owner: Record<string, string>;

  before(async () => {
    harness = await startTestApp();
    admin = await signIn(harness);
    const user = await aUser(harness, { username: 'annotation-owner', roles: ['user'] });
    ownerId = user.id;
    owner = await signIn(harness, user);
  });
  after(() => harness.close());

  /** A task of 20 frames in two jobs [0, 9] and [10, 19] with the labels above. */
  const aTask = (
    segments: Array<[number, number]> = [
      [0, 9],
      [10, 19],
    ],
    overlap = 0,
  ) =>
    withDb(harness, (db) =>
      anAnnotatedTask().ownedBy(ownerId).withFrames(20, segments, overlap).withLabels(LABELS).insert(db),
    );

  const call = (method: InjectOptions['method'], url: string, payload?: unknown, headers = {}) =>
    harness.app.inject({
      method,
      url,
      headers: { ...owner, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const jobUrl = (task: TaskForAnnotations, index = 0) => `/api/v1/jobs/${task.jobIds[index]}/annotations`;
  const taskUrl = (task: TaskForAnnotations) => `/api/v1/tasks/${task.taskId}/annotations`;

  /** The port of the test app on a real socket, for what `inject` cannot do (slow or broken clients). */
  async function listeningPort(): Promise<number> {
    if (!harness.app.getHttpServer().listening) await harness.app.listen({ port: 0, host: '127.0.0.1' });
    return (harness.app.getHttpServer().address() as AddressInfo).port;
  }

  async function read(url: string): Promise<Doc> {
    const response = await call('GET', url);
    assert.equal(response.statusCode, 200, response.body);
    return response.json<Doc>();
  }

  /** The document of the reference test: a tag, two shapes and two tracks. */
  function sample(task: TaskForAnnotations): Doc {
    const car = task.labels.get('car')!;
    const person = task.labels.get('person')!;
    const model = car.attributes.get('model')!;
    const parked = car.attributes.get('parked')!;
    return {
      version: 0,
      tags: [{ frame: 0, label_id: car.id, group: null, source: 'manual', attributes: [] }],
      shapes: [
        {
          frame: 0,
          label_id: car.id,
          group: 0,
          type: 'rectangle',
          occluded: false,
          z_order: 0,
          points: [1, 2.1, 100, 300.222],
          attributes: [
            { spec_id: model, value: 'bmw' },
            { spec_id: parked, value: 'true' },
          ],
        },
        {
          frame: 1,
          label_id: person.id,
          group: null,
          type: 'polygon',
          occluded: true,
          points: [1, 1, 10, 1, 10, 10],
          attributes: [],
        },
      ],
      tracks: [
        {
          frame: 0,
          label_id: car.id,
          group: null,
          attributes: [{ spec_id: model, value: 'bmw' }],
          shapes: [
            {
              frame: 0,
              type: 'rectangle',
              occluded: false,
              outside: false,
              points: [1, 2, 3, 4],
              attributes: [{ spec_id: parked, value: 'true' }],
            },
            {
              frame: 3,
              type: 'rectangle',
              occluded: true,
              outside: false,
              points: [2, 3, 4, 5],
              attributes: [],
            },
          ],
        },
        {
          frame: 2,
          label_id: person.id,
          group: 1,
          attributes: [],
          shapes: [
            { frame: 2, type: 'points', occluded: false, outside: false, points: [5, 5], attributes: [] },
          ],
        },
      ],
    };
  }

  const withoutIds = (doc: Doc): Doc =>
    JSON.parse(
      JSON.stringify(doc, (key, value: unknown) => (key === 'id' || key === 'version' ? undefined : value)),
    ) as Doc;

  describe('job endpoints', () => {
    it('runs the save sequence of the reference tests, one version per write', async () => {
      const task = await aTask();
      const url = jobUrl(task);
      assert.equal((await read(url)).version, 0);

      const empty = await call('PUT', url, { version: 0, tags: [], shapes: [], tracks: [] });
      assert.equal(empty.statusCode, 200, empty.body);
      assert.equal(empty.json<Doc>().version, 1);

      const doc = sample(task);
      const put = await call('PUT', url, doc);
      assert.equal(put.statusCode, 200, put.body);
      const saved = put.json<Doc>();
      assert.equal(saved.version, 2);
      assert.equal(put.headers.etag, '"2"');
      const expected = withoutIds(doc);
      expected.shapes[1].z_order = 0;
      for (const list of [expected.tags, expected.shapes, expected.tracks]) {
        for (const object of list) object.source ??= 'manual';
      }
      for (const track of expected.tracks) for (const shape of track.shapes) shape.z_order ??= 0;
      assert.deepEqual(withoutIds(saved), expected);
      for (const object of [...saved.tags, ...saved.shapes, ...saved.tracks, ...saved.tracks[0].shapes]) {
        assert.equal(typeof object.id, 'number');
      }

      const got = await read(url);
      assert.equal(got.version, 2);
      const car = task.labels.get('car')!;
      const model = car.attributes.get('model')!;
      const parked = car.attributes.get('parked')!;
      const values = (attributes: unknown) =>
        Object.fromEntries(
          (attributes as Array<{ spec_id: number; value: string }>).map((a) => [a.spec_id, a.value]),
        );
      // The tag had no values: both defaults. The track's second keyframe carries `parked` forward.
      assert.deepEqual(values(got.tags[0].attributes), { [model]: 'mazda', [parked]: 'false' });
      assert.deepEqual(values(got.tracks[0].attributes), { [model]: 'bmw' });
      assert.deepEqual(values(got.tracks[0].shapes[1].attributes), { [parked]: 'true' });
      assert.deepEqual(got.shapes[0].points, [1, 2.1, 100, 300.222]);

      const cleared = await call('DELETE', url);
      assert.equal(cleared.statusCode, 204);
      const afterDelete = await read(url);
      assert.deepEqual(afterDelete, { version: 3, tags: [], shapes: [], tracks: [] });

      const created = await call('PATCH', `${url}?action=create`, doc);
      assert.equal(created.statusCode, 200, created.body);
      assert.equal(created.json<Doc>().version, 4);
      const current = await read(url);

      current.tags[0].label_id = task.labels.get('person')!.id;
      current.tags[0].attributes = [];
      current.shapes[0].type = 'polygon';
      current.shapes[0].points = [1, 2, 3, 4, 5, 6, 7, 8];
      current.tracks[0].group = 10;
      current.tracks[0].shapes[0].occluded = true;
      const updated = await call('PATCH', `${url}?action=update`, current);
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json<Doc>().version, 5);
      assert.deepEqual(updated.json<Doc>().shapes[0].id, current.shapes[0].id);
      const afterUpdate = await read(url);
      assert.deepEqual(withoutIds(afterUpdate), withoutIds({ ...current, version: 5 }));
      assert.deepEqual(
        afterUpdate.shapes.map((shape) => shape.id),
        current.shapes.map((shape) => shape.id),
      );

      const removed = await call('PATCH', `${url}?action=delete`, afterUpdate);
      assert.equal(removed.statusCode, 200, removed.body);
      assert.equal(removed.json<Doc>().version, 6);
      assert.deepEqual(withoutIds(removed.json<Doc>()), withoutIds(afterUpdate));
      assert.deepEqual(await read(url), { version: 6, tags: [], shapes: [], tracks: [] });
    });

    it('answers created objects in request order, with their count, whatever their frames', async () => {
      const task = await aTask();
      const person = task.labels.get('person')!.id;
      const frames = [7, 2, 9, 0, 5];
      const shapes = frames.map((frame) => ({
        frame,
        label_id: person,
        group: null,
        type: 'points',
        occluded: false,
        points: [frame, frame],
        attributes: [],
        clientID: frame,
      }));
      const response = await call('PATCH', `${jobUrl(task)}?action=create`, {
        version: 0,
        tags: [],
        shapes,
        tracks: [],
      });
      assert.equal(response.statusCode, 200, response.body);
      const saved = response.json<Doc>().shapes;
      assert.deepEqual(
        saved.map((shape) => shape.frame),
        frames,
      );
      assert.equal(new Set(saved.map((shape) => shape.id)).size, frames.length);
      assert.ok(saved.every((shape) => !('clientID' in shape)));
      assert.deepEqual(
        (await read(jobUrl(task))).shapes.map((shape) => shape.frame),
        [...frames].sort((a, b) => a - b),
      );
    });

    it('refuses a PATCH without a valid action', async () => {
      const task = await aTask();
      for (const suffix of ['', '?action=merge']) {
        const response = await call('PATCH', `${jobUrl(task)}${suffix}`, sample(task));
        assert.equal(response.statusCode, 400);
        assert.deepEqual(response.json(), ["Please specify a correct 'action' for the request"]);
      }
      assert.equal((await read(jobUrl(task))).version, 0);
    });
  });

  describe('ids', () => {
    it('keeps the ids of the objects a PUT replaces, and refuses ids of other jobs', async () => {
      const task = await aTask();
      const first = await call('PUT', jobUrl(task, 0), sample(task));
      const saved = first.json<Doc>();
      const again = await call('PUT', jobUrl(task, 0), saved);
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual(
        again.json<Doc>().shapes.map((shape) => shape.id),
        saved.shapes.map((shape) => shape.id),
      );

      // The same objects sent to the other job: their ids are not that job's.
      const foreign = await call('PUT', jobUrl(task, 1), { ...saved, tracks: [], tags: [] });
      assert.equal(foreign.statusCode, 400);
      assert.equal(foreign.json(), `shape id \`${String(saved.shapes[0].id)}\` is not an object of this job`);
      assert.equal((await read(jobUrl(task, 1))).version, 0);

      const update = await call('PATCH', `${jobUrl(task, 1)}?action=update`, {
        ...saved,
        tracks: [],
        tags: [],
      });
      assert.equal(update.statusCode, 400);
      assert.equal((await read(jobUrl(task, 0))).shapes.length, 2);

      // Ids of another task's job are refused the same way, by task and by job.
      const other = await aTask();
      const labelName = (id: number) => [...task.labels].find(([, label]) => label.id === id)![0];
      const shapes = saved.shapes.map((shape) => ({
        ...shape,
        label_id: other.labels.get(labelName(shape.label_id as number))!.id,
        attributes: [],
      }));
      const across = await call('PATCH', `${jobUrl(other, 0)}?action=update`, {
        ...saved,
        shapes,
        tracks: [],
        tags: [],
      });
      assert.equal(across.statusCode, 400);
      assert.equal(across.json(), `shape id \`${String(saved.shapes[0].id)}\` is not an object of this job`);
      assert.equal((await read(jobUrl(other, 0))).version, 0);
      assert.equal((await read(jobUrl(task, 0))).shapes.length, 2);
    });

    it('gives fresh ids to created objects, whatever ids they carry', async () => {
      const task = await aTask();
      const saved = (await call('PUT', jobUrl(task), sample(task))).json<Doc>();
      const created = await call('PATCH', `${jobUrl(task)}?action=create`, saved);
      assert.equal(created.statusCode, 200, created.body);
      const ids = created.json<Doc>().shapes.map((shape) => shape.id);
      assert.ok(ids.every((id) => !saved.shapes.some((shape) => shape.id === id)));
      assert.equal((await read(jobUrl(task))).shapes.length, 4);
    });

    it('refuses the same id twice in one request', async () => {
      const task = await aTask();
      const saved = (await call('PUT', jobUrl(task), sample(task))).json<Doc>();
      const twice = { ...saved, shapes: [saved.shapes[0], saved.shapes[0]] };
      const response = await call('PUT', jobUrl(task), twice);
      assert.equal(response.statusCode, 400);
      assert.equal(typeof response.json(), 'string');
      assert.equal((await read(jobUrl(task))).version, 1);
    });
  });

  describe('validation changes nothing', () => {
    const cases: Array<[string, (doc: Doc, task: TaskForAnnotations) => unknown]> = [
      ['an unknown label', (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], label_id: 11010101 }] })],
      [
        'an attribute of another label',
        (doc, task) => ({
          ...doc,
          shapes: [
            {
              ...doc.shapes[1],
              attributes: [{ spec_id: task.labels.get('car')!.attributes.get('model'), value: 'x' }],
            },
          ],
        }),
      ],
      [
        'a mutable attribute on a track',
        (doc, task) => ({
          ...doc,
          tracks: [
            {
              ...doc.tracks[0],
              attributes: [{ spec_id: task.labels.get('car')!.attributes.get('parked'), value: 'x' }],
            },
          ],
        }),
      ],
      ['a frame outside the task', (doc) => ({ ...doc, tags: [{ ...doc.tags[0], frame: 20 }] })],
      ['a negative frame', (doc) => ({ ...doc, tags: [{ ...doc.tags[0], frame: -1 }] })],
      ['a fractional frame', (doc) => ({ ...doc, tags: [{ ...doc.tags[0], frame: 1.5 }] })],
      [
        'a rectangle of 6 numbers',
        (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], points: [1, 2, 3, 4, 5, 6] }] }),
      ],
      ['points with words', (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], points: ['one', 2, 3, 4] }] })],
      ['a group beyond 32 bits', (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], group: 2 ** 31 }] })],
      [
        'a z_order beyond 32 bits',
        (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], z_order: -(2 ** 31) - 1 }] }),
      ],
      ['an unknown shape type', (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], type: 'circle' }] })],
      [
        'attributes that are not a list',
        (doc) => ({ ...doc, shapes: [{ ...doc.shapes[0], attributes: {} }] }),
      ],
      [
        'a track repeating a frame',
        (doc) => ({
          ...doc,
          tracks: [{ ...doc.tracks[0], shapes: [doc.tracks[0].shapes[0], doc.tracks[0].shapes[0]] }],
        }),
      ],
      [
        'a track mixing types',
        (doc) => ({
          ...doc,
          tracks: [
            {
              ...doc.tracks[0],
              shapes: [
                doc.tracks[0].shapes[0],
                { ...doc.tracks[0].shapes[1], type: 'polygon', points: [1, 1, 2, 2, 3, 1] },
              ],
            },
          ],
        }),
      ],
      ['a track without keyframes', (doc) => ({ ...doc, tracks: [{ ...doc.tracks[0], shapes: [] }] })],
      ['a missing version', ({ tags, shapes, tracks }) => ({ tags, shapes, tracks })],
      [
        'an attribute without value',
        (doc, task) => ({
          ...doc,
          tags: [
            { ...doc.tags[0], attributes: [{ spec_id: task.labels.get('car')!.attributes.get('model') }] },
          ],
        }),
      ],
    ];

    for (const [name, breakIt] of cases) {
      it(`refuses ${name} on every write, keeping the job as it was`, async () => {
        const task = await aTask();
        const before = (await call('PUT', jobUrl(task), sample(task))).json<Doc>();
        const body = breakIt(sample(task), task);
        for (const [method, url] of [
          ['PUT', jobUrl(task)],
          ['PATCH', `${jobUrl(task)}?action=create`],
          ['PATCH', `${jobUrl(task)}?action=update`],
          ['PUT', taskUrl(task)],
        ] as const) {
          const response = await call(method, url, body);
          assert.equal(response.statusCode, 400, `${method} ${url}: ${response.body}`);
        }
        const now = await read(jobUrl(task));
        assert.equal(now.version, before.version);
        assert.deepEqual(
          now.shapes.map((shape) => shape.id),
          before.shapes.map((shape) => shape.id),
        );
      });
    }

    it('answers schema errors nested by position, as CVAT does', async () => {
      const task = await aTask();
      const doc = sample(task);
      const response = await call('PUT', jobUrl(task), {
        ...doc,
        shapes: [doc.shapes[0], { ...doc.shapes[1], type: 'circle' }],
      });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.json(), { shapes: [{}, { type: ['"circle" is not a valid choice.'] }] });
      const label = await call('PUT', jobUrl(task), {
        ...doc,
        shapes: [{ ...doc.shapes[0], label_id: 1212121 }],
      });
      assert.equal(label.json(), 'label_id `1212121` is invalid');
    });

    it('answers a body of megabytes, read in pieces, with the errors a small body gets', async () => {
      const task = await aTask();
      const doc = sample(task);
      const shapes = Array.from({ length: 12_000 }, (_, index) =>
        index === 9_000 ? { ...doc.shapes[0], type: 'circle' } : doc.shapes[0],
      );
      const text = JSON.stringify({ ...doc, shapes });
      assert.ok(text.length > 2 ** 20, 'the body is read in pieces from 1 MiB on');
      const put = (payload: string) =>
        harness.app.inject({
          method: 'PUT',
          url: jobUrl(task),
          headers: { ...owner, 'content-type': 'application/json' },
          payload,
        });

      const invalid = await put(text);
      assert.equal(invalid.statusCode, 400);
      const errors = invalid.json<{ shapes: object[] }>().shapes;
      assert.equal(errors.length, 12_000);
      assert.deepEqual(errors[9_000], { type: ['"circle" is not a valid choice.'] });
      assert.deepEqual([errors[0], errors[8_999], errors[9_001]], [{}, {}, {}]);

      const small = await put('{"version": 0, "shapes": [');
      const broken = await put(`${text.slice(0, -1)},`);
      assert.equal(broken.statusCode, 400);
      assert.deepEqual(broken.json(), small.json());
      assert.match(String(broken.json<{ detail: string }>().detail), /^JSON parse error - /);
      assert.equal((await read(jobUrl(task))).version, 0);

      const valid = await put(JSON.stringify({ ...doc, shapes: shapes.slice(0, 9_000) }));
      assert.equal(valid.statusCode, 200, valid.body.slice(0, 300));
      const saved = await read(jobUrl(task));
      assert.equal(saved.shapes.length, 9_000);
      assert.equal(saved.tracks.length, doc.tracks.length);
    });

    it('refuses a body over the size limit with 413 before reading it', async () => {
      const task = await aTask();
      const port = await listeningPort();
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: jobUrl(task),
            headers: {
              ...owner,
              'content-type': 'application/json',
              'content-length': String(200 * 1024 * 1024),
            },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
            request.destroy();
          },
        );
        request.on('error', reject);
        request.write('{"version":0,');
      });
      assert.equal(status, 413);
      assert.equal((await read(jobUrl(task))).version, 0);
    });

    it('gives the database connection back when a client abandons a streamed read', async () => {
      const task = await aTask();
      const person = task.labels.get('person')!.id;
      const shapes = Array.from({ length: 30_000 }, (_, index) => ({
        frame: index % 10,
        label_id: person,
        group: null,
        type: 'points',
        occluded: false,
        points: [index, index],
        attributes: [],
      }));
      const saved = await call('PUT', jobUrl(task), { version: 0, tags: [], shapes, tracks: [] });
      assert.equal(saved.statusCode, 200);
      const port = await listeningPort();

      // More abandoned reads than the pool has connections: a leaked one per read would exhaust it.
      for (let round = 0; round < 25; round += 1) {
        await new Promise<void>((resolve, reject) => {
          const request = http.get(
            { host: '127.0.0.1', port, path: jobUrl(task), headers: owner },
            (response) => {
              response.once('data', () => {
                request.destroy();
                resolve();
              });
            },
          );
          request.on('error', (error) => (request.destroyed ? resolve() : reject(error)));
        });
      }
      const after = await read(jobUrl(task));
      assert.equal(after.shapes.length, 30_000);
    });

    it('refuses NaN and numbers beyond a double in points, changing nothing', async () => {
      const task = await aTask();
      const person = task.labels.get('person')!.id;
      const shape = (points: string) =>
        `{"version":0,"tags":[],"tracks":[],"shapes":[{"frame":0,"label_id":${person},"group":null,` +
        `"type":"points","occluded":false,"attributes":[],"points":${points}}]}`;
      for (const points of ['[NaN, 1]', '[1e400, 1]', '[-1e400, 1]']) {
        const response = await harness.app.inject({
          method: 'PUT',
          url: jobUrl(task),
          headers: { ...owner, 'content-type': 'application/json' },
          payload: shape(points),
        });
        assert.equal(response.statusCode, 400, points);
        assert.equal((await read(jobUrl(task))).version, 0);
      }
    });

    it('refuses deeply nested JSON cleanly', async () => {
      const task = await aTask();
      const depth = 100_000;
      const payload = `{"version":0,"tags":[],"tracks":[],"shapes":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const response = await harness.app.inject({
        method: 'PUT',
        url: jobUrl(task),
        headers: { ...owner, 'content-type': 'application/json' },
        payload,
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal((await read(jobUrl(task))).version, 0);
    });

    it('refuses 10 million numbers in one shape', async () => {
      const task = await aTask();
      const doc = sample(task);
      const payload = JSON.stringify({ ...doc, shapes: [{ ...doc.shapes[0], points: [] }] }).replace(
        '"points":[]',
        `"points":[${'1,'.repeat(10_000_000)}1]`,
      );
      const response = await harness.app.inject({
        method: 'PUT',
        url: jobUrl(task),
        headers: { ...owner, 'content-type': 'application/json' },
        payload,
      });
      assert.equal(response.statusCode, 400, response.body.slice(0, 200));
    });
  });

  describe('tasks', () => {
    it('splits a task PUT into its jobs and counts a version on every job', async () => {
      const task = await aTask();
      const person = task.labels.get('person')!.id;
      const shape = (frame: number) => ({
        frame,
        label_id: person,
        group: null,
        type: 'points',
        occluded: false,
        points: [1, 1],
        attributes: [],
      });
      const response = await call('PUT', taskUrl(task), {
        version: 0,
        tags: [],
        shapes: [shape(3)],
        tracks: [],
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json<Doc>().version, 1);
      assert.equal((await read(jobUrl(task, 0))).shapes.length, 1);
      assert.equal((await read(jobUrl(task, 1))).version, 1);
      assert.equal((await read(jobUrl(task, 1))).shapes.length, 0);

      await call('PATCH', `${jobUrl(task, 1)}?action=create`, {
        version: 0,
        tags: [],
        shapes: [shape(12)],
        tracks: [],
      });
      const merged = await read(taskUrl(task));
      assert.equal(merged.version, 2);
      assert.deepEqual(
        merged.shapes.map((s) => s.frame),
        [3, 12],
      );

      const cleared = await call('DELETE', taskUrl(task));
      assert.equal(cleared.statusCode, 204);
      assert.equal((await read(jobUrl(task, 0))).version, 2);
      assert.equal((await read(jobUrl(task, 1))).version, 3);
      assert.deepEqual(await read(taskUrl(task)), { version: 3, tags: [], shapes: [], tracks: [] });
    });

    it('updates and deletes objects on overlap frames together with their copies in other jobs', async () => {
      // Frames 8 and 9 belong to both jobs, so the task read shows one object for two stored copies.
      const task = await aTask(
        [
          [0, 9],
          [8, 19],
        ],
        2,
      );
      const person = task.labels.get('person')!.id;
      const box = (frame: number, x: number) => ({
        frame,
        label_id: person,
        group: null,
        type: 'rectangle',
        occluded: false,
        points: [x, 0, x + 10, 10],
        attributes: [],
      });
      const keyframe = (frame: number, x: number) => ({ ...box(frame, x), outside: false });
      const track = {
        frame: 5,
        label_id: person,
        group: null,
        attributes: [],
        shapes: [keyframe(5, 0), keyframe(12, 7)].map(({ label_id: _l, group: _g, ...shape }) => shape),
      };
      const saved = await call('PUT', taskUrl(task), {
        version: 0,
        tags: [],
        shapes: [box(8, 0), box(9, 50)],
        tracks: [track],
      });
      assert.equal(saved.statusCode, 200, saved.body);
      const shown = await read(taskUrl(task));
      assert.equal(shown.shapes.length, 2);
      assert.equal(shown.tracks.length, 1);
      assert.equal((await read(jobUrl(task, 1))).shapes.length, 2);

      const moved = shown.shapes.find((shape) => shape.frame === 8)!;
      moved.points = [100, 100, 110, 110];
      const updated = await call('PATCH', `${taskUrl(task)}?action=update`, {
        version: shown.version,
        tags: [],
        shapes: [moved],
        tracks: [],
      });
      assert.equal(updated.statusCode, 200, updated.body);
      const afterUpdate = await read(taskUrl(task));
      assert.deepEqual(afterUpdate.shapes.map((shape) => [shape.frame, shape.points]).sort(), [
        [8, [100, 100, 110, 110]],
        [9, [50, 0, 60, 10]],
      ]);
      for (const position of [0, 1]) {
        const frame8 = (await read(jobUrl(task, position))).shapes.filter((shape) => shape.frame === 8);
        assert.deepEqual(
          frame8.map((shape) => shape.points),
          [[100, 100, 110, 110]],
          `job ${position}`,
        );
      }

      const removed = await call('PATCH', `${taskUrl(task)}?action=delete`, {
        version: afterUpdate.version,
        tags: [],
        shapes: afterUpdate.shapes.filter((shape) => shape.frame === 9),
        tracks: afterUpdate.tracks,
      });
      assert.equal(removed.statusCode, 200, removed.body);
      const afterDelete = await read(taskUrl(task));
      assert.deepEqual(
        afterDelete.shapes.map((shape) => shape.frame),
        [8],
      );
      assert.deepEqual(afterDelete.tracks, []);
      assert.deepEqual((await read(jobUrl(task, 1))).tracks, []);
      assert.equal((await read(jobUrl(task, 1))).shapes.length, 1);
    });

    it('closes a track that crosses a boundary without overlap with an outside keyframe', async () => {
      const task = await aTask();
      const person = task.labels.get('person')!.id;
      const track = {
        frame: 8,
        label_id: person,
        group: null,
        attributes: [],
        shapes: [
          {
            frame: 8,
            type: 'rectangle',
            occluded: false,
            outside: false,
            points: [0, 0, 10, 10],
            attributes: [],
          },
          {
            frame: 12,
            type: 'rectangle',
            occluded: false,
            outside: false,
            points: [4, 4, 14, 14],
            attributes: [],
          },
        ],
      };
      const response = await call('PUT', taskUrl(task), {
        version: 0,
        tags: [],
        shapes: [],
        tracks: [track],
      });
      assert.equal(response.statusCode, 200, response.body);
      const merged = await read(taskUrl(task));
      assert.equal(merged.tracks.length, 2);
      const first = merged.tracks.find((t) => t.frame === 8)!;
      assert.deepEqual(
        first.shapes.map((s) => [s.frame, s.outside]),
        [
          [8, false],
          [9, false],
          [10, true],
        ],
      );
    });

    it('answers 501 for file formats, which this server does not handle yet', async () => {
      const task = await aTask();
      const response = await call(
        'GET',
        `${taskUrl(task)}?format=${encodeURIComponent('CVAT for images 1.1')}`,
      );
      assert.equal(response.statusCode, 501);
      assert.match(response.json<{ detail: string }>().detail, /not supported/);
    });

    it('removes the annotations of a deleted task', async () => {
      const task = await aTask();
      await call('PUT', taskUrl(task), sample(task));
      const deleted = await call('DELETE', `/api/v1/tasks/${task.taskId}`);
      assert.equal(deleted.statusCode, 204, deleted.body);
      const left = await withDb(harness, (db) =>
        db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM labeled_tags WHERE job_id = ANY($1)) + (SELECT count(*) FROM labeled_shapes WHERE job_id = ANY($1))
             + (SELECT count(*) FROM labeled_tracks WHERE job_id = ANY($1)) + (SELECT count(*) FROM tracked_shapes WHERE job_id = ANY($1)) AS n`,
          [task.jobIds],
        ),
      );
      assert.equal(Number(left.rows[0].n), 0);
    });
  });

  describe('the task follows its annotations', () => {
    const taskState = async (task: TaskForAnnotations) => {
      const response = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/tasks/${task.taskId}`,
        headers: admin,
      });
      return response.json<{ updated_date: string; status: string }>();
    };

    it('refreshes updated_date when objects are saved or deleted, not when nothing changes', async () => {
      const task = await aTask();
      const initial = await taskState(task);
      await call('PUT', jobUrl(task), { version: 0, tags: [], shapes: [], tracks: [] });
      assert.equal((await taskState(task)).updated_date, initial.updated_date);
      await call('PUT', jobUrl(task), sample(task));
      const saved = await taskState(task);
      assert.ok(saved.updated_date > initial.updated_date);
      await call('DELETE', jobUrl(task));
      assert.ok((await taskState(task)).updated_date > saved.updated_date);
    });

    it('derives the task status again after a save', async () => {
      const task = await aTask();
      await withDb(harness, (db) =>
        db.query(`UPDATE jobs SET status = 'completed' WHERE id = ANY($1)`, [task.jobIds]),
      );
      assert.equal((await taskState(task)).status, 'annotation');
      await call('PUT', jobUrl(task), sample(task));
      assert.equal((await taskState(task)).status, 'completed');
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses a write whose If-Match names an older version, with the current one', async () => {
      const task = await aTask();
      const first = await call('PUT', jobUrl(task), sample(task), { 'if-match': '"0"' });
      assert.equal(first.statusCode, 200, first.body);
      const stale = await call('PATCH', `${jobUrl(task)}?action=create`, sample(task), { 'if-match': '"0"' });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json<{ version: number }>().version, 1);
      assert.equal(typeof stale.json<{ detail: string }>().detail, 'string');
      const fresh = await call('DELETE', jobUrl(task), undefined, {
        'if-match': first.headers.etag as string,
      });
      assert.equal(fresh.statusCode, 204);
      const taskStale = await call('PUT', taskUrl(task), sample(task), { 'if-match': '1' });
      assert.equal(taskStale.statusCode, 409);
      assert.equal(taskStale.json<{ version: number }>().version, 2);
      assert.equal((await read(jobUrl(task))).version, 2);
    });

    it('lets the last write win for clients that send no If-Match', async () => {
      const task = await aTask();
      await call('PUT', jobUrl(task), sample(task));
      const blind = await call('PUT', jobUrl(task), { ...sample(task), version: 0 });
      assert.equal(blind.statusCode, 200);
    });

    it('checks the body version of every write when the server is strict', async () => {
      const strict = await startTestApp({ ANNOTATION_VERSION_CHECK: 'strict' });
      try {
        const auth = await signIn(strict);
        const task = await withDb(strict, (db) =>
          anAnnotatedTask().withFrames(20).withLabels(LABELS).insert(db),
        );
        const url = `/api/v1/jobs/${task.jobIds[0]}/annotations`;
        const put = (version: number) =>
          strict.app.inject({
            method: 'PUT',
            url,
            headers: auth,
            payload: { ...sample(task), version } as object,
          });
        assert.equal((await put(0)).statusCode, 200);
        const stale = await put(0);
        assert.equal(stale.statusCode, 409);
        assert.equal(stale.json<{ version: number }>().version, 1);
        assert.equal((await put(1)).statusCode, 200);
      } finally {
        await strict.close();
      }
    });
  });
});
