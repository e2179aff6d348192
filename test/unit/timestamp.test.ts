import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { formatOptionalTimestamp, formatTimestamp } from '../../src/common/http/timestamp.js';

describe('timestamps', () => {
  it('renders UTC with a Z and six fractional digits', () => {
    assert.equal(formatTimestamp(new Date('2020-10-27T09:46:39.123Z')), '2020-10-27T09:46:39.123000Z');
    assert.equal(formatTimestamp(new Date('2020-10-27T11:46:39.007+02:00')), '2020-10-27T09:46:39.007000Z');
  });

  it('leaves out a zero fraction', () => {
    assert.equal(formatTimestamp(new Date('2020-10-01T10:00:00Z')), '2020-10-01T10:00:00Z');
  });

  it('keeps null as null', () => {
    assert.equal(formatOptionalTimestamp(null), null);
  });
});
