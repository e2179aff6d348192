import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import pg from 'pg';

import { anAnnotatedTask, type TaskForAnnotations } from '../support/annotation-builders.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { TEST_ADMIN, testEnv } from '../support/test-app.js';
import { createFreshDatabase, createTempDir, type FreshDatabase, type TempDir } from '../support/test-env.js';

interface Doc {
  version: number;
  shapes: unknown[];
}

/** A document of `count` rectangles with distinct coordinates, so that two saves differ. */
function rectangles(labelId: number, count: number, offset: number) {
  return {
    version: 0,
    tags: [],
    tracks: [],
    shapes: Array.from({ length: count }, (_, index) => ({
      frame: index % 100,
      label_id: labelId,
      group: null,
      type: 'rectangle',
      occluded: false,
      points: [index + offset, index, index + offset + 10.5, index + 20.25],
      attributes: [],
    })),
  };
}

/**
 * A save is one transaction: when the server dies in the middle of a large PUT, the job reads back
 * exactly as it was before that PUT, never partly replaced.
 */
describe('a server killed in the middle of a save', () => {
  let database: FreshDatabase;
  let dataRoot: TempDir;
  let env: Record<string, string>;
  let server: ServerProcess;
  let db: pg.Client;
  let task: TaskForAnnotations;

  before(async () => {
    database = await createFreshDatabase();
    dataRoot = await createTempDir();
    env = testEnv({ DATABASE_URL: database.url, DATA_ROOT: dataRoot.path });
    server = await startServer(env);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    task = await anAnnotatedTask()
      .withFrames(100)
      .withLabels([{ name: 'car' }])
      .insert(db);
  });
  after(async () => {
    await server.stop();
    await db.end();
    await database.drop();
    await dataRoot.remove();
  });

  async function signIn(base: string): Promise<Record<string, string>> {
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    assert.equal(response.status, 200);
    return { authorization: `Token ${((await response.json()) as { key: string }).key}` };
  }

  /** Resolves once a transaction of the server has written rows that it has not committed yet. */
  async function uncommittedWrite(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const open = await db.query(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
      );
      if (open.rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('the save never started writing');
  }

  it('keeps the job exactly as it was before the interrupted save', async () => {
    const auth = await signIn(server.baseUrl);
    const url = `/api/v1/jobs/${task.jobIds[0]}/annotations`;
    const labelId = task.labels.get('car')!.id;
    const first = await fetch(`${server.baseUrl}${url}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(rectangles(labelId, 2_000, 0)),
    });
    assert.equal(first.status, 200);
    const before = await (await fetch(`${server.baseUrl}${url}`, { headers: auth })).text();

    const large = JSON.stringify(rectangles(labelId, 150_000, 1_000));
    const interrupted = fetch(`${server.baseUrl}${url}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: large,
    }).then(
      (response) => response.status,
      () => 'connection lost',
    );
    await uncommittedWrite(60_000);
    server.child.kill('SIGKILL');
    assert.equal(await interrupted, 'connection lost');
    const killed = server.child;
    if (killed.exitCode === null && killed.signalCode === null) {
      await new Promise((resolve) => killed.once('exit', resolve));
    }

    server = await startServer(env);
    const auth2 = await signIn(server.baseUrl);
    const after = await (await fetch(`${server.baseUrl}${url}`, { headers: auth2 })).text();
    assert.equal(after, before);
    const doc = JSON.parse(after) as Doc;
    assert.equal(doc.version, 1);
    assert.equal(doc.shapes.length, 2_000);
  });
});
