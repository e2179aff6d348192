import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../../auth/entities/user.entity.js';

/** A container of tasks; its owner and assignee pass their rights on to the tasks inside. */
@Entity({ name: 'projects' })
export class ProjectEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 256 })
  name!: string;

  /** Deleting a user keeps his projects, without owner. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  ownerId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity | null;

  @Index()
  @Column({ type: 'integer', nullable: true })
  assigneeId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  @Column({ type: 'varchar', length: 2000, default: '' })
  bugTracker!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdDate!: Date;

  /** Set at creation only: the reference does not refresh it when a project changes. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedDate!: Date;

  @Column({ type: 'varchar', length: 32, default: 'annotation' })
  status!: string;
}
