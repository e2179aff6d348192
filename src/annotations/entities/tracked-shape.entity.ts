import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { AttributeValue } from '../document/annotation-document.js';
import { GeometryColumns } from './labeled-object-columns.js';

/**
 * A keyframe of a track. It carries its job as well as its track so that a job's keyframes are
 * deleted and read with one index scan, without a join through the tracks. Like the other
 * annotation rows it has no foreign keys (see labeled-object-columns.ts): writers delete a track's
 * keyframes with the track.
 */
@Entity({ name: 'tracked_shapes' })
@Index('tracked_shapes_track_frame', ['trackId', 'frame'])
@Index('tracked_shapes_job', ['jobId'])
export class TrackedShapeEntity extends GeometryColumns {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  trackId!: number;

  /** The track's job, kept here for job-wide deletes and reads. */
  @Column({ type: 'integer' })
  jobId!: number;

  @Column({ type: 'integer' })
  frame!: number;

  @Column({ type: 'boolean' })
  outside!: boolean;

  /** The mutable attributes of this keyframe. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  attributes!: AttributeValue[];
}
