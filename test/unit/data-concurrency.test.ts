import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';

import { allSettledOrThrow, mapOrdered, mapWithConcurrency } from '../../src/data/pipeline/concurrency.js';

describe('ordered concurrent mapping', () => {
  it('yields in input order while later items finish first, never over the limit', async () => {
    let running = 0;
    let peak = 0;
    const delays = [40, 5, 5, 5, 30, 1, 1, 1];
    const results: number[] = [];
    for await (const value of mapOrdered(delays, 3, async (delay, index) => {
      running += 1;
      peak = Math.max(peak, running);
      await sleep(delay);
      running -= 1;
      return index;
    })) {
      results.push(value);
    }
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(peak, 3);
  });

  it('keeps workers busy behind a slow head of line', async () => {
    const started: number[] = [];
    const iterator = mapOrdered([50, 1, 1, 1, 1], 2, async (delay, index) => {
      started.push(index);
      await sleep(delay);
      return index;
    });
    assert.deepEqual((await iterator.next()).value, 0);
    // While item 0 ran for 50 ms, the second slot went through items 1 to 3 (window of 4).
    assert.deepEqual(started, [0, 1, 2, 3]);
    await iterator.return(undefined);
  });

  it('throws a failure at its position and finishes an empty input', async () => {
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const value of mapOrdered([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('bad frame');
        return item;
      })) {
        seen.push(value);
      }
    }, /bad frame/);
    assert.deepEqual(seen, [1]);
    for await (const _ of mapOrdered([], 2, async () => 1)) assert.fail('nothing to yield');
  });

  it('settles everything before reporting the first failure', async () => {
    let finished = false;
    const slow = sleep(20).then(() => {
      finished = true;
    });
    await assert.rejects(allSettledOrThrow([Promise.reject(new Error('first')), slow]), /first/);
    assert.equal(finished, true);
    assert.deepEqual(await mapWithConcurrency([3, 1, 2], 2, async (n) => n * 2), [6, 2, 4]);
  });
});
