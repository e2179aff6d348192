import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PathEscapeError, resolveInside } from '../../src/common/storage/data-paths.js';

describe('paths built from user input', () => {
  it('stay inside their root', () => {
    assert.equal(resolveInside('/srv/share', 'a/b.jpg'), '/srv/share/a/b.jpg');
    assert.equal(resolveInside('/srv/share', '/a/b.jpg'), '/srv/share/a/b.jpg');
    assert.equal(resolveInside('/srv/share', 'a/../b.jpg'), '/srv/share/b.jpg');
  });

  it('are refused when they leave it', () => {
    for (const path of ['../etc/passwd', 'a/../../x', '..']) {
      assert.throws(() => resolveInside('/srv/share', path), PathEscapeError, path);
    }
    assert.throws(() => resolveInside('/srv/share', 'ok', '../../x'), PathEscapeError);
  });
});
