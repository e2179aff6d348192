import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { hasDotDot, isWithin, normaliseSharePath } from '../../src/common/storage/share-paths.js';

describe('share paths', () => {
  it('are normalised as CVAT does: no leading or trailing slash, no . or empty components', () => {
    const cases: [string, string][] = [
      ['/data/', 'data'],
      ['data//x.jpg', 'data/x.jpg'],
      ['./data/./x.jpg', 'data/x.jpg'],
      ['data/../x.jpg', 'x.jpg'],
      ['//etc/passwd', 'etc/passwd'],
      ['/', ''],
      ['', ''],
      ['a\\b.jpg', 'a\\b.jpg'],
    ];
    for (const [raw, normalised] of cases) assert.equal(normaliseSharePath(raw), normalised, raw);
  });

  it('keep the .. components that normalising cannot remove, for the caller to refuse', () => {
    for (const raw of ['..', '../x.jpg', 'data/../../x.jpg', '/../share2']) {
      assert.ok(hasDotDot(normaliseSharePath(raw)), raw);
    }
    for (const raw of ['data/x..jpg', '..data/x.jpg', 'data/../x.jpg']) {
      assert.ok(!hasDotDot(normaliseSharePath(raw)), raw);
    }
  });

  it('are inside a root by path components, not by string prefix', () => {
    assert.ok(isWithin('/srv/share', '/srv/share'));
    assert.ok(isWithin('/srv/share', '/srv/share/a/b.jpg'));
    assert.ok(isWithin('/srv/share', '/srv/share/..hidden'));
    assert.ok(!isWithin('/srv/share', '/srv/share2/a.jpg'));
    assert.ok(!isWithin('/srv/share', '/srv'));
    assert.ok(!isWithin('/srv/share', '/etc/passwd'));
  });
});
