import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { PageWindow } from '../../src/common/pagination/page-request.js';
import { expectedRows, planPage } from '../../src/tasks/tasks/page-plan.js';

const pageOf = (page: number, size = 10): PageWindow => ({
  page,
  lastPage: 1000,
  offset: (page - 1) * size,
  limit: size,
});

describe('task page plans', () => {
  it('sorts all matches when they are few', () => {
    assert.deepEqual(planPage(2000, 100_000, pageOf(1)), { kind: 'sort-matches' });
    assert.deepEqual(planPage(0, -1, pageOf(1)), { kind: 'sort-matches' });
  });

  it('walks with a budget of twice the rows evenly spread matches need, plus a margin', () => {
    assert.deepEqual(planPage(100_000, 100_000, pageOf(1)), { kind: 'walk', budget: 220 });
    assert.deepEqual(planPage(10_000, 100_000, pageOf(2)), { kind: 'walk', budget: 600 });
  });

  it('walks without budget when the budget would cover the table anyway', () => {
    assert.deepEqual(planPage(3000, 3000, pageOf(200)), { kind: 'walk' });
    assert.deepEqual(planPage(3000, -1, pageOf(150)), { kind: 'walk' }, 'no estimate: the count stands in');
  });

  it('knows how many rows a complete page holds', () => {
    assert.equal(expectedRows(25, pageOf(1)), 10);
    assert.equal(expectedRows(25, pageOf(3)), 5);
    assert.equal(expectedRows(0, pageOf(1)), 0);
  });
});
