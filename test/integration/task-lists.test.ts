import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pg from 'pg';

import { aUser } from '../support/builders.js';
import { aProject, aTask } from '../support/task-builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

const HOST = 'cvat.example.test:8080';

interface PageBody {
  count: number;
  next: string | null;
  previous: string | null;
  results: Array<{ id: number; name: string; owner: number | null; labels: unknown[]; segments: unknown[] }>;
}

describe('task and project lists', () => {
  let harness: TestApp;
  let db: pg.Client;
  const auth = new Map<string, Record<string, string>>();
  const ids = new Map<string, number>();
  /** Task ids by name. */
  const tasks = new Map<string, number>();

  before(async () => {
    harness = await startTestApp();
    db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
    auth.set('admin', await signIn(harness));
    for (const [username, roles] of [
      ['alice', ['user']],
      ['bob_', ['user']],
      ['carol', []],
      ['watcher', ['observer']],
    ] as const) {
      const user = await aUser(harness, { username, roles });
      ids.set(username, user.id);
      auth.set(username, await signIn(harness, user));
    }
    const alice = ids.get('alice') as number;
    const bob = ids.get('bob_') as number;
    const carol = ids.get('carol') as number;
    const project = await aProject().named('street project').ownedBy(bob).assignedTo(bob).insert(db);
    const specs = [
      aTask().named('street scenes').ownedBy(alice).assignedTo(alice).withLabel('car').withJob(null),
      aTask().named('100% street_view').ownedBy(alice).assignedTo(bob),
      aTask().named("o'brien \\ backslash").ownedBy(bob).assignedTo(bob),
      aTask().named('public park').ownedBy(bob),
      aTask().named('carol job').ownedBy(bob).assignedTo(bob).withJob(carol),
      aTask().named('in project').ownedBy(bob).assignedTo(bob).inProject(project),
    ];
    for (const spec of specs) {
      const id = await spec.insert(db);
      const { rows } = await db.query<{ name: string }>('SELECT name FROM tasks WHERE id = $1', [id]);
      tasks.set(rows[0].name, id);
    }
  });
  after(async () => {
    await db.end();
    await harness.close();
  });

  const list = async (who: string, query = ''): Promise<PageBody> => {
    const response = await harness.app.inject({
      method: 'GET',
      url: `/api/v1/tasks${query}`,
      headers: { ...auth.get(who), host: HOST },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<PageBody>();
  };
  const names = async (who: string, query = '') => (await list(who, query)).results.map((task) => task.name);

  describe('tasks', () => {
    it('lists every task for admins and observers, newest first', async () => {
      const all = [...tasks.keys()].reverse();
      assert.deepEqual(await names('admin', '?page_size=all'), all);
      assert.deepEqual(await names('watcher', '?page_size=all'), all);
    });

    it('lists for others what they own, are assigned, annotate, or what is public', async () => {
      assert.deepEqual(await names('carol', '?page_size=all'), ['carol job', 'public park']);
      assert.deepEqual(await names('alice', '?page_size=all'), [
        'public park',
        '100% street_view',
        'street scenes',
      ]);
    });

    it('nests labels and segments of every task of a page', async () => {
      const page = await list('admin', '?page_size=all&name=street scenes');
      assert.equal(page.results[0].labels.length, 1);
      assert.deepEqual(page.results[0].segments, [
        {
          start_frame: 0,
          stop_frame: 9,
          jobs: [
            {
              url: `http://${HOST}/api/v1/jobs/${await jobOf('street scenes')}`,
              id: await jobOf('street scenes'),
              assignee: null,
              status: 'annotation',
            },
          ],
        },
      ]);
    });

    async function jobOf(name: string): Promise<number> {
      const { rows } = await db.query<{ id: number }>(
        'SELECT j.id FROM jobs j JOIN segments s ON s.id = j.segment_id WHERE s.task_id = $1',
        [tasks.get(name)],
      );
      return rows[0].id;
    }

    it('searches name, owner username, mode and status with every term, matching metacharacters literally', async () => {
      assert.deepEqual(await names('admin', '?search=street'), ['100% street_view', 'street scenes']);
      assert.deepEqual(await names('admin', '?search=STREET,scenes'), ['street scenes']);
      assert.deepEqual(await names('admin', `?search=${encodeURIComponent('100%')}`), ['100% street_view']);
      assert.deepEqual(await names('admin', `?search=${encodeURIComponent('t_v')}`), ['100% street_view']);
      assert.deepEqual(await names('admin', '?search=%25'), ['100% street_view']);
      assert.deepEqual(await names('admin', "?search=o'brien"), ["o'brien \\ backslash"]);
      assert.deepEqual(await names('admin', `?search=${encodeURIComponent('\\')}`), ["o'brien \\ backslash"]);
      assert.deepEqual(await names('admin', "?search=' OR 1=1 --"), []);
      // `_` is no wildcard: it matches the name with an underscore and the tasks of bob_.
      assert.deepEqual(await names('admin', '?search=_'), [
        'in project',
        'carol job',
        'public park',
        "o'brien \\ backslash",
        '100% street_view',
      ]);
      assert.deepEqual((await names('admin', '?search=alice')).length, 2, 'owner username');
      assert.deepEqual((await names('admin', '?search=annot')).length, tasks.size, 'status');
      assert.deepEqual(await names('admin', '?search=interpolation'), [], 'mode');
      assert.deepEqual(await names('admin', `?search=${encodeURIComponent('\u0000')}`), []);
    });

    it('filters by each field, case-insensitively for text, ignoring empty values', async () => {
      assert.deepEqual(await names('admin', '?owner=ALI'), ['100% street_view', 'street scenes']);
      assert.deepEqual(await names('admin', '?assignee=bob_&name=street'), ['100% street_view']);
      assert.deepEqual(await names('admin', '?project=street'), ['in project']);
      assert.deepEqual(await names('admin', `?id=${tasks.get('public park')}`), ['public park']);
      assert.deepEqual(await names('admin', '?mode=annotation'), []);
      assert.deepEqual((await names('admin', '?status=ANNOTATION&owner=')).length, tasks.size);
      assert.deepEqual(await names('admin', '?id=99999999999'), []);
      const projectId = (await db.query<{ id: number }>('SELECT id FROM projects LIMIT 1')).rows[0].id;
      assert.deepEqual(await names('admin', `?project_id=${projectId}`), ['in project']);
    });

    it('answers a malformed number filter with a field error', async () => {
      for (const filter of ['id', 'project_id']) {
        const response = await harness.app.inject({
          method: 'GET',
          url: `/api/v1/tasks?${filter}=abc`,
          headers: auth.get('admin'),
        });
        assert.equal(response.statusCode, 400);
        assert.deepEqual(response.json(), { [filter]: ['Enter a number.'] });
      }
    });

    it('matches nothing for a number filter beyond 32 bits', async () => {
      for (const filter of ['id', 'project_id']) {
        assert.deepEqual(await names('admin', `?${filter}=99999999999`), []);
      }
    });

    it('orders by the allowed fields only, keeping pages stable on equal keys', async () => {
      assert.deepEqual(await names('admin', '?ordering=name&page_size=3'), [
        '100% street_view',
        'carol job',
        'in project',
      ]);
      const byOwner = await list('admin', '?ordering=-owner,name&page_size=all');
      assert.deepEqual(
        byOwner.results.map((task) => task.owner),
        [...byOwner.results.map((task) => task.owner as number)].sort((a, b) => b - a),
      );
      const unknown = await names('admin', '?ordering=password,bug_tracker');
      assert.deepEqual(unknown, await names('admin'));
    });

    it('pages as CVAT does, and ignores unknown parameters like the client’s malformed re-read', async () => {
      const first = await list('admin', '?page_size=2&ordering=id');
      assert.equal(first.count, tasks.size);
      assert.equal(first.next, `http://${HOST}/api/v1/tasks?page_size=2&ordering=id&page=2`);
      assert.equal(first.previous, null);
      const last = await list('admin', '?page_size=2&ordering=id&page=last');
      assert.equal(last.previous, `http://${HOST}/api/v1/tasks?page_size=2&ordering=id&page=2`);
      assert.equal(last.next, null);

      const reread = await list('admin', '?page_size=10&?id=undefined');
      assert.equal(reread.results[0].id, Math.max(...tasks.values()));
      assert.equal((await list('admin', '?page_size=100000000')).results.length, tasks.size);

      for (const page of ['0', '-1', 'abc', '99']) {
        const response = await harness.app.inject({
          method: 'GET',
          url: `/api/v1/tasks?page=${page}`,
          headers: auth.get('admin'),
        });
        assert.equal(response.statusCode, 404, page);
        assert.deepEqual(response.json(), { detail: 'Invalid page.' });
      }
      const head = await harness.app.inject({
        method: 'HEAD',
        url: '/api/v1/tasks',
        headers: auth.get('carol'),
      });
      assert.equal(head.statusCode, 200);
      const empty = await list('carol', '?name=nothing+like+this');
      assert.deepEqual(empty, { count: 0, next: null, previous: null, results: [] });
    });
  });

  describe('projects', () => {
    const projectNames = async (who: string, query = '') => {
      const response = await harness.app.inject({
        method: 'GET',
        url: `/api/v1/projects${query}`,
        headers: auth.get(who),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<PageBody>().results.map((project) => project.name);
    };

    before(async () => {
      await aProject()
        .named('alice alone')
        .ownedBy(ids.get('alice') as number)
        .insert(db);
      await aProject().named('nobody').insert(db);
    });

    it('lists projects by visibility, filters, search and ordering', async () => {
      assert.deepEqual(await projectNames('admin'), ['nobody', 'alice alone', 'street project']);
      assert.deepEqual(await projectNames('alice'), ['alice alone']);
      assert.deepEqual(await projectNames('bob_'), ['street project']);
      assert.deepEqual(await projectNames('admin', '?search=bob'), ['street project']);
      assert.deepEqual(await projectNames('admin', '?owner=ALICE'), ['alice alone']);
      assert.deepEqual(await projectNames('admin', '?assignee=bob'), ['street project']);
      assert.deepEqual(await projectNames('admin', '?ordering=name'), [
        'alice alone',
        'nobody',
        'street project',
      ]);
      assert.deepEqual(await projectNames('admin', '?status=annotation&search=alone'), ['alice alone']);
      assert.deepEqual(await projectNames('admin', '?search=%25'), []);
    });
  });
});

describe('task lists with reduced task visibility', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp({ RESTRICTIONS_REDUCE_TASK_VISIBILITY: 'true' });
  });
  after(() => harness.close());

  it('no longer shows or opens tasks without assignee to everybody', async () => {
    const owner = await aUser(harness, { username: 'owner' });
    const reader = await aUser(harness, { username: 'reader' });
    const db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
    const publicTask = await aTask().named('public').ownedBy(owner.id).withJob().insert(db);
    await db.end();

    const headers = await signIn(harness, reader);
    const page = await harness.app.inject({ method: 'GET', url: '/api/v1/tasks', headers });
    assert.equal(page.json<PageBody>().count, 0);
    const one = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks/${publicTask}`, headers });
    assert.equal(one.statusCode, 403);
  });
});

describe('pages of long task lists', () => {
  let harness: TestApp;
  let headers: Record<string, string>;
  let db: pg.Client;

  before(async () => {
    harness = await startTestApp();
    headers = await signIn(harness);
    db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
    // 5,000 tasks: the 2,100 oldest are "early", every other one is "even", and the owners alternate.
    // Beyond 2,000 matches pages are cut by walking an index (page-plan.ts); "early" tasks lie at the
    // far end of the default order, where such a walk comes up short.
    const owners = await Promise.all(['first', 'second'].map((username) => aUser(harness, { username })));
    await db.query(
      `INSERT INTO tasks (name, owner_id)
       SELECT format('%s %s %s', CASE WHEN n <= 2100 THEN 'early' ELSE 'late' END,
                     CASE WHEN n % 2 = 0 THEN 'even' ELSE 'odd' END, n),
              (ARRAY[$1::int, $2::int])[1 + n % 2]
         FROM generate_series(1, 5000) n`,
      [owners[0].id, owners[1].id],
    );
    await db.query('ANALYZE tasks');
  });
  after(async () => {
    await db.end();
    await harness.close();
  });

  /** The ids the page must hold, computed the plain way. */
  async function expected(where: string, orderBy: string, page: number): Promise<number[]> {
    const { rows } = await db.query<{ id: number }>(
      `SELECT t.id FROM tasks t LEFT JOIN users o ON o.id = t.owner_id WHERE ${where}
        ORDER BY ${orderBy} LIMIT 10 OFFSET ${(page - 1) * 10}`,
    );
    return rows.map((row) => row.id);
  }

  async function ids(query: string): Promise<number[]> {
    const response = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks?${query}`, headers });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<PageBody>().results.map((task) => task.id);
  }

  it('cuts the same pages whether the matches are spread out or clustered at the end of the order', async () => {
    const cases: Array<[string, string, string]> = [
      ['', 'TRUE', 't.id DESC'],
      ['search=even', "t.name LIKE '%even%'", 't.id DESC'],
      ['search=early', "t.name LIKE '%early%'", 't.id DESC'],
      ['search=early&ordering=name', "t.name LIKE '%early%'", 't.name ASC, t.id ASC'],
      ['search=late&ordering=-owner', "t.name LIKE '%late%'", 't.owner_id DESC, t.id DESC'],
      ['ordering=owner', 'TRUE', 't.owner_id ASC, t.id ASC'],
    ];
    for (const [query, where, orderBy] of cases) {
      for (const page of [1, 3, 150]) {
        const want = await expected(where, orderBy, page);
        if (page > 1 && want.length === 0) continue;
        assert.deepEqual(await ids(`${query}&page=${page}`), want, `${query} page ${page}`);
      }
    }
  });
});
