import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

import { TaskEntity } from './task.entity.js';

/** A label of a task. Labels are matched by name and never renamed or deleted through the API. */
@Entity({ name: 'labels' })
@Unique('labels_task_name_unique', ['taskId', 'name'])
export class LabelEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'integer' })
  taskId!: number;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** `#rrggbb`. */
  @Column({ type: 'varchar', length: 7 })
  color!: string;
}
