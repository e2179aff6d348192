import type { Queryable } from './task-builders.js';

export interface AttributeSpecSpec {
  readonly name: string;
  readonly mutable: boolean;
  readonly input_type?: string;
  readonly default_value?: string;
  readonly values?: readonly string[];
}

export interface LabelSpec {
  readonly name: string;
  readonly attributes?: readonly AttributeSpecSpec[];
}

/** Ids of what was made, by name: labels, and attributes per label. */
export interface TaskForAnnotations {
  readonly taskId: number;
  /** In segment order. */
  readonly jobIds: number[];
  readonly labels: Map<string, { id: number; attributes: Map<string, number> }>;
}

/**
 * A task with media already processed, as annotation tests need it: `size` frames split into the
 * given segments (each with its job), the given overlap, and labels with attributes. Written
 * directly in the database so that annotation tests need no media pipeline.
 */
export class AnnotatedTaskBuilder {
  private ownerId: number | null = null;
  private assigneeId: number | null = null;
  private size = 10;
  private overlap = 0;
  private segments: Array<[number, number]> = [[0, 9]];
  private labelSpecs: LabelSpec[] = [{ name: 'car', attributes: [] }];

  ownedBy(userId: number | null): this {
    this.ownerId = userId;
    return this;
  }

  assignedTo(userId: number | null): this {
    this.assigneeId = userId;
    return this;
  }

  /** `size` frames in one segment, or in the given inclusive ranges sharing `overlap` frames. */
  withFrames(size: number, segments: Array<[number, number]> = [[0, size - 1]], overlap = 0): this {
    this.size = size;
    this.segments = segments;
    this.overlap = overlap;
    return this;
  }

  withLabels(labels: readonly LabelSpec[]): this {
    this.labelSpecs = [...labels];
    return this;
  }

  async insert(db: Queryable): Promise<TaskForAnnotations> {
    const data = await db.query<{ id: number }>(
      `INSERT INTO task_data (image_quality, size, stop_frame) VALUES (70, $1, $2) RETURNING id`,
      [this.size, this.size - 1],
    );
    const segmentSize = this.segments.length > 1 ? this.segments[0][1] - this.segments[0][0] + 1 : 0;
    const task = await db.query<{ id: number }>(
      `INSERT INTO tasks (name, owner_id, assignee_id, data_id, overlap, segment_size)
       VALUES ('annotated', $1, $2, $3, $4, $5) RETURNING id`,
      [this.ownerId, this.assigneeId, data.rows[0].id, this.overlap, segmentSize],
    );
    const taskId = task.rows[0].id;
    const jobIds: number[] = [];
    for (const [start, stop] of this.segments) {
      const segment = await db.query<{ id: number }>(
        'INSERT INTO segments (task_id, start_frame, stop_frame) VALUES ($1, $2, $3) RETURNING id',
        [taskId, start, stop],
      );
      const job = await db.query<{ id: number }>('INSERT INTO jobs (segment_id) VALUES ($1) RETURNING id', [
        segment.rows[0].id,
      ]);
      jobIds.push(job.rows[0].id);
    }
    const labels = new Map<string, { id: number; attributes: Map<string, number> }>();
    for (const spec of this.labelSpecs) {
      const label = await db.query<{ id: number }>(
        `INSERT INTO labels (task_id, name, color) VALUES ($1, $2, '#000000') RETURNING id`,
        [taskId, spec.name],
      );
      const attributes = new Map<string, number>();
      for (const attribute of spec.attributes ?? []) {
        const row = await db.query<{ id: number }>(
          `INSERT INTO attribute_specs (label_id, name, mutable, input_type, default_value, values)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            label.rows[0].id,
            attribute.name,
            attribute.mutable,
            attribute.input_type ?? 'text',
            attribute.default_value ?? '',
            (attribute.values ?? []).join('\n'),
          ],
        );
        attributes.set(attribute.name, row.rows[0].id);
      }
      labels.set(spec.name, { id: label.rows[0].id, attributes });
    }
    return { taskId, jobIds, labels };
  }
}

export const anAnnotatedTask = (): AnnotatedTaskBuilder => new AnnotatedTaskBuilder();
