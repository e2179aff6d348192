import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sharedFrameRanges } from '../../src/annotations/merge/shared-frames.js';

const range = (start: number, stop: number) => ({ start, stop });

describe('frames that more than one segment covers', () => {
  it('are the overlaps of consecutive segments', () => {
    assert.deepEqual(sharedFrameRanges([range(0, 24), range(20, 44), range(40, 49)]), [
      range(20, 24),
      range(40, 44),
    ]);
  });

  it('are none when segments only touch', () => {
    assert.deepEqual(sharedFrameRanges([range(0, 9), range(10, 19)]), []);
    assert.deepEqual(sharedFrameRanges([range(0, 9)]), []);
    assert.deepEqual(sharedFrameRanges([]), []);
  });

  it('join when the overlap is more than half a segment, whatever the input order', () => {
    assert.deepEqual(sharedFrameRanges([range(8, 17), range(4, 13), range(0, 9)]), [range(4, 13)]);
  });

  it('stop where the covering segment ends inside a longer one', () => {
    assert.deepEqual(sharedFrameRanges([range(0, 30), range(5, 10), range(20, 40)]), [
      range(5, 10),
      range(20, 30),
    ]);
  });
});
