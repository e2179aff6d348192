import type pg from 'pg';

import type { AnnotationContext, AttributeSpecInfo, FrameRange } from '../document/annotation-document.js';

interface LabelRow {
  label_id: number;
  spec_id: number | null;
  mutable: boolean | null;
  default_value: string | null;
}

/** The task's labels with their attributes, and its frame count (0 before media). */
export async function readAnnotationContext(
  client: pg.ClientBase,
  taskId: number,
): Promise<AnnotationContext> {
  const labels = await client.query<LabelRow>(
    `SELECT l.id AS label_id, a.id AS spec_id, a.mutable, a.default_value
       FROM labels l LEFT JOIN attribute_specs a ON a.label_id = l.id
      WHERE l.task_id = $1
      ORDER BY l.id, a.id`,
    [taskId],
  );
  const byId = new Map<number, { id: number; attributes: Map<number, AttributeSpecInfo> }>();
  for (const row of labels.rows) {
    let label = byId.get(row.label_id);
    if (!label) byId.set(row.label_id, (label = { id: row.label_id, attributes: new Map() }));
    if (row.spec_id !== null) {
      label.attributes.set(row.spec_id, {
        id: row.spec_id,
        mutable: row.mutable ?? false,
        defaultValue: row.default_value ?? '',
      });
    }
  }
  const size = await client.query<{ size: number | null }>(
    'SELECT d.size FROM tasks t LEFT JOIN task_data d ON d.id = t.data_id WHERE t.id = $1',
    [taskId],
  );
  return { labels: byId, size: size.rows[0]?.size ?? 0 };
}

/** A job of a task with its frame range. */
export interface JobSegment {
  readonly jobId: number;
  readonly segment: FrameRange;
}

/** The task's jobs in segment order, and its overlap. */
export async function readTaskJobs(
  client: pg.ClientBase,
  taskId: number,
): Promise<{ jobs: JobSegment[]; overlap: number }> {
  const jobs = await client.query<{ job_id: number; start_frame: number; stop_frame: number }>(
    `SELECT j.id AS job_id, s.start_frame, s.stop_frame
       FROM segments s JOIN jobs j ON j.segment_id = s.id
      WHERE s.task_id = $1
      ORDER BY s.start_frame, j.id`,
    [taskId],
  );
  const overlap = await client.query<{ overlap: number | null }>('SELECT overlap FROM tasks WHERE id = $1', [
    taskId,
  ]);
  return {
    jobs: jobs.rows.map((row) => ({
      jobId: row.job_id,
      segment: { start: row.start_frame, stop: row.stop_frame },
    })),
    overlap: overlap.rows[0]?.overlap ?? 0,
  };
}
