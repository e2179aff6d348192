import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { TaskEntity } from './task.entity.js';

/** A frame range of a task, inclusive at both ends; written by media processing. */
@Entity({ name: 'segments' })
export class SegmentEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer' })
  taskId!: number;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ type: 'integer' })
  startFrame!: number;

  @Column({ type: 'integer' })
  stopFrame!: number;
}
