import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A count of a task list, as `countTasks` answers it. */
export interface TaskCount {
  readonly count: number;
  /** PostgreSQL's estimate of all tasks, -1 when it has none. */
  readonly estimatedTotal: number;
}

/** What a list query is known to match under one generation: its count and the pages read. */
export interface KnownList extends TaskCount {
  readonly generation: string;
  /** Task ids of pages already read, in page order, by ordering and window. */
  readonly pages: Map<string, readonly number[]>;
  /** Every match's id in order, by ordering, for lists short enough to keep whole. */
  readonly orders: Map<string, Int32Array>;
}

/** The advisory lock that transactions changing what task lists match hold in shared mode. */
const TASK_LIST_WRITERS_LOCK = 7_340_000_001;

/** Distinct list queries remembered; the least recently used goes first. */
const CAPACITY = 2000;

/** Pages remembered per list query; clients page through the first few of a search. */
const PAGES_PER_LIST = 50;

/** Orderings whose whole id list is remembered per list query. */
const ORDERS_PER_LIST = 8;

/** Lists up to this many matches are kept whole per ordering (4 bytes a match). */
export const WHOLE_LIST_LIMIT = 25_000;

/**
 * Counts of task lists and the ids of the pages read, kept for as long as nothing a list reads
 * has changed. Counting a hundred thousand visible tasks costs more than the page itself, sorting
 * the ten thousand matches of a search to cut one page costs about as much, and clients page
 * through one search and poll the same page. When the matches had to be sorted anyway and are
 * few enough, all their ids are kept in order, and every page of that ordering is a slice. A
 * remembered page still reads its tasks' fields afresh; only which tasks it holds, and their
 * order, come from here.
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
export class TaskListCache {
  private readonly entries = new Map<string, KnownList>();

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

  get(key: string, generation: string): KnownList | undefined {
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

  /** Files a count computed while `quiet` held under `generation`. */
  set(key: string, generation: string, count: TaskCount): KnownList {
    const entry = { ...count, generation, pages: new Map<string, readonly number[]>(), orders: new Map() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** Files the ids of a page read while `quiet` held under the entry's generation. */
  setPage(entry: KnownList, pageKey: string, ids: readonly number[]): void {
    entry.pages.delete(pageKey);
    entry.pages.set(pageKey, ids);
    if (entry.pages.size > PAGES_PER_LIST) entry.pages.delete(entry.pages.keys().next().value!);
  }

  /** Files every match's id in `orderBy`'s order, read while `quiet` held under the entry's generation. */
  setOrder(entry: KnownList, orderBy: string, ids: Int32Array): void {
    entry.orders.delete(orderBy);
    entry.orders.set(orderBy, ids);
    if (entry.orders.size > ORDERS_PER_LIST) entry.orders.delete(entry.orders.keys().next().value!);
  }
}
