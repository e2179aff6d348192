import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../../auth/entities/user.entity.js';
import { SegmentEntity } from './segment.entity.js';

/** The unit of annotation work: exactly one per segment. Its assignee gains access to the task. */
@Entity({ name: 'jobs' })
export class JobEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  segmentId!: number;

  @ManyToOne(() => SegmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'segment_id' })
  segment?: SegmentEntity;

  @Index()
  @Column({ type: 'integer', nullable: true })
  assigneeId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'varchar', length: 32, default: 'annotation' })
  status!: string;
}
