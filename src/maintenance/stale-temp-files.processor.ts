import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';

import { dataPaths } from '../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { JobPayload } from '../queue/job-catalogue.js';
import { HandlesJob, JobProcessor } from '../queue/job-handler.decorator.js';

type Payload = JobPayload<'maintenance', 'remove-stale-temp-files'>;

/** Uploads are staged under DATA_ROOT/tmp; a crash can leave them behind, so old ones are removed. */
@JobProcessor('maintenance')
export class StaleTempFilesProcessor {
  private readonly logger = new Logger(StaleTempFilesProcessor.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @HandlesJob('maintenance', 'remove-stale-temp-files')
  async removeStaleTempFiles(job: Job<Payload>): Promise<{ removed: number }> {
    const tmp = dataPaths(this.config).tmp;
    const cutoff = Date.now() - job.data.olderThanSeconds * 1000;
    const entries = await readdir(tmp).catch(() => [] as string[]);

    let removed = 0;
    for (const [index, entry] of entries.entries()) {
      const path = join(tmp, entry);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) {
        await rm(path, { recursive: true, force: true });
        removed += 1;
      }
      await job.progress(Math.round(((index + 1) / entries.length) * 100));
    }
    if (removed > 0) this.logger.log({ removed }, 'Removed stale temporary files');
    return { removed };
  }
}
