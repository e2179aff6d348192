import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import {
  FieldValidationError,
  NotFoundError,
  PermissionDeniedError,
  RequestRejectedError,
} from '../../common/errors/domain-errors.js';
import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import { normaliseSharePath } from '../../common/storage/share-paths.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { JobQueue } from '../../queue/job-queue.service.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { TaskTouch } from '../../tasks/tasks/task-touch.service.js';
import { TaskDataEntity } from '../entities/task-data.entity.js';
import { frameStep } from '../frames/frame-selection.js';
import { readDataRequest, type DataRequest } from './data-request.js';
import { taskDataJobId } from './task-data-job.js';
import { stageUpload } from './upload-stager.js';

const MB = 2 ** 20;
export const RAW_DIR = 'raw';
const ADDING_NOT_SUPPORTED = 'Adding more data is not supported';

/** The 202 body of `POST /tasks/{id}/data` (data.md §2): the data record as requested. */
export interface DataRecordDto {
  chunk_size: number | null;
  size: number;
  image_quality: number;
  start_frame: number;
  stop_frame: number;
  frame_filter: string;
  compressed_chunk_type: string;
  original_chunk_type: string;
  client_files: string[];
  server_files: string[];
  remote_files: string[];
  use_zip_chunks: boolean;
  use_cache: boolean;
}

/**
 * `POST /tasks/{id}/data`: checks access (who may change the task, or its creator: spec/auth.md),
 * stages the uploaded files, validates the options, then
 * in one transaction creates the data record, attaches it to the task and moves the files to
 * DATA_ROOT/data/<data id>/raw/; the processing job is queued once that has committed.
 */
@Injectable()
export class TaskDataIntake {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly touch: TaskTouch,
    private readonly queue: JobQueue,
  ) {}

  async attach(requester: AuthenticatedUser, rawId: string, request: FastifyRequest): Promise<DataRecordDto> {
    const taskId = parseObjectId(rawId);
    await this.unitOfWork.run(async (manager) => this.checkTask(requester, manager, taskId, false));

    const paths = dataPaths(this.config);
    const upload = await stageUpload(request, paths.tmp, {
      maxTotalBytes: this.config.uploadMaxTotalMb * MB,
    });
    let options: DataRequest;
    let clientFiles: string[];
    let dataId: number;
    try {
      options = readDataRequest(upload.fields);
      // Downloads replace uploads (data.md §3): the uploaded files are not kept.
      clientFiles = options.remoteFiles.length > 0 ? [] : upload.files;
      checkNoClash(clientFiles, options.serverFiles);
      dataId = await this.unitOfWork.run(async (manager) => {
        await this.checkTask(requester, manager, taskId, true);
        const record = manager.create(TaskDataEntity, {
          imageQuality: options.imageQuality,
          chunkSize: options.chunkSize ?? null,
          startFrame: options.startFrame ?? 0,
          stopFrame: options.stopFrame ?? null,
          step: frameStep(options.frameFilter),
          frameFilter: options.frameFilter ?? '',
          useZipChunks: options.useZipChunks,
          useCache: options.useCache,
          serverFiles: options.serverFiles,
          remoteFiles: options.remoteFiles,
        });
        const { id } = await manager.save(record);
        await manager.query('UPDATE tasks SET data_id = $1 WHERE id = $2', [id, taskId]);
        await this.touch.touch(manager, taskId);
        const dataDir = resolveInside(paths.data, String(id));
        await mkdir(dataDir, { recursive: true });
        if (clientFiles.length > 0) await rename(upload.dir, join(dataDir, RAW_DIR));
        else await mkdir(join(dataDir, RAW_DIR), { recursive: true });
        return id;
      });
    } finally {
      await upload.discard();
    }
    await this.queue.add('media', 'create-task-data', { taskId, dataId }, { jobId: taskDataJobId(taskId) });
    return toDataRecordDto(options, clientFiles);
  }

  private async checkTask(
    requester: AuthenticatedUser,
    manager: EntityManager,
    taskId: number,
    lock: boolean,
  ): Promise<void> {
    const task = await loadTaskForAccess(manager, taskId, { lock });
    if (!task) throw new NotFoundError();
    const relations = this.policy.taskRelations(requester, task.facts);
    if (!this.policy.allows(requester, 'task.change', relations)) {
      const [row] = await manager.query<{ creator_id: number | null }[]>(
        'SELECT creator_id FROM tasks WHERE id = $1',
        [taskId],
      );
      if (row?.creator_id !== requester.id) throw new PermissionDeniedError();
    }
    if (task.dataId !== null) throw new RequestRejectedError([ADDING_NOT_SUPPORTED]);
  }
}

/**
 * Share files are copied under their share path next to the uploads, so an upload may not have
 * the name of a share path's first component: one would overwrite the other.
 */
function checkNoClash(clientFiles: readonly string[], serverFiles: readonly string[]): void {
  const uploaded = new Set(clientFiles);
  const clash = serverFiles.find((path) => uploaded.has(normaliseSharePath(path).split('/')[0]));
  if (clash !== undefined) {
    throw FieldValidationError.of('server_files', `${clash} has the same name as an uploaded file`);
  }
}

function toDataRecordDto(options: DataRequest, clientFiles: string[]): DataRecordDto {
  return {
    chunk_size: options.chunkSize ?? null,
    size: 0,
    image_quality: options.imageQuality,
    start_frame: options.startFrame ?? 0,
    stop_frame: options.stopFrame ?? 0,
    frame_filter: options.frameFilter ?? '',
    compressed_chunk_type: 'imageset',
    original_chunk_type: 'imageset',
    client_files: clientFiles,
    server_files: options.serverFiles,
    remote_files: options.remoteFiles,
    use_zip_chunks: options.useZipChunks,
    use_cache: options.useCache,
  };
}
