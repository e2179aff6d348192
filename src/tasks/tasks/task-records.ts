import type { EntityManager } from 'typeorm';

import type { PageWindow } from '../../common/pagination/page-request.js';
import type { SqlParameters } from '../shared/sql-parameters.js';
import type { PagePlan } from './page-plan.js';

export interface AttributeRecord {
  readonly id: number;
  readonly name: string;
  readonly mutable: boolean;
  readonly input_type: string;
  readonly default_value: string;
  /** Line-break separated, as stored. */
  readonly values: string;
}

export interface LabelRecord {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly attributes: readonly AttributeRecord[];
}

export interface JobRecord {
  readonly id: number;
  readonly assignee: number | null;
  readonly status: string;
}

export interface SegmentRecord {
  readonly start_frame: number;
  readonly stop_frame: number;
  readonly jobs: readonly JobRecord[];
}

/** A task as its representation needs it, with its labels and segments. */
export interface TaskRecord {
  readonly id: number;
  readonly name: string;
  readonly mode: string;
  readonly owner_id: number | null;
  readonly assignee_id: number | null;
  readonly bug_tracker: string;
  readonly created_date: Date;
  readonly updated_date: Date;
  readonly overlap: number | null;
  readonly segment_size: number;
  readonly status: string;
  readonly project_id: number | null;
  readonly data_id: number | null;
  readonly labels: readonly LabelRecord[];
  readonly segments: readonly SegmentRecord[];
}

/** Which tasks to read: a condition on `t`, their order, and optionally a window. */
export interface TaskSelection {
  readonly where: string;
  readonly sql: SqlParameters;
  /** ORDER BY expressions on `t` columns. */
  readonly orderBy: string;
  /** A page of the selection, and how to read it; every match when absent. */
  readonly page?: {
    readonly window: PageWindow;
    readonly plan: PagePlan;
    /** Rows the page holds when complete: a budgeted walk returning fewer is read again. */
    readonly expectedRows: number;
    /** The page's task ids in order, when they are known from an earlier read of it. */
    readonly knownIds?: readonly number[];
    /**
     * When the page must be cut by sorting every match, the ids of all of them are read in order
     * instead and handed here; the page is then a slice of them.
     */
    readonly onAllMatches?: (ids: Int32Array) => void;
  };
}

type TaskRow = Omit<TaskRecord, 'labels' | 'segments'>;

interface LabelRow {
  task_id: number;
  id: number;
  name: string;
  color: string;
  attribute_id: number | null;
  attribute_name: string;
  mutable: boolean;
  input_type: string;
  default_value: string;
  values: string;
}

interface SegmentRow {
  task_id: number;
  segment_id: number;
  start_frame: number;
  stop_frame: number;
  job_id: number | null;
  assignee_id: number | null;
  status: string;
}

function appendTo<T>(lists: Map<number, T[]>, key: number, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}

const TASK_COLUMNS = `t.id, t.name, t.mode, t.owner_id, t.assignee_id, t.bug_tracker, t.created_date,
  t.updated_date, t.overlap, t.segment_size, t.status, t.project_id, t.data_id`;

