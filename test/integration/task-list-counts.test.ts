import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pg from 'pg';

import { aUser } from '../support/builders.js';
import { aProject, aTask } from '../support/task-builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * List counts are remembered between requests; every change that alters what a list matches or
 * sees must show in the very next count, including changes made outside the API.
 */
describe('task list counts stay exact while they are cached', () => {
  let harness: TestApp;
  let db: pg.Client;
  let admin: Record<string, string>;
  let worker: { id: number; auth: Record<string, string> };
  let owner: number;

  before(async () => {
    harness = await startTestApp();
    db = new pg.Client({ connectionString: harness.databaseUrl });
    await db.connect();
    admin = await signIn(harness);
    const ownerUser = await aUser(harness, { username: 'counted_owner', roles: ['user'] });
    owner = ownerUser.id;
    const workerUser = await aUser(harness, { username: 'counted_worker', roles: [] });
    worker = { id: workerUser.id, auth: await signIn(harness, workerUser) };
    for (let index = 0; index < 3; index += 1) {
      await aTask().named(`harbour ${index}`).ownedBy(owner).assignedTo(owner).withJob().insert(db);
    }
  });
  after(async () => {
    await db.end();
    await harness.close();
  });

  const count = async (auth: Record<string, string>, query: string): Promise<number> => {
    const response = await harness.app.inject({ method: 'GET', url: `/api/v1/tasks${query}`, headers: auth });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ count: number }>().count;
  };
  /** Asks twice, so that the second answer comes from the cache if anything was remembered. */
  const settled = async (auth: Record<string, string>, query: string): Promise<number> => {
    const first = await count(auth, query);
    assert.equal(await count(auth, query), first);
    return first;
  };

  it('follows tasks created, renamed and deleted', async () => {
    const search = '?search=harbour';
    assert.equal(await settled(admin, search), 3);
    const added = await aTask().named('harbour 3').ownedBy(owner).insert(db);
    assert.equal(await settled(admin, search), 4);
    await db.query(`UPDATE tasks SET name = 'forest' WHERE id = $1`, [added]);
    assert.equal(await settled(admin, search), 3);
    await db.query(`UPDATE tasks SET name = 'harbour 3' WHERE id = $1`, [added]);
    assert.equal(await settled(admin, search), 4);
    await db.query('DELETE FROM tasks WHERE id = $1', [added]);
    assert.equal(await settled(admin, search), 3);
  });

  it('follows a renamed owner when the search is by owner name', async () => {
    assert.equal(await settled(admin, '?owner=counted_owner'), 3);
    await db.query(`UPDATE users SET username = 'renamed_owner' WHERE id = $1`, [owner]);
    assert.equal(await settled(admin, '?owner=counted_owner'), 0);
    await db.query(`UPDATE users SET username = 'counted_owner' WHERE id = $1`, [owner]);
    assert.equal(await settled(admin, '?owner=counted_owner'), 3);
  });

  it('follows job assignments, which decide what a user without a role sees', async () => {
    const before = await settled(worker.auth, '');
    const { rows } = await db.query<{ id: number }>(
      `SELECT j.id FROM jobs j JOIN segments s ON s.id = j.segment_id JOIN tasks t ON t.id = s.task_id
        WHERE t.name = 'harbour 0'`,
    );
    await db.query('UPDATE jobs SET assignee_id = $1 WHERE id = $2', [worker.id, rows[0].id]);
    assert.equal(await settled(worker.auth, ''), before + 1);
    await db.query('UPDATE jobs SET assignee_id = NULL WHERE id = $1', [rows[0].id]);
    assert.equal(await settled(worker.auth, ''), before);
  });

  it('follows projects renamed under a project search', async () => {
    const project = await aProject().named('quay works').ownedBy(owner).insert(db);
    await aTask().named('in the quay project').ownedBy(owner).inProject(project).insert(db);
    assert.equal(await settled(admin, '?project=quay'), 1);
    await db.query(`UPDATE projects SET name = 'dock works' WHERE id = $1`, [project]);
    assert.equal(await settled(admin, '?project=quay'), 0);
  });

  it('never remembers a count taken while a change was still uncommitted', async () => {
    const search = '?search=pier';
    assert.equal(await settled(admin, search), 0);
    const writer = new pg.Client({ connectionString: harness.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await aTask().named('pier 1').ownedBy(owner).insert(writer);
      // The change has moved the generation but is not visible yet.
      assert.equal(await settled(admin, search), 0);
      await writer.query('COMMIT');
      assert.equal(await settled(admin, search), 1);
    } finally {
      await writer.end();
    }
  });

  it('remembers which tasks a page holds only while nothing that decides it changes', async () => {
    for (const name of ['dock a', 'dock b', 'dock c']) await aTask().named(name).ownedBy(owner).insert(db);
    const page = async (number = 1): Promise<{ names: string[]; updated: string[] }> => {
      const url = `/api/v1/tasks?search=dock&ordering=name&page_size=2&page=${number}`;
      const response = await harness.app.inject({ method: 'GET', url, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      const results = response.json<{ results: { name: string; updated_date: string }[] }>().results;
      return { names: results.map((task) => task.name), updated: results.map((task) => task.updated_date) };
    };
    /** Asks twice, so that the second answer comes from the cache if anything was remembered. */
    const settledPage = async () => {
      const first = await page();
      assert.deepEqual((await page()).names, first.names);
      return first;
    };
    assert.deepEqual((await settledPage()).names, ['dock a', 'dock b']);
    assert.deepEqual((await page(2)).names, ['dock c']);
    assert.deepEqual((await page(2)).names, ['dock c']);

    await db.query(`UPDATE tasks SET name = 'dock 0' WHERE name = 'dock c'`);
    assert.deepEqual((await settledPage()).names, ['dock 0', 'dock a']);

    // A touch does not change the page's tasks, but their fields are read afresh.
    const before = await settledPage();
    await db.query(`UPDATE tasks SET updated_date = now() + interval '1 day' WHERE name = 'dock a'`);
    const touched = await settledPage();
    assert.deepEqual(touched.names, before.names);
    assert.notEqual(touched.updated[1], before.updated[1]);

    const writer = new pg.Client({ connectionString: harness.databaseUrl });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await aTask().named('dock +').ownedBy(owner).insert(writer);
      assert.deepEqual((await settledPage()).names, ['dock 0', 'dock a']);
      await writer.query('COMMIT');
      assert.deepEqual((await settledPage()).names, ['dock +', 'dock 0']);
    } finally {
      await writer.end();
    }
    await db.query(`DELETE FROM tasks WHERE name = 'dock +'`);
    assert.deepEqual((await settledPage()).names, ['dock 0', 'dock a']);
  });

  it('remembers single pages of lists too long to sort, until a change', async () => {
    await db.query(
      `INSERT INTO tasks (name, owner_id, mode, status, overlap, segment_size, created_date, updated_date)
       SELECT format('quay %s', n), $1, 'annotation', 'annotation', 0, 0, now(), now()
         FROM generate_series(1, 2100) n`,
      [owner],
    );
    const firstPage = async (): Promise<string[]> => {
      const url = '/api/v1/tasks?search=quay&ordering=-id&page_size=2';
      const response = await harness.app.inject({ method: 'GET', url, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ results: { name: string }[] }>().results.map((task) => task.name);
    };
    assert.deepEqual(await firstPage(), ['quay 2100', 'quay 2099']);
    assert.deepEqual(await firstPage(), ['quay 2100', 'quay 2099']);
    await db.query(`DELETE FROM tasks WHERE name = 'quay 2100'`);
    assert.deepEqual(await firstPage(), ['quay 2099', 'quay 2098']);
    assert.deepEqual(await firstPage(), ['quay 2099', 'quay 2098']);
    await db.query(`DELETE FROM tasks WHERE name LIKE 'quay %'`);
  });

  it('is not disturbed by saves that only touch a task', async () => {
    const search = '?search=harbour';
    const first = await settled(admin, search);
    await db.query(`UPDATE tasks SET updated_date = now() WHERE name = 'harbour 1'`);
    assert.equal(await settled(admin, search), first);
  });
});
