import { Readable } from 'node:stream';

import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The node-postgres client behind a TypeORM transaction. Bulk annotation work needs the driver
 * itself: COPY streams and cursors have no TypeORM equivalent.
 */
export async function clientOf(manager: EntityManager): Promise<pg.ClientBase> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('annotation storage must run inside a transaction');
  return (await runner.connect()) as pg.ClientBase;
}

/** A pooled client reading one consistent snapshot, and how to give it back. */
export interface SnapshotSession {
  readonly client: pg.ClientBase;
  /** The same connection for TypeORM-based readers. */
  readonly manager: EntityManager;
  /** Ends the transaction and returns the connection; never throws, safe to call twice. */
  release(): Promise<void>;
}

/**
 * A stream of the pieces that gives the session back when it ends, fails or is abandoned. Once the
 * generator runs, its `finally` releases (after closing its cursor); a stream destroyed before its
 * first read never enters the generator, so its `close` releases instead.
 */
export function streamReleasing(pieces: AsyncIterable<string | Buffer>, session: SnapshotSession): Readable {
  let started = false;
  async function* guarded(): AsyncGenerator<string | Buffer> {
    started = true;
    try {
      yield* pieces;
    } finally {
      await session.release();
    }
  }
  const stream = Readable.from(guarded());
  stream.once('close', () => {
    if (!started) void session.release();
  });
  return stream;
}

/**
 * Opens a read-only REPEATABLE READ transaction: a job's tags, shapes, tracks and version are then
 * read as of one moment, even while a save of the same job commits between the statements.
 */
export async function openSnapshot(dataSource: DataSource): Promise<SnapshotSession> {
  const runner = dataSource.createQueryRunner('slave');
  const client = (await runner.connect()) as pg.ClientBase;
  let open = true;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await runner.release();
    throw error;
  }
  return {
    client,
    manager: runner.manager,
    async release() {
      if (!open) return;
      open = false;
      try {
        await client.query('ROLLBACK');
      } catch {
        // A broken connection ends its transaction by itself; the pool drops it on its error event.
      } finally {
        await runner.release();
      }
    },
  };
}
