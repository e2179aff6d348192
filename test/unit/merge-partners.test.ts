import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MergePartners } from '../../src/annotations/merge/merge-partners.js';

describe('the stored copies that a task read shows as one object', () => {
  it('groups a track united across three jobs, whichever of its ids is named', () => {
    const partners = new MergePartners();
    partners.listener('tracks', 1, 2);
    partners.listener('tracks', 1, 3);
    partners.listener('tracks', 7, 8);
    for (const [named, others] of [
      [1, [2, 3]],
      [2, [1, 3]],
      [3, [1, 2]],
    ] as const) {
      const found = partners.partnersOf({ tag: [], shape: [], track: [named] });
      assert.deepEqual([...found.track].sort(), others);
    }
    assert.deepEqual(partners.partnersOf({ tag: [], shape: [], track: [8] }).track, [7]);
  });

  it('keeps kinds apart and leaves objects that were never united alone', () => {
    const partners = new MergePartners();
    partners.listener('shapes', 4, 5);
    partners.listener('tags', 5, 6);
    assert.deepEqual(partners.partnersOf({ tag: [4], shape: [5, 9], track: [] }), {
      tag: [],
      shape: [4],
      track: [],
    });
    assert.deepEqual(partners.partnersOf({ tag: [6], shape: [], track: [] }).tag, [5]);
  });

  it('ignores objects without ids', () => {
    const partners = new MergePartners();
    partners.listener('shapes', null, 5);
    assert.deepEqual(partners.partnersOf({ tag: [], shape: [5], track: [] }).shape, []);
  });
});
