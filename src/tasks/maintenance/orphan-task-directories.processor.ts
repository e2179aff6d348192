import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';

import type { JobPayload } from '../../queue/job-catalogue.js';
import { HandlesJob, JobProcessor } from '../../queue/job-handler.decorator.js';
import { TaskDirectories } from '../storage/task-directories.js';

type Payload = JobPayload<'maintenance', 'remove-orphan-task-directories'>;

/**
 * Removes task directories whose task is gone. Files are removed only after a deletion commits, so
 * a crash in between leaves such directories; young ones are spared, because a task being created
 * has its directory before its row is visible to other transactions.
 */
@JobProcessor('maintenance')
export class OrphanTaskDirectoriesProcessor {
  private readonly logger = new Logger(OrphanTaskDirectoriesProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly directories: TaskDirectories,
  ) {}

  @HandlesJob('maintenance', 'remove-orphan-task-directories')
  async removeOrphans(job: Job<Payload>): Promise<{ removed: number }> {
    const cutoff = Date.now() - job.data.olderThanSeconds * 1000;
    const candidates = (await this.directories.list()).filter((entry) => entry.modifiedAt.getTime() < cutoff);
    const rows = await this.dataSource.query<Array<{ id: number }>>(
      'SELECT id FROM tasks WHERE id = ANY($1::int[])',
      [candidates.map((entry) => entry.taskId).filter((id) => id <= 2_147_483_647)],
    );
    const existing = new Set(rows.map((row) => row.id));
    const orphans = candidates.filter((entry) => !existing.has(entry.taskId));

    for (const [index, orphan] of orphans.entries()) {
      await this.directories.remove(orphan.path);
      await job.progress(Math.round(((index + 1) / orphans.length) * 100));
    }
    if (orphans.length > 0) {
      this.logger.log({ removed: orphans.map((orphan) => orphan.taskId) }, 'Removed orphan task directories');
    }
    return { removed: orphans.length };
  }
}
