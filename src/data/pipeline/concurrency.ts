/** Runs `work` on every item with at most `limit` calls in flight; resolves when all are done. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Maps an iterable with up to `limit` calls running and yields the results in input order, so a
 * consumer that writes them sequentially (a zip) keeps every worker busy. A slot frees as soon as
 * its call finishes, not when the consumer reaches it; finished results wait in a window of
 * `2 × limit`, which bounds memory. The first failure is thrown to the consumer at its position.
 */
export async function* mapOrdered<T, R>(
  items: Iterable<T>,
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const iterator = items[Symbol.iterator]();
  const window = new Map<number, Promise<R>>();
  let started = 0;
  let running = 0;
  let exhausted = false;
  let wake: (() => void) | undefined;

  const start = (consumed: number) => {
    while (!exhausted && running < limit && started - consumed < 2 * limit) {
      const step = iterator.next();
      if (step.done) {
        exhausted = true;
        return;
      }
      const index = started++;
      running += 1;
      const promise = work(step.value, index);
      window.set(index, promise);
      // Failures surface when the consumer reaches this result; until then they are not unhandled.
      void promise
        .catch(() => undefined)
        .finally(() => {
          running -= 1;
          wake?.();
        });
    }
  };

  for (let consumed = 0; ; consumed += 1) {
    start(consumed);
    const next = window.get(consumed);
    if (!next) return;
    // Keep refilling freed slots while the head of the line is still running.
    const headDone = next.then(
      () => true,
      () => true,
    );
    for (;;) {
      const freed = new Promise<boolean>((resolve) => (wake = () => resolve(false)));
      const done = await Promise.race([headDone, freed]);
      wake = undefined;
      if (done) break;
      start(consumed);
    }
    window.delete(consumed);
    yield await next;
  }
}

/** Like Promise.all, but waits for every promise before throwing the first failure, so nothing is still writing. */
export async function allSettledOrThrow<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
