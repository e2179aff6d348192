import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { anAnnotatedTask, type TaskForAnnotations } from '../support/annotation-builders.js';
import {
  comparable,
  fixtureTask,
  IdTranslation,
  inFrameOrder,
  type ListOrder,
  readFixture,
} from '../support/annotations/fixture-documents.js';
import { withDb } from '../support/builders.js';
import { signIn, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The documents a real CVAT 1.2 server answered for the same PUT, job GETs and task GET: this
 * server must store, split, complete and merge exactly as it did.
 */
describe('annotations match the CVAT 1.2 golden files', () => {
  let harness: TestApp;
  let admin: Record<string, string>;

  before(async () => {
    harness = await startTestApp();
    admin = await signIn(harness);
  });
  after(() => harness.close());

  for (const kind of ['images', 'video'] as const) {
    describe(`the ${kind} task`, () => {
      const recorded = fixtureTask(kind);
      const fixtureNames = IdTranslation.fixtureNames(recorded.task);
      let task: TaskForAnnotations;
      let ourNames: IdTranslation;
      let putBody: unknown;

      before(async () => {
        task = await withDb(harness, (db) =>
          anAnnotatedTask()
            .withFrames(recorded.task.size, recorded.segments, recorded.task.overlap)
            .withLabels(recorded.labels)
            .insert(db),
        );
        ourNames = IdTranslation.toNames([...task.labels].map(([name, label]) => ({ name, ...label })));
        const document = IdTranslation.toOurs(recorded.task, task).apply(
          readFixture(`annotations-${kind}.json`),
        );
        const response = await harness.app.inject({
          method: 'PUT',
          url: `/api/v1/tasks/${task.taskId}/annotations`,
          headers: admin,
          payload: document as object,
        });
        assert.equal(response.statusCode, 200, response.body);
        putBody = response.json();
      });

      const ours = (document: unknown, order: ListOrder) => comparable(ourNames.apply(document), order);
      const theirs = (file: string, order: ListOrder) =>
        comparable(fixtureNames.apply(readFixture(file)), order);

      it('answers the PUT with the same objects', () => {
        // The reference answers a task PUT with its internal merge state unserialized: tracks it
        // interpolated carry a cache of per-frame shapes (`interpolated_shapes`) and keyframes
        // marked `keyframe`, fields that no schema declares and its own GET never shows. The
        // objects themselves must match.
        type RecordedTrack = { interpolated_shapes?: unknown; shapes: Array<{ keyframe?: boolean }> };
        const recordedPut = readFixture<{ tracks: RecordedTrack[] }>(`annotations-${kind}-put-response.json`);
        for (const track of recordedPut.tracks) {
          delete track.interpolated_shapes;
          for (const shape of track.shapes) delete shape.keyframe;
        }
        assert.deepEqual(ours(putBody, 'none'), comparable(fixtureNames.apply(recordedPut), 'none'));
        assert.equal((putBody as { version: number }).version, 1);
      });

      it('stores each job as the reference split it, in frame order', async () => {
        for (const [position, jobId] of task.jobIds.entries()) {
          const response = await harness.app.inject({
            method: 'GET',
            url: `/api/v1/jobs/${jobId}/annotations`,
            headers: admin,
          });
          assert.equal(response.statusCode, 200, response.body);
          assert.equal(response.json<{ version: number }>().version, 1);
          assert.ok(inFrameOrder(response.json()), `job ${position}: tags and shapes in frame order`);
          assert.deepEqual(
            ours(response.json(), 'frame'),
            theirs(`annotations-${kind}-job-${position}-get.json`, 'frame'),
          );
        }
      });

      it('merges the jobs into the same task document', async () => {
        const response = await harness.app.inject({
          method: 'GET',
          url: `/api/v1/tasks/${task.taskId}/annotations`,
          headers: admin,
        });
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.json<{ version: number }>().version, 1);
        assert.deepEqual(ours(response.json(), 'none'), theirs(`annotations-${kind}-task-get.json`, 'none'));
      });
    });
  }
});
