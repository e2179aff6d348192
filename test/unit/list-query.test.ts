import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  escapeLike,
  orderingOf,
  searchTerms,
  type ListQuerySpec,
} from '../../src/common/pagination/list-query.js';

const spec: ListQuerySpec = {
  searchable: ['task.name'],
  filters: {},
  orderable: { id: 'task.id', name: 'task.name' },
  defaultOrder: ['-id'],
};

describe('list queries', () => {
  it('escapes LIKE metacharacters so they match literally', () => {
    assert.equal(escapeLike(String.raw`50%_a\b'`), String.raw`50\%\_a\\b'`);
  });

  it('splits search terms on white space and commas', () => {
    assert.deepEqual(searchTerms(' cat, dog  bird,,'), ['cat', 'dog', 'bird']);
    assert.deepEqual(searchTerms(undefined), []);
  });

  it('orders by known fields and ignores unknown ones', () => {
    assert.deepEqual(orderingOf(spec, 'name,-id'), [
      ['task.name', 'ASC'],
      ['task.id', 'DESC'],
    ]);
    assert.deepEqual(orderingOf(spec, 'password,-name'), [['task.name', 'DESC']]);
    assert.deepEqual(orderingOf(spec, 'nonsense'), [['task.id', 'DESC']]);
  });
});
