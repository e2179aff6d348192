import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { missingHandlers } from '../../src/queue/job-catalogue.check.js';

describe('job catalogue check', () => {
  it('names every catalogued job without a handler', () => {
    assert.deepEqual(missingHandlers(new Set()), [
      'maintenance/remove-stale-temp-files',
      'maintenance/remove-orphan-task-directories',
    ]);
    assert.deepEqual(
      missingHandlers(
        new Set(['maintenance/remove-stale-temp-files', 'maintenance/remove-orphan-task-directories']),
      ),
      [],
    );
  });
});
