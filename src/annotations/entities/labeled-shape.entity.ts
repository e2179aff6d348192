import { Column, Entity, Index } from 'typeorm';

import { LabeledObjectColumns } from './labeled-object-columns.js';

/** One object on one frame. Read in frame order per job, hence the index. */
@Entity({ name: 'labeled_shapes' })
@Index('labeled_shapes_job_frame', ['jobId', 'frame', 'id'])
export class LabeledShapeEntity extends LabeledObjectColumns {
  // Geometry is repeated here rather than mixed in: TypeORM inherits columns from one base only.
  @Column({ type: 'varchar', length: 16 })
  type!: string;

  @Column({ type: 'boolean' })
  occluded!: boolean;

  @Column({ type: 'integer', default: 0 })
  zOrder!: number;

  @Column({ type: 'double precision', array: true })
  points!: number[];
}
