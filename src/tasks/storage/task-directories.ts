import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable, Logger } from '@nestjs/common';

import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export interface TaskDirectoryEntry {
  readonly taskId: number;
  readonly path: string;
  readonly modifiedAt: Date;
}

/**
 * The per-task directories under DATA_ROOT/tasks/<id>/ (logs, export artefacts). They are created
 * inside the creating transaction and removed only after the deleting one commits, so a task
 * never points at a missing directory; a crash in between leaves an orphan directory, which
 * the maintenance job removes.
 */
@Injectable()
export class TaskDirectories {
  private readonly logger = new Logger(TaskDirectories.name);
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = dataPaths(config).tasks;
  }

  pathOf(taskId: number): string {
    return resolveInside(this.root, String(taskId));
  }

  async create(taskId: number): Promise<void> {
    const path = this.pathOf(taskId);
    await mkdir(join(path, 'artifacts'), { recursive: true });
    await mkdir(join(path, 'logs'), { recursive: true });
  }

  /** Removes task directories and other paths, logging failures: what stays is left to the cleanup job. */
  async discard(taskIds: readonly number[], otherPaths: readonly string[] = []): Promise<void> {
    const paths = [...taskIds.map((taskId) => this.pathOf(taskId)), ...otherPaths];
    const results = await Promise.allSettled(paths.map((path) => rm(path, { recursive: true, force: true })));
    const failed = paths.filter((_, index) => results[index].status === 'rejected');
    if (failed.length > 0) this.logger.warn({ paths: failed }, 'Could not remove the files of deleted tasks');
  }

  /** Every directory named like a task id, with its modification time. */
  async list(): Promise<TaskDirectoryEntry[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const entries: TaskDirectoryEntry[] = [];
    for (const name of names) {
      if (!/^\d{1,10}$/.test(name)) continue;
      const path = join(this.root, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) entries.push({ taskId: Number(name), path, modifiedAt: info.mtime });
    }
    return entries;
  }

  async remove(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }
}
