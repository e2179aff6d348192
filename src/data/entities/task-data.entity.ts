import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The media of a task (spec/data.md): the options of `POST /tasks/{id}/data` as requested, and,
 * once processing has finished, what it produced. Files live under DATA_ROOT/data/<id>/.
 */
@Entity({ name: 'task_data' })
export class TaskDataEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'smallint' })
  imageQuality!: number;

  /** As requested until processing fills in the effective value; null means computed. */
  @Column({ type: 'integer', nullable: true })
  chunkSize!: number | null;

  /** 0 until processing finishes. */
  @Column({ type: 'integer', default: 0 })
  size!: number;

  @Column({ type: 'integer', default: 0 })
  startFrame!: number;

  /** Null until processing when the request gave none. */
  @Column({ type: 'integer', nullable: true })
  stopFrame!: number | null;

  @Column({ type: 'integer', default: 1 })
  step!: number;

  @Column({ type: 'varchar', length: 256, default: '' })
  frameFilter!: string;

  @Column({ type: 'varchar', length: 32, default: 'imageset' })
  compressedChunkType!: string;

  @Column({ type: 'varchar', length: 32, default: 'imageset' })
  originalChunkType!: string;

  @Column({ type: 'boolean', default: false })
  useZipChunks!: boolean;

  @Column({ type: 'boolean', default: false })
  useCache!: boolean;

  /** `server_files` as requested: paths in the share that the worker copies into `raw/`. */
  @Column({ type: 'text', array: true, default: '{}' })
  serverFiles!: string[];

  /** `remote_files` as requested: URLs that the worker downloads into `raw/`. */
  @Column({ type: 'text', array: true, default: '{}' })
  remoteFiles!: string[];

  /** `prepared` or `on-the-fly`, known once processing finishes. */
  @Column({ type: 'varchar', length: 32, default: 'prepared' })
  storageMethod!: string;

  /** Relative to the data directory; null until processing finishes. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  manifestPath!: string | null;

  /**
   * Why processing failed, kept here as well as in the queue: the queue forgets old jobs, and the
   * task's status must still say why it has no media.
   */
  @Column({ type: 'text', nullable: true })
  failureMessage!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdDate!: Date;
}
