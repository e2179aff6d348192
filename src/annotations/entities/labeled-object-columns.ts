import { Column, PrimaryGeneratedColumn } from 'typeorm';

import type { AttributeValue } from '../document/annotation-document.js';

/**
 * Storage choices shared by every annotation table, decided by measurement on 100,000 shapes with
 * two attributes each (PostgreSQL 15, COPY in, rows built as JSON by PostgreSQL and streamed out):
 *
 * - Attribute values live in a `jsonb` column of the object's row, as the list the API exchanges.
 *   A separate value table took about 1.3x the time to write and 2x to read (one aggregate per
 *   object); parallel `int[]`/`text[]` columns wrote as fast but read 1.5-2x slower.
 * - `points` are `double precision[]`: JavaScript numbers go in and come out unchanged, where
 *   `real` would round coordinates to 7 digits.
 * - No foreign keys on these rows: PostgreSQL checks a foreign key with one query per inserted
 *   row, which tripled the time of a 100,000-row COPY (two keys: 0.8 s to 3 s). Writers check the
 *   job and the labels once per request instead, and a trigger on `jobs` (see the Annotations
 *   migration) deletes a job's rows with the job, so that none outlive their task.
 * - Rows are only ever written with COPY and deleted by job or by id (see annotation-writer.ts);
 *   these entities exist for the schema and its migrations, not for `save()`.
 */
export abstract class LabeledObjectColumns {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  jobId!: number;

  @Column({ type: 'integer' })
  frame!: number;

  @Column({ type: 'integer' })
  labelId!: number;

  @Column({ type: 'integer', nullable: true })
  group!: number | null;

  @Column({ type: 'varchar', length: 16, default: 'manual' })
  source!: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  attributes!: AttributeValue[];
}

/** The geometry columns of shapes and track keyframes. */
export abstract class GeometryColumns {
  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'boolean' })
  occluded!: boolean;

  @Column({ type: 'integer', default: 0 })
  zOrder!: number;

  @Column({ type: 'double precision', array: true })
  points!: number[];
}
