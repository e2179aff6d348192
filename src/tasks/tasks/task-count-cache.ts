import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A count of a task list, as `countTasks` answers it. */
export interface TaskCount {
  readonly count: number;
  /** PostgreSQL's estimate of all tasks, -1 when it has none. */
  readonly estimatedTotal: number;
}

interface Entry extends TaskCount {
  readonly generation: string;
}

/** The advisory lock that transactions changing what task lists match hold in shared mode. */
const TASK_LIST_WRITERS_LOCK = 7_340_000_001;

/** Distinct list queries remembered; the least recently used goes first. */
const CAPACITY = 2000;

/**
 * Counts of task lists, kept for as long as nothing a list reads has changed. Counting a hundred
 * thousand visible tasks costs more than the page itself, and clients page through one search.
 *
 * Correctness rests on the `task_list_generation` sequence, which triggers move on with every
 * change that can alter a list's matches (see its migration): a count is filed under the
 * generation read before it was computed, and only when no change was uncommitted between that
 * read and the count. An uncommitted change has already moved the generation but is invisible to
 * the count, so filing it then would serve a stale count once the change commits. Changing
 * transactions hold a shared advisory lock from the bump to their end; a reader that can take the
 * same lock exclusively, however briefly, knows none is in flight.
 */
@Injectable()
export class TaskCountCache {
  private readonly entries = new Map<string, Entry>();

  /** The current generation, read before anything it is to vouch for. */
  async generation(manager: EntityManager): Promise<string> {
    const rows = await manager.query<Array<{ generation: string }>>(
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS generation FROM task_list_generation`,
    );
    return rows[0].generation;
  }

  /**
   * Whether no transaction that moved the generation is still open. Asked after the generation
   * is read and before the count: a change committed in between is then visible to the count.
   */
  async quiet(manager: EntityManager): Promise<boolean> {
    const rows = await manager.query<Array<{ quiet: boolean }>>(
      `SELECT CASE WHEN pg_try_advisory_lock($1) THEN pg_advisory_unlock($1) ELSE false END AS quiet`,
      [TASK_LIST_WRITERS_LOCK],
    );
    return rows[0].quiet;
  }

  get(key: string, generation: string): TaskCount | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the entry to the young end of the map's order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, generation: string, count: TaskCount): void {
    this.entries.delete(key);
    this.entries.set(key, { ...count, generation });
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
  }
}
