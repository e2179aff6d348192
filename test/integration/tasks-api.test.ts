import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { aUser, withDb, type CreatedUser } from '../support/builders.js';
import { tasksSnapshot } from '../support/task-snapshots.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const HOST = 'cvat.example.test:8080';
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/;
const COLOUR = /^#[0-9a-f]{6}$/;
const TASK_KEYS = [
  'url',
  'id',
  'name',
  'mode',
  'owner',
  'assignee',
  'bug_tracker',
  'created_date',
  'updated_date',
  'overlap',
  'segment_size',
  'status',
  'labels',
  'segments',
  'project',
];

interface AttributeBody {
  id: number;
  name: string;
  mutable: boolean;
  input_type: string;
  default_value: string;
  values: string[];
}
interface LabelBody {
  id: number;
  name: string;
  color: string;
  attributes: AttributeBody[];
}
interface TaskBody {
  url: string;
  id: number;
  name: string;
  owner: number | null;
  assignee: number | null;
  project: number | null;
  created_date: string;
  updated_date: string;
  labels: LabelBody[];
  [field: string]: unknown;
}

/** The body cvat-core sends for the images task of the CVAT 1.2 golden fixtures. */
const FIXTURE_TASK = {
  name: 'fixture-images',
  labels: [
    {
      name: 'car',
      attributes: [
        {
          name: 'color',
          mutable: false,
          input_type: 'select',
          default_value: 'red',
          values: ['red', 'green', 'blue'],
        },
        { name: 'parked', mutable: true, input_type: 'checkbox', default_value: 'false', values: ['false'] },
      ],
    },
    {
      name: 'person',
      attributes: [
        { name: 'age', mutable: false, input_type: 'number', default_value: '0', values: ['0', '100', '1'] },
      ],
    },
    {
      name: 'sign',
      attributes: [{ name: 'text', mutable: true, input_type: 'text', default_value: '', values: [''] }],
    },
  ],
  segment_size: 4,
  overlap: 1,
};

const car = (attributes: unknown[] = []) => ({ name: 'car', attributes });
const withoutIds = (attributes: AttributeBody[]) => attributes.map(({ id: _id, ...attribute }) => attribute);

