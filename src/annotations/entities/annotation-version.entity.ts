import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

import { JobEntity } from '../../tasks/entities/job.entity.js';

/**
 * The annotation version of a job: 0 before the first write, one more after every write. The row
 * is made on a job's first write and locked by every write, which orders writes to one job.
 */
@Entity({ name: 'annotation_versions' })
export class AnnotationVersionEntity {
  @PrimaryColumn({ type: 'integer' })
  jobId!: number;

  @OneToOne(() => JobEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: JobEntity;

  @Column({ type: 'integer', default: 0 })
  version!: number;
}