function selectRows(manager: EntityManager, selection: TaskSelection, plan?: PagePlan): Promise<TaskRow[]> {
  const { where, orderBy, page } = selection;
  // Integers computed by the pagination, not input: written inline so the count can share `sql`.
  const window = page
    ? `LIMIT ${Math.trunc(page.window.limit)} OFFSET ${Math.trunc(page.window.offset)}`
    : '';
  let from = `tasks t WHERE ${where}`;
  // OFFSET 0 keeps PostgreSQL from folding the subquery into a walk along an index in page order.
  if (plan?.kind === 'sort-matches') from = `(SELECT t.* FROM tasks t WHERE ${where} OFFSET 0) t`;
  if (plan?.kind === 'walk' && plan.budget !== undefined) {
    from = `(SELECT t.* FROM tasks t ORDER BY ${orderBy} LIMIT ${Math.trunc(plan.budget)}) t WHERE ${where}`;
  }
  return manager.query<TaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM ${from} ORDER BY ${orderBy} ${window}`,
    selection.sql.values,
  );
}

/** The page's tasks, by the planned way and, should a budgeted walk come up short, by sorting. */
async function selectPage(manager: EntityManager, selection: TaskSelection): Promise<TaskRow[]> {
  const { page } = selection;
  if (page?.knownIds) return selectKnown(manager, page.knownIds);
  if (page?.onAllMatches && page.plan.kind === 'sort-matches') return selectByAllMatches(manager, selection);
  const rows = await selectRows(manager, selection, page?.plan);
  if (!page || page.plan.kind !== 'walk' || rows.length >= page.expectedRows) return rows;
  if (page.onAllMatches) return selectByAllMatches(manager, selection);
  return selectRows(manager, selection, { kind: 'sort-matches' });
}

/** Reads every match's id in order, hands them on, and reads the page's slice of them. */
async function selectByAllMatches(manager: EntityManager, selection: TaskSelection): Promise<TaskRow[]> {
  const { where, orderBy, sql, page } = selection;
  const rows = await manager.query<Array<{ id: number }>>(
    `SELECT t.id FROM tasks t WHERE ${where} ORDER BY ${orderBy}`,
    sql.values,
  );
  const ids = Int32Array.from(rows, (row) => row.id);
  page?.onAllMatches?.(ids);
  const offset = page?.window.offset ?? 0;
  return selectKnown(manager, Array.from(ids.subarray(offset, offset + (page?.window.limit ?? ids.length))));
}

/** Tasks by id, in the order of `ids`; a task deleted since is left out. */
async function selectKnown(manager: EntityManager, ids: readonly number[]): Promise<TaskRow[]> {
  const rows = await manager.query<TaskRow[]>(
    `SELECT ${TASK_COLUMNS} FROM tasks t WHERE t.id = ANY($1::int[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function selectLabels(manager: EntityManager, taskIds: number[]): Promise<Map<number, LabelRecord[]>> {
  const rows = await manager.query<LabelRow[]>(
    `SELECT l.task_id, l.id, l.name, l.color, a.id AS attribute_id, a.name AS attribute_name, a.mutable,
            a.input_type, a.default_value, a."values"
       FROM labels l
       LEFT JOIN attribute_specs a ON a.label_id = l.id
      WHERE l.task_id = ANY($1::int[])
      ORDER BY l.id, a.id`,
    [taskIds],
  );
  const byTask = new Map<number, LabelRecord[]>();
  let label: LabelRecord & { attributes: AttributeRecord[] } = { id: 0, name: '', color: '', attributes: [] };
  for (const row of rows) {
    if (row.id !== label.id) {
      label = { id: row.id, name: row.name, color: row.color, attributes: [] };
      appendTo(byTask, row.task_id, label);
    }
    if (row.attribute_id === null) continue;
    label.attributes.push({
      id: row.attribute_id,
      name: row.attribute_name,
      mutable: row.mutable,
      input_type: row.input_type,
      default_value: row.default_value,
      values: row.values,
    });
  }
  return byTask;
}

async function selectSegments(
  manager: EntityManager,
  taskIds: number[],
): Promise<Map<number, SegmentRecord[]>> {
  const rows = await manager.query<SegmentRow[]>(
    `SELECT s.task_id, s.id AS segment_id, s.start_frame, s.stop_frame, j.id AS job_id, j.assignee_id, j.status
       FROM segments s
       LEFT JOIN jobs j ON j.segment_id = s.id
      WHERE s.task_id = ANY($1::int[])
      ORDER BY s.id, j.id`,
    [taskIds],
  );
  const byTask = new Map<number, SegmentRecord[]>();
  let segment: SegmentRecord & { jobs: JobRecord[] } = { start_frame: 0, stop_frame: 0, jobs: [] };
  let segmentId = 0;
  for (const row of rows) {
    if (row.segment_id !== segmentId) {
      segmentId = row.segment_id;
      segment = { start_frame: row.start_frame, stop_frame: row.stop_frame, jobs: [] };
      appendTo(byTask, row.task_id, segment);
    }
    if (row.job_id !== null)
      segment.jobs.push({ id: row.job_id, assignee: row.assignee_id, status: row.status });
  }
  return byTask;
}

/**
 * Reads the selected tasks: one query for the tasks, then one for the labels with their attributes
 * and one for the segments with their jobs, each for all of the tasks at once. Three short
 * statements plan in a fraction of the time one statement nesting all of it does.
 */
export async function readTasks(manager: EntityManager, selection: TaskSelection): Promise<TaskRecord[]> {
  const tasks = await selectPage(manager, selection);
  if (tasks.length === 0) return [];
  const ids = tasks.map((task) => task.id);
  const [labels, segments] = await Promise.all([selectLabels(manager, ids), selectSegments(manager, ids)]);
  return tasks.map((task) => ({
    ...task,
    labels: labels.get(task.id) ?? [],
    segments: segments.get(task.id) ?? [],
  }));
}

/** How many tasks match, and about how many there are in all (PostgreSQL's estimate, -1 when it has none). */
export async function countTasks(
  manager: EntityManager,
  where: string,
  sql: SqlParameters,
): Promise<{ count: number; estimatedTotal: number }> {
  const rows = await manager.query<Array<{ count: number; estimated_total: number }>>(
    `SELECT count(*)::int AS count,
            (SELECT reltuples FROM pg_class WHERE oid = 'tasks'::regclass)::float8 AS estimated_total
       FROM tasks t
      WHERE ${where}`,
    sql.values,
  );
  return { count: rows[0].count, estimatedTotal: rows[0].estimated_total };
}
