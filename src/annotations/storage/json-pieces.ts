/** Helpers for writing JSON documents as a stream of pieces rather than one large string. */

/** Joins small pieces into ones of at least 64 KB: fewer, larger writes to the socket. */
export async function* coalesced(pieces: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= 65536) {
      yield Buffer.concat(pending);
      pending = [];
      size = 0;
    }
  }
  if (pending.length) yield Buffer.concat(pending);
}

/** Objects already in memory, as comma-separated JSON, a batch at a time. */
export function* objectPieces(objects: readonly object[]): Generator<Buffer> {
  const BATCH = 1000;
  for (let start = 0; start < objects.length; start += BATCH) {
    const text = JSON.stringify(objects.slice(start, start + BATCH));
    yield Buffer.from((start === 0 ? '' : ',') + text.slice(1, -1));
  }
}
