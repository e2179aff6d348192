import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NotFoundError } from '../../src/common/errors/domain-errors.js';
import { buildPage, parsePageRequest, resolvePageWindow } from '../../src/common/pagination/page-request.js';

const origin = { protocol: 'http', host: 'example.test:8080' };

describe('page parameters', () => {
  it('defaults to the first page of ten', () => {
    assert.deepEqual(parsePageRequest({}, 1000), { page: 1, pageSize: 10 });
  });

  it('falls back to the default size for zero, negative and non-numeric sizes', () => {
    for (const pageSize of ['0', '-5', 'abc', '1.5', '']) {
      assert.equal(parsePageRequest({ page_size: pageSize }, 1000).pageSize, 10, pageSize);
    }
  });

  it('caps huge sizes and "all" at the configured maximum', () => {
    assert.equal(parsePageRequest({ page_size: '100000000' }, 500).pageSize, 500);
    assert.equal(parsePageRequest({ page_size: 'all' }, 500).pageSize, 500);
  });

  it('rejects page numbers that are not positive integers', () => {
    for (const page of ['0', '-1', 'abc', '1.5', '']) {
      assert.throws(() => parsePageRequest({ page }, 1000), NotFoundError, page);
    }
  });

  it('resolves the last page and rejects pages beyond it', () => {
    assert.equal(resolvePageWindow({ page: 'last', pageSize: 10 }, 23).page, 3);
    assert.equal(resolvePageWindow({ page: 'last', pageSize: 10 }, 0).page, 1);
    assert.throws(() => resolvePageWindow({ page: 4, pageSize: 10 }, 23), /Invalid page/);
    assert.deepEqual(resolvePageWindow({ page: 1, pageSize: 10 }, 0), {
      page: 1,
      lastPage: 1,
      offset: 0,
      limit: 10,
    });
  });
});

describe('page links', () => {
  it('keeps other parameters and drops the page number for page one', () => {
    const window = resolvePageWindow({ page: 2, pageSize: 5 }, 23);
    const page = buildPage(origin, '/api/v1/tasks?page=2&page_size=5&search=a%20b', window, 23, []);
    assert.equal(page.next, 'http://example.test:8080/api/v1/tasks?page=3&page_size=5&search=a+b');
    assert.equal(page.previous, 'http://example.test:8080/api/v1/tasks?page_size=5&search=a+b');
  });

  it('has no links on a single page', () => {
    const page = buildPage(
      origin,
      '/api/v1/tasks',
      resolvePageWindow({ page: 1, pageSize: 10 }, 3),
      3,
      [1, 2, 3],
    );
    assert.deepEqual(page, { count: 3, next: null, previous: null, results: [1, 2, 3] });
  });
});
