import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { missingHandlers } from '../../src/queue/job-catalogue.check.js';

describe('job catalogue check', () => {
  it('names every catalogued job without a handler', () => {
    const every = [
      'maintenance/remove-stale-temp-files',
      'maintenance/remove-orphan-task-directories',
      'media/create-task-data',
    ];
    assert.deepEqual(missingHandlers(new Set()), every);
    assert.deepEqual(missingHandlers(new Set(every)), []);
  });
});
