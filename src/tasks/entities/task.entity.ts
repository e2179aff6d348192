import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from '../../auth/entities/user.entity.js';
import { ProjectEntity } from './project.entity.js';

/**
 * A task: labels to annotate with, and (once media is attached) segments and jobs. The (column, id)
 * indexes serve both the filters and the orderings of the task list, in either direction; the
 * trigram index on the lower-case name, which TypeORM cannot declare, serves substring search and
 * is created by the migration.
 */
@Entity({ name: 'tasks' })
@Index('tasks_owner_id_id', ['ownerId', 'id'])
@Index('tasks_assignee_id_id', ['assigneeId', 'id'])
@Index('tasks_name_id', ['name', 'id'])
@Index('tasks_status_id', ['status', 'id'])
@Index('tasks_search_name_trgm', { synchronize: false })
export class TaskEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index()
  @Column({ type: 'integer', nullable: true })
  projectId!: number | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id' })
  project?: ProjectEntity | null;

  @Column({ type: 'varchar', length: 256 })
  name!: string;

  /**
   * The name in lower case, kept by PostgreSQL. Case-insensitive search compares it with LIKE,
   * several times cheaper per row than ILIKE on the name.
   */
  @Column({
    type: 'text',
    generatedType: 'STORED',
    asExpression: 'lower(name)',
    insert: false,
    update: false,
    select: false,
  })
  searchName!: string;

  /** Empty until media processing decides between `annotation` and `interpolation`. */
  @Column({ type: 'varchar', length: 32, default: '' })
  mode!: string;

  @Column({ type: 'integer', nullable: true })
  ownerId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id' })
  owner?: UserEntity | null;

  @Column({ type: 'integer', nullable: true })
  assigneeId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity | null;

  /**
   * Who created the task, whoever owns it: besides those who may change the task, the creator
   * may attach its media (spec/auth.md, the note on `POST /tasks/{id}/data`).
   */
  @Column({ type: 'integer', nullable: true })
  creatorId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'creator_id' })
  creator?: UserEntity | null;

  @Column({ type: 'varchar', length: 2000, default: '' })
  bugTracker!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdDate!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedDate!: Date;

  /** Write-once: null until media processing replaces it with the effective overlap. */
  @Column({ type: 'integer', nullable: true })
  overlap!: number | null;

  /** Write-once; 0 means one segment for the whole task. */
  @Column({ type: 'integer', default: 0 })
  segmentSize!: number;

  @Column({ type: 'varchar', length: 32, default: 'annotation' })
  status!: string;

  /** The media record, once media is attached; the media fields of the task are absent while null. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  dataId!: number | null;
}