describe('tasks API', () => {
  let harness: TestApp;
  const auth = new Map<string, Record<string, string>>();
  const users = new Map<string, CreatedUser>();

  before(async () => {
    harness = await startTestApp();
    auth.set('admin', await signIn(harness));
    for (const spec of [
      { username: 'maker', roles: ['user'] as const },
      { username: 'helper' },
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

  async function created(who: string, payload: unknown): Promise<TaskBody> {
    const response = await as(who, 'POST', '/api/v1/tasks', payload);
    assert.equal(response.statusCode, 201, response.body);
    return response.json<TaskBody>();
  }

  async function expectRejected(
    who: string,
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload: unknown,
    body: unknown,
  ): Promise<void> {
    const before = await tasksSnapshot(harness);
    const response = await as(who, method, url, payload);
    assert.equal(response.statusCode, 400, response.body);
    assert.deepEqual(response.json(), body);
    assert.deepEqual(await tasksSnapshot(harness), before, 'a rejected request wrote nothing');
  }

  describe('create', () => {
    it('answers 201 with the representation of a task without media, and a Location header', async () => {
      const response = await as('admin', 'POST', '/api/v1/tasks', FIXTURE_TASK);
      assert.equal(response.statusCode, 201, response.body);
      const task = response.json<TaskBody>();
      assert.deepEqual(Object.keys(task), TASK_KEYS, 'media fields are absent until media is attached');
      assert.equal(response.headers.location, task.url);
      assert.equal(task.url, `http://${HOST}/api/v1/tasks/${task.id}`);
      assert.equal(task.mode, '');
      assert.equal(task.status, 'annotation');
      assert.deepEqual(task.segments, []);
      assert.equal(task.overlap, 1);
      assert.equal(task.segment_size, 4);
      assert.equal(task.project, null);
      assert.equal(task.assignee, null);
      assert.equal(task.bug_tracker, '');
      assert.match(task.created_date, TIMESTAMP);
      assert.equal(task.updated_date, task.created_date);

      const [carLabel, person, sign] = task.labels;
      assert.deepEqual(
        task.labels.map((label) => label.name),
        ['car', 'person', 'sign'],
      );
      for (const label of task.labels) assert.match(label.color, COLOUR);
      assert.deepEqual(withoutIds(carLabel.attributes), FIXTURE_TASK.labels[0].attributes);
      assert.deepEqual(person.attributes[0].values, ['0', '100', '1']);
      assert.deepEqual(sign.attributes[0].values, ['']);
      assert.ok(carLabel.id < person.id && person.id < sign.id, 'labels get ids in the order given');

      const read = await as('admin', 'GET', `/api/v1/tasks/${task.id}`);
      assert.deepEqual(read.json(), task);
    });

    it('fills in the defaults: the requester as owner, overlap null, segment size 0, values [""]', async () => {
      const task = await created('maker', {
        name: '  trimmed  ',
        labels: [{ name: 'plate', attributes: [{ name: 'number', mutable: false, input_type: 'text' }] }],
        mode: 'interpolation',
        status: 'completed',
        id: 999,
        unknown: 'ignored',
      });
      assert.equal(task.name, 'trimmed');
      assert.equal(task.owner, idOf('maker'));
      assert.equal(task.overlap, null);
      assert.equal(task.segment_size, 0);
      assert.equal(task.mode, '');
      assert.equal(task.status, 'annotation');
      assert.notEqual(task.id, 999);
      assert.deepEqual(task.labels[0].attributes[0].values, ['']);
      assert.equal(task.labels[0].attributes[0].default_value, '');
    });

    it('lets anybody with the user role name another owner and an assignee', async () => {
      const task = await created('maker', {
        name: 'for the helper',
        labels: [car()],
        owner: String(idOf('helper')),
        assignee: idOf('stranger'),
        bug_tracker: 'https://tracker.example.test/1',
      });
      assert.equal(task.owner, idOf('helper'));
      assert.equal(task.assignee, idOf('stranger'));
      assert.equal(task.bug_tracker, 'https://tracker.example.test/1');

      const ownerless = await created('maker', { name: 'empty owner', labels: [car()], owner: '' });
      assert.equal(ownerless.owner, idOf('maker'), 'an empty owner means the requester');
    });

    it('creates the task directory', async () => {
      const task = await created('admin', { name: 'with files', labels: [car()] });
      const directory = join(dataPaths(harness.config).tasks, String(task.id));
      assert.ok((await stat(directory)).isDirectory());
      assert.ok((await stat(join(directory, 'artifacts'))).isDirectory());
    });

    it('gives labels deterministic colours, distinct for names that normalise alike', async () => {
      const first = await created('admin', {
        name: 'colours 1',
        labels: [car(), { name: 'Car' }, { name: 'bus' }],
      });
      const second = await created('admin', { name: 'colours 2', labels: [{ name: 'bus' }, car()] });
      const colour = (task: TaskBody, name: string) =>
        task.labels.find((label) => label.name === name)?.color;
      assert.equal(colour(first, 'car'), colour(second, 'car'));
      assert.equal(colour(first, 'bus'), colour(second, 'bus'));
      assert.notEqual(colour(first, 'car'), colour(first, 'Car'));

      const given = await created('admin', {
        name: 'colours 3',
        labels: [{ name: 'car', color: '#FA3253' }],
      });
      assert.equal(given.labels[0].color, '#FA3253');
    });

    it('stores JSON booleans and numbers of attributes as text', async () => {
      const task = await created('admin', {
        name: 'typed values',
        labels: [
          {
            name: 'car',
            attributes: [
              {
                name: 'parked',
                mutable: 'true',
                input_type: 'checkbox',
                default_value: false,
                values: [true, false],
              },
              { name: 'doors', mutable: 0, input_type: 'number', default_value: 4, values: [2, ' 5 ', 1] },
              { name: 'kind', mutable: false, input_type: 'select', values: ['sedan', 'van'] },
            ],
          },
        ],
      });
      const [parked, doors, kind] = task.labels[0].attributes;
      assert.deepEqual(
        [parked.mutable, parked.default_value, parked.values],
        [true, 'false', ['true', 'false']],
      );
      assert.deepEqual([doors.mutable, doors.default_value, doors.values], [false, '4', ['2', '5', '1']]);
      assert.equal(kind.default_value, 'sedan', 'a choice without default takes its first option');
    });
  });

  describe('validation', () => {
    it('requires a name and a non-empty list of labels with unique names', async () => {
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        {},
        {
          name: ['This field is required.'],
          labels: ['This field is required.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [] },
        {
          labels: ['Label set must not be empty'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: { name: 'car' } },
        {
          labels: ['Expected a list of items but got type "dict".'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: 'car' },
        {
          labels: ['Expected a list of items but got type "str".'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car(), { name: ' car ' }] },
        {
          labels: ['All label names must be unique for the task'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: '   ', labels: [car(), 'bus', { name: '' }] },
        {
          name: ['This field may not be blank.'],
          labels: [
            {},
            { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] },
            { name: ['This field may not be blank.'] },
          ],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: null, labels: [{ name: 'c', color: 'red' }] },
        {
          name: ['This field may not be null.'],
          labels: [{ color: ['Enter a colour as #rrggbb.'] }],
        },
      );
    });

    it('answers wrong types field by field, taking numbers as text as CVAT does', async () => {
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: true, labels: [{ name: ['car'] }], overlap: [], bug_tracker: {} },
        {
          name: ['Not a valid string.'],
          labels: [{ name: ['Not a valid string.'] }],
          overlap: ['A valid integer is required.'],
          bug_tracker: ['Not a valid string.'],
        },
      );
      const numeric = await created('admin', { name: 12345, labels: [{ name: 7 }], segment_size: '25' });
      assert.deepEqual([numeric.name, numeric.labels[0].name, numeric.segment_size], ['12345', '7', 25]);
    });

    it('limits the lengths of names, including a name of 10 MB', async () => {
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'n'.repeat(257), labels: [car()] },
        {
          name: ['Ensure this field has no more than 256 characters.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'n'.repeat(10 * 1024 * 1024), labels: [car()] },
        {
          name: ['Ensure this field has no more than 256 characters.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [{ name: 'l'.repeat(65) }] },
        {
          labels: [{ name: ['Ensure this field has no more than 64 characters.'] }],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], bug_tracker: 'b'.repeat(2001) },
        {
          bug_tracker: ['Ensure this field has no more than 2000 characters.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'nul\u0000', labels: [car()] },
        {
          name: ['Null characters are not allowed.'],
        },
      );
    });

    it('validates attributes: required fields, input types, values, defaults of choices', async () => {
      const attribute = { name: 'a', mutable: true, input_type: 'text' };
      const rejectAttributes = (attributes: unknown, errors: unknown) =>
        expectRejected(
          'admin',
          'POST',
          '/api/v1/tasks',
          { name: 'x', labels: [{ name: 'l', attributes }] },
          {
            labels: [{ attributes: errors }],
          },
        );

      await rejectAttributes({ name: 'a' }, ['Expected a list of items but got type "dict".']);
      await rejectAttributes(
        [{ ...attribute, input_type: 'slider' }],
        [{ input_type: ['"slider" is not a valid choice.'] }],
      );
      await rejectAttributes(
        [{ name: 'a' }],
        [{ mutable: ['This field is required.'], input_type: ['This field is required.'] }],
      );
      await rejectAttributes(
        [{ ...attribute, mutable: 'maybe' }],
        [{ mutable: ['Must be a valid boolean.'] }],
      );
      await rejectAttributes(
        [attribute, { ...attribute, id: 7 }],
        ['All attribute names must be unique for the label'],
      );
      await rejectAttributes(
        [{ ...attribute, values: 'red' }],
        [{ values: ['Expected a list of items but got type "str".'] }],
      );
      await rejectAttributes(
        [{ ...attribute, values: ['ok', { no: 1 }, 'a\nb'] }],
        [{ values: { 1: ['Not a valid string.'], 2: ['A value may not contain line breaks.'] } }],
      );
      await rejectAttributes(
        [{ ...attribute, values: ['v'.repeat(4097)] }],
        [{ values: ['Ensure this field has no more than 4096 characters.'] }],
      );
      await rejectAttributes(
        [{ ...attribute, default_value: 'd'.repeat(129) }],
        [{ default_value: ['Ensure this field has no more than 128 characters.'] }],
      );
      await rejectAttributes(
        [{ ...attribute, default_value: ['x'] }],
        [{ default_value: ['Not a valid string.'] }],
      );
      await rejectAttributes(
        [
          attribute,
          { name: 'b', mutable: false, input_type: 'select', default_value: 'pink', values: ['red', 'blue'] },
        ],
        [{}, { default_value: ['"pink" is not a valid choice.'] }],
      );
      await rejectAttributes(
        [{ name: 'r', mutable: false, input_type: 'radio', default_value: 'x' }],
        [{ default_value: ['"x" is not a valid choice.'] }],
      );
    });

    it('checks sizes: non-negative integers', async () => {
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], overlap: -1 },
        {
          overlap: ['Ensure this value is greater than or equal to 0.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], segment_size: 1.5 },
        {
          segment_size: ['A valid integer is required.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], segment_size: 'ten' },
        {
          segment_size: ['A valid integer is required.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], segment_size: null },
        {
          segment_size: ['This field may not be null.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], segment_size: 2 ** 31 },
        {
          segment_size: ['Ensure this value is less than or equal to 2147483647.'],
        },
      );
    });

    it('refuses references to users and projects that do not exist, or of the wrong type', async () => {
      const gone = await aUser(harness, { username: 'soon-gone' });
      await withDb(harness, (db) => db.query('DELETE FROM users WHERE id = $1', [gone.id]));
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], owner: gone.id },
        {
          owner: [`Invalid pk "${gone.id}" - object does not exist.`],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], assignee: '99999999999' },
        {
          assignee: ['Invalid pk "99999999999" - object does not exist.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], owner: 'abc', project: true },
        {
          owner: ['Incorrect type. Expected pk value, received str.'],
          project: ['Incorrect type. Expected pk value, received bool.'],
        },
      );
      await expectRejected(
        'admin',
        'POST',
        '/api/v1/tasks',
        { name: 'x', labels: [car()], project: 424242 },
        {
          project: ['Invalid pk "424242" - object does not exist.'],
        },
      );
    });

    it('answers bodies that are not JSON objects in CVAT’s shapes', async () => {
      const before = await tasksSnapshot(harness);
      const malformed = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/tasks',
        headers: { ...auth.get('admin'), 'content-type': 'application/json' },
        payload: '{"name": "x", "labels": [',
      });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.json<{ detail: string }>().detail, /^JSON parse error - /);
      for (const [payload, type] of [
        [[{ name: 'x' }], 'list'],
        ['"just a string"', 'str'],
        ['42', 'int'],
      ] as const) {
        const response = await harness.app.inject({
          method: 'POST',
          url: '/api/v1/tasks',
          headers: { ...auth.get('admin'), 'content-type': 'application/json' },
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.deepEqual(response.json(), {
          non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`],
        });
      }
      const text = await harness.app.inject({
        method: 'POST',
        url: '/api/v1/tasks',
        headers: { ...auth.get('admin'), 'content-type': 'text/plain' },
        payload: 'name=x',
      });
      assert.equal(text.statusCode, 415);
      assert.deepEqual(await tasksSnapshot(harness), before);
    });
  });

  describe('update', () => {
    let task: TaskBody;

    before(async () => {
      task = await created('admin', FIXTURE_TASK);
    });

    it('changes the fields given, ignores write-once and read-only ones, and refreshes updated_date', async () => {
      const response = await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, {
        name: 'renamed',
        assignee: idOf('helper'),
        bug_tracker: 'tracker',
        overlap: 7,
        segment_size: 70,
        mode: 'interpolation',
        created_date: '2000-01-01T00:00:00Z',
      });
      assert.equal(response.statusCode, 200, response.body);
      const updated = response.json<TaskBody>();
      assert.equal(updated.name, 'renamed');
      assert.equal(updated.assignee, idOf('helper'));
      assert.equal(updated.bug_tracker, 'tracker');
      assert.equal(updated.overlap, 1);
      assert.equal(updated.segment_size, 4);
      assert.equal(updated.mode, '');
      assert.equal(updated.created_date, task.created_date);
      assert.ok(updated.updated_date > task.updated_date, `${updated.updated_date} > ${task.updated_date}`);
      assert.deepEqual(updated.labels, task.labels);

      const again = (await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, {})).json<TaskBody>();
      assert.ok(again.updated_date > updated.updated_date, 'every save counts as a change');
      task = again;
    });

    it('merges labels by name: nothing is deleted or renamed, matched attributes take the given fields', async () => {
      const [carLabel, person] = task.labels;
      const response = await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, {
        labels: [
          {
            id: person.id,
            name: 'car',
            color: '#123456',
            attributes: [
              { id: 1, name: 'color', values: ['red', 'black'], default_value: 'black' },
              {
                name: 'wheels',
                mutable: false,
                input_type: 'number',
                values: ['0', '8', '1'],
                default_value: '4',
              },
            ],
          },
          { name: 'bicycle' },
        ],
      });
      assert.equal(response.statusCode, 200, response.body);
      const merged = response.json<TaskBody>();
      assert.deepEqual(
        merged.labels.map((label) => [label.id, label.name]),
        [...task.labels.map((label) => [label.id, label.name]), [merged.labels[3].id, 'bicycle']],
      );
      const mergedCar = merged.labels[0];
      assert.equal(mergedCar.id, carLabel.id, 'the id in the body identifies nothing');
      assert.equal(mergedCar.color, '#123456');
      assert.deepEqual(withoutIds(mergedCar.attributes), [
        {
          name: 'color',
          mutable: false,
          input_type: 'select',
          default_value: 'black',
          values: ['red', 'black'],
        },
        { name: 'parked', mutable: true, input_type: 'checkbox', default_value: 'false', values: ['false'] },
        { name: 'wheels', mutable: false, input_type: 'number', default_value: '4', values: ['0', '8', '1'] },
      ]);
      assert.equal(mergedCar.attributes[0].id, carLabel.attributes[0].id);
      assert.deepEqual(merged.labels[1], person, 'labels not mentioned are kept as they were');
      task = merged;
    });

    it('regenerates the colour of a label given without one', async () => {
      const response = await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, { labels: [car()] });
      const colour = response.json<TaskBody>().labels[0].color;
      assert.notEqual(colour, '#123456');
      const fresh = await created('admin', { name: 'reference colour', labels: [car()] });
      assert.equal(colour, fresh.labels[0].color);
    });

    it('validates merged attributes: a choice default must stay one of the values', async () => {
      await expectRejected(
        'admin',
        'PATCH',
        `/api/v1/tasks/${task.id}`,
        { labels: [car([{ name: 'color', values: ['red'] }])] },
        {
          labels: [{ attributes: [{ default_value: ['"black" is not a valid choice.'] }] }],
        },
      );
      await expectRejected(
        'admin',
        'PATCH',
        `/api/v1/tasks/${task.id}`,
        { labels: [car([{ name: 'new one' }])] },
        {
          labels: [
            {
              attributes: [{ mutable: ['This field is required.'], input_type: ['This field is required.'] }],
            },
          ],
        },
      );
      await expectRejected(
        'admin',
        'PATCH',
        `/api/v1/tasks/${task.id}`,
        { labels: [] },
        {
          labels: ['Label set must not be empty'],
        },
      );
      await expectRejected(
        'admin',
        'PATCH',
        `/api/v1/tasks/${task.id}`,
        { overlap: -2, name: '' },
        {
          overlap: ['Ensure this value is greater than or equal to 0.'],
          name: ['This field may not be blank.'],
        },
      );
    });

    it('requires name and labels on PUT and keeps omitted fields', async () => {
      await expectRejected(
        'admin',
        'PUT',
        `/api/v1/tasks/${task.id}`,
        { name: 'put' },
        {
          labels: ['This field is required.'],
        },
      );
      const response = await as('admin', 'PUT', `/api/v1/tasks/${task.id}`, {
        name: 'put',
        labels: [{ name: 'tram' }],
      });
      assert.equal(response.statusCode, 200, response.body);
      const replaced = response.json<TaskBody>();
      assert.equal(replaced.name, 'put');
      assert.equal(replaced.bug_tracker, 'tracker');
      assert.equal(replaced.assignee, idOf('helper'));
      assert.deepEqual(
        replaced.labels.map((label) => label.name),
        ['car', 'person', 'sign', 'bicycle', 'tram'],
      );
    });

    it('moves a task into a project and out again, and clears people', async () => {
      const project = (await as('admin', 'POST', '/api/v1/projects', { name: 'home' })).json<{
        id: number;
      }>();
      const moved = (
        await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, { project: project.id })
      ).json<TaskBody>();
      assert.equal(moved.project, project.id);
      const listed = (await as('admin', 'GET', `/api/v1/projects/${project.id}/tasks`)).json<{
        results: TaskBody[];
      }>();
      assert.deepEqual(
        listed.results.map((result) => result.id),
        [task.id],
      );
      const cleared = (
        await as('admin', 'PATCH', `/api/v1/tasks/${task.id}`, { project: null, assignee: '', owner: null })
      ).json<TaskBody>();
      assert.deepEqual([cleared.project, cleared.assignee, cleared.owner], [null, null, null]);
    });

    it('lets an assignee change the task but not delete it', async () => {
      const own = await created('maker', { name: 'assigned', labels: [car()], assignee: idOf('helper') });
      const change = await as('helper', 'PATCH', `/api/v1/tasks/${own.id}`, {
        name: 'changed by the assignee',
      });
      assert.equal(change.statusCode, 200, change.body);
      assert.equal((await as('helper', 'DELETE', `/api/v1/tasks/${own.id}`)).statusCode, 403);
    });

    it('answers 404 before 403 before 400', async () => {
      const foreign = await created('maker', { name: 'foreign', labels: [car()], assignee: idOf('maker') });
      const forbidden = await as('stranger', 'PATCH', `/api/v1/tasks/${foreign.id}`, { name: '' });
      assert.equal(forbidden.statusCode, 403);
      const missing = await as('stranger', 'PATCH', '/api/v1/tasks/2147483647', { name: '' });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { detail: 'Not found.' });
    });
  });

  describe('retrieve and ids', () => {
    it('answers 404 for ids that are not positive 32-bit integers, whatever the method', async () => {
      for (const id of ['0', '-1', 'abc', '1.5', '2147483648', '99999999999999999999']) {
        for (const method of ['GET', 'PATCH', 'PUT', 'DELETE'] as const) {
          const response = await as(
            'admin',
            method,
            `/api/v1/tasks/${id}`,
            method === 'GET' || method === 'DELETE' ? undefined : {},
          );
          assert.equal(response.statusCode, 404, `${method} ${id}`);
          assert.deepEqual(response.json(), { detail: 'Not found.' });
        }
      }
    });

    it('ignores list filters on detail routes', async () => {
      const task = await created('admin', { name: 'detail', labels: [car()] });
      assert.equal((await as('admin', 'GET', `/api/v1/tasks/${task.id}?name=zzz`)).statusCode, 200);
    });

    it('keeps the tasks of a deleted user, without owner or assignee', async () => {
      const leaving = await aUser(harness, { username: 'leaving', roles: ['user'] });
      const task = await created('admin', {
        name: 'orphaned',
        labels: [car()],
        owner: leaving.id,
        assignee: leaving.id,
      });
      await withDb(harness, (db) => db.query('DELETE FROM users WHERE id = $1', [leaving.id]));
      const read = (await as('admin', 'GET', `/api/v1/tasks/${task.id}`)).json<TaskBody>();
      assert.deepEqual([read.owner, read.assignee], [null, null]);
    });
  });

  describe('delete', () => {
    it('removes the task, its labels, segments and jobs, and its directory', async () => {
      const task = await created('maker', FIXTURE_TASK);
      await withDb(harness, async (db) => {
        const segment = await db.query<{ id: number }>(
          'INSERT INTO segments (task_id, start_frame, stop_frame) VALUES ($1, 0, 9) RETURNING id',
          [task.id],
        );
        await db.query('INSERT INTO jobs (segment_id) VALUES ($1)', [segment.rows[0].id]);
      });
      const directory = join(dataPaths(harness.config).tasks, String(task.id));

      assert.equal((await as('stranger', 'DELETE', `/api/v1/tasks/${task.id}`)).statusCode, 403);
      const response = await as('maker', 'DELETE', `/api/v1/tasks/${task.id}`);
      assert.equal(response.statusCode, 204);
      assert.equal(response.body, '');
      assert.equal((await as('admin', 'GET', `/api/v1/tasks/${task.id}`)).statusCode, 404);
      await assert.rejects(stat(directory));
      const left = await withDb(harness, async (db) => {
        const labels = await db.query('SELECT 1 FROM labels WHERE task_id = $1', [task.id]);
        const segments = await db.query('SELECT 1 FROM segments WHERE task_id = $1', [task.id]);
        const jobs = await db.query(
          'SELECT 1 FROM jobs j LEFT JOIN segments s ON s.id = j.segment_id WHERE s.id IS NULL',
        );
        const attributes = await db.query(
          'SELECT 1 FROM attribute_specs a LEFT JOIN labels l ON l.id = a.label_id WHERE l.id IS NULL',
        );
        return labels.rowCount! + segments.rowCount! + jobs.rowCount! + attributes.rowCount!;
      });
      assert.equal(left, 0);
      assert.equal((await as('maker', 'DELETE', `/api/v1/tasks/${task.id}`)).statusCode, 404);
    });
  });
});

describe('the task limit', () => {
  let harness: TestApp;
  const auth = new Map<string, Record<string, string>>();
  const ids = new Map<string, number>();

  before(async () => {
    harness = await startTestApp({ RESTRICTIONS_TASK_LIMIT: '3' });
    auth.set('admin', await signIn(harness));
    for (const username of ['limited', 'stranger']) {
      const user = await aUser(harness, { username, roles: ['user'] });
      ids.set(username, user.id);
      auth.set(username, await signIn(harness, user));
    }
  });
  after(() => harness.close());

  const idOf = (username: string) => ids.get(username) as number;
  const as = (who: string, payload: unknown) =>
    harness.app.inject({
      method: 'POST',
      url: '/api/v1/tasks',
      headers: auth.get(who),
      payload: payload as object,
    });

  it('counts the tasks of the requester and of the owner he names, but not for admins', async () => {
    for (let index = 0; index < 3; index += 1) {
      assert.equal((await as('limited', { name: `mine ${index}`, labels: [car()] })).statusCode, 201);
    }
    const refused = { name: 'one too many', labels: [car()] };
    const limitReached = ['The user has the maximum number of tasks'];
    const before = await tasksSnapshot(harness);
    for (const payload of [refused, { ...refused, owner: idOf('stranger') }]) {
      const response = await as('limited', payload);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual(response.json(), limitReached);
    }
    const forLimited = await as('stranger', { ...refused, owner: idOf('limited') });
    assert.deepEqual(forLimited.json(), limitReached, 'the named owner is counted too');
    assert.deepEqual(await tasksSnapshot(harness), before);

    assert.equal((await as('admin', { ...refused, owner: idOf('limited') })).statusCode, 201);
  });
});
