import assert from 'node:assert/strict';
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { JobQueue } from '../../src/queue/job-queue.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('queued housekeeping', () => {
  let harness: TestApp;

  before(async () => {
    harness = await startTestApp();
  });
  after(() => harness.close());

  it('removes stale temporary files through a real Bull worker and keeps fresh ones', async () => {
    const tmp = dataPaths(harness.config).tmp;
    await mkdir(join(tmp, 'old-upload'), { recursive: true });
    await writeFile(join(tmp, 'old-upload', 'a.jpg'), 'x');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(tmp, 'old-upload'), twoDaysAgo, twoDaysAgo);
    await writeFile(join(tmp, 'fresh.bin'), 'y');

    const job = await harness.app
      .get(JobQueue)
      .add('maintenance', 'remove-stale-temp-files', { olderThanSeconds: 24 * 3600 });
    const result = (await job.finished()) as { removed: number };

    assert.equal(result.removed, 1);
    await assert.rejects(stat(join(tmp, 'old-upload')));
    await stat(join(tmp, 'fresh.bin'));
  });
});
