import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type { EntityManager } from 'typeorm';

import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { withoutUrlQueries } from '../../logging/redaction.js';
import type { JobPayload } from '../../queue/job-catalogue.js';
import { HandlesJob, JobProcessor } from '../../queue/job-handler.decorator.js';
import { TaskTouch } from '../../tasks/tasks/task-touch.service.js';
import { TaskDataEntity } from '../entities/task-data.entity.js';
import { planSegments, type TaskMode } from '../frames/segments.js';
import { RAW_DIR } from '../intake/task-data-intake.service.js';
import { failureStatusMessage, MediaFailure } from '../media-failure.js';
import {
  COMPRESSED_DIR,
  MANIFEST_FILE,
  ORIGINAL_DIR,
  PREVIEW_FILE,
  type MediaManifest,
} from '../pipeline/media-manifest.js';
import { MediaPreparer } from '../pipeline/prepare-media.js';
import { progressMessage } from '../pipeline/progress.js';
import { TaskSourceFetcher } from '../sources/task-sources.js';

type Payload = JobPayload<'media', 'create-task-data'>;

/** What `GET /tasks/{id}/status` shows while the job runs. */
export interface TaskDataProgress {
  readonly message: string;
}

const SAVING_MESSAGE = 'Task is being saved in database';

/** Everything processing writes into a data directory; `raw/` holds the uploads and stays. */
const OUTPUTS = [COMPRESSED_DIR, ORIGINAL_DIR, PREVIEW_FILE, MANIFEST_FILE];

interface TaskRow {
  segment_size: number;
  overlap: number | null;
}

/**
 * Processes the media of a task (data.md §9): downloads and share files are fetched next to the
 * uploads by `TaskSourceFetcher`, then chunks, preview and manifest are made by `MediaPreparer`,
 * then in one transaction the effective media fields, the segments with one job each, and the
 * task's mode. A retry starts from the uploads alone; a failure removes every file the job wrote
 * and leaves the task at size 0 without segments, the status carrying the failure text.
 */
@JobProcessor('media')
export class TaskDataProcessor {
  private readonly logger = new Logger(TaskDataProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly preparer: MediaPreparer,
    private readonly sources: TaskSourceFetcher,
    private readonly touch: TaskTouch,
  ) {}

  @HandlesJob('media', 'create-task-data')
  async createTaskData(job: Job<Payload>): Promise<void> {
    const { taskId, dataId } = job.data;
    const dataDir = resolveInside(dataPaths(this.config).data, String(dataId));
    const record = await this.unitOfWork.run((manager) => manager.findOneBy(TaskDataEntity, { id: dataId }));
    if (!record) {
      this.logger.warn({ taskId, dataId }, 'The data record of a queued task is gone; nothing to do');
      return;
    }
    await removeOutputs(dataDir);
    const report = (message: string) => {
      void job.progress({ message } satisfies TaskDataProgress).catch(() => undefined);
    };
    const uploadDir = join(dataDir, RAW_DIR);
    const started = performance.now();
    const queuedMs = job.processedOn ? job.processedOn - job.timestamp : undefined;
    try {
      const entries = await this.sources.fetch(record, uploadDir, report);
      const fetched = performance.now();
      let tick = 0;
      const manifest = await this.preparer.prepare(
        { uploadDir, entries, outputDir: dataDir },
        {
          imageQuality: record.imageQuality,
          chunkSize: record.chunkSize ?? undefined,
          startFrame: record.startFrame,
          stopFrame: record.stopFrame ?? undefined,
          frameFilter: record.frameFilter || undefined,
          useZipChunks: record.useZipChunks,
          useCache: record.useCache && this.config.chunkCacheEnabled,
        },
        (progress) => report(progressMessage(progress, tick++)),
      );
      report(SAVING_MESSAGE);
      const prepared = performance.now();
      await this.unitOfWork.run((manager) => this.save(manager, taskId, dataId, manifest));
      // Where the time of a task went, for operators comparing runs.
      this.logger.log(
        {
          taskId,
          dataId,
          frames: manifest.size,
          queuedMs,
          fetchMs: Math.round(fetched - started),
          prepareMs: Math.round(prepared - fetched),
          saveMs: Math.round(performance.now() - prepared),
        },
        'Task media prepared',
      );
    } catch (error) {
      await removeOutputs(dataDir);
      await this.sources.discard(record, uploadDir);
      if (error instanceof MediaFailure) {
        // The uploader's problem, shown in the task's status; only the URLs in it need care.
        this.logger.warn({ taskId, dataId, reason: withoutUrlQueries(error.message) }, 'Task media failed');
      } else {
        this.logger.error({ err: error, taskId, dataId }, 'Task media processing failed unexpectedly');
      }
      const message = failureStatusMessage(error);
      await this.recordFailure(taskId, dataId, message);
      throw new Error(message);
    }
  }

  /** Best effort: the queue still carries the message if the database cannot take it now. */
  private async recordFailure(taskId: number, dataId: number, message: string): Promise<void> {
    try {
      await this.unitOfWork.run((manager) =>
        manager.update(TaskDataEntity, dataId, { failureMessage: message }),
      );
    } catch (error) {
      this.logger.warn({ err: error, taskId, dataId }, 'Could not record the failure of task media');
    }
  }

  private async save(
    manager: EntityManager,
    taskId: number,
    dataId: number,
    manifest: MediaManifest,
  ): Promise<void> {
    const [task] = await manager.query<TaskRow[]>(
      'SELECT segment_size, overlap FROM tasks WHERE id = $1 FOR UPDATE',
      [taskId],
    );
    if (!task) return;
    await manager.update(TaskDataEntity, dataId, {
      failureMessage: null,
      chunkSize: manifest.chunkSize,
      size: manifest.size,
      startFrame: manifest.startFrame,
      stopFrame: manifest.stopFrame,
      step: manifest.step,
      frameFilter: manifest.frameFilter,
      compressedChunkType: manifest.compressedChunkType,
      originalChunkType: manifest.originalChunkType,
      storageMethod: manifest.storage,
      manifestPath: MANIFEST_FILE,
    });
    const mode: TaskMode = manifest.mode;
    const plan = planSegments({
      size: manifest.size,
      segmentSize: task.segment_size,
      overlap: task.overlap,
      mode,
    });
    await manager.query('DELETE FROM segments WHERE task_id = $1', [taskId]);
    if (plan.segments.length > 0) {
      const values = plan.segments.map((_, index) => `($1, $${index * 2 + 2}, $${index * 2 + 3})`);
      const segmentIds = await manager.query<{ id: number }[]>(
        `INSERT INTO segments (task_id, start_frame, stop_frame) VALUES ${values.join(', ')} RETURNING id`,
        [taskId, ...plan.segments.flatMap((segment) => [segment.startFrame, segment.stopFrame])],
      );
      await manager.query(`INSERT INTO jobs (segment_id) SELECT unnest($1::int[])`, [
        segmentIds.map((row) => row.id),
      ]);
    }
    await manager.query('UPDATE tasks SET mode = $1, overlap = $2 WHERE id = $3', [
      mode,
      plan.overlap,
      taskId,
    ]);
    await this.touch.touch(manager, taskId);
  }
}

async function removeOutputs(dataDir: string): Promise<void> {
  await Promise.all(OUTPUTS.map((name) => rm(join(dataDir, name), { recursive: true, force: true })));
}
