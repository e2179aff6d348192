import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import {
  NotFoundError,
  PermissionDeniedError,
  PlainMessageError,
} from '../../common/errors/domain-errors.js';
import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import { FileDerivedCache, type FileVersion } from '../../common/storage/file-derived-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { TaskDataEntity } from '../entities/task-data.entity.js';
import { RAW_DIR } from '../intake/task-data-intake.service.js';
import {
  ChunkSource,
  OutOfRangeError,
  type ChunkQuality,
  type MediaLocation,
} from '../pipeline/chunk-source.js';
import {
  MANIFEST_FILE,
  metaFrames,
  PREVIEW_FILE,
  readManifest,
  type FrameInfo,
  type MediaManifest,
} from '../pipeline/media-manifest.js';

export interface DataQuery {
  readonly type?: unknown;
  readonly number?: unknown;
  readonly quality?: unknown;
}

/** Bytes `start` to `end` of a body, both included, as HTTP ranges count them. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** One answer of `GET data`: a body to stream (or a small buffer) and its validators. */
export interface ServedData {
  readonly contentType: string;
  readonly etag: string;
  readonly length: number;
  /** The body, or the given range of it. */
  open(range?: ByteRange): Readable;
}

/** Parsed manifests of recently served tasks, up to this much manifest on disk (a few MB each for the largest). */
const MANIFEST_CACHE_BYTES = 64 * 2 ** 20;

export interface DataMetaDto {
  chunk_size: number | null;
  size: number;
  image_quality: number;
  start_frame: number;
  stop_frame: number;
  frame_filter: string;
  frames: FrameInfo[];
}

const TYPES = ['chunk', 'frame', 'preview'] as const;
type DataType = (typeof TYPES)[number];
const QUALITIES: readonly string[] = ['compressed', 'original'];
const FORBIDDEN = 'You do not have permission to perform this action.';

/** The first value of a query parameter that may be repeated. */
function single(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Python's `int()` on a query string: optional sign and surrounding blanks. */
function parseInteger(raw: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw.trim()) : undefined;
}

const qualityName = (quality: ChunkQuality) =>
  quality === 'original' ? 'Quality.ORIGINAL' : 'Quality.COMPRESSED';

/**
 * `GET /tasks/{id}/data` and `GET /tasks/{id}/data/meta` (data.md §10, §11): chunks, frames and
 * the preview of a task's prepared media, read through `ChunkSource` and the manifest.
 */
@Injectable()
export class TaskDataReader {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly policy: TaskAccessPolicy,
    private readonly chunks: ChunkSource,
  ) {}

  private readonly manifests = new FileDerivedCache<MediaManifest>({ fileBytes: MANIFEST_CACHE_BYTES });

  async data(requester: AuthenticatedUser, rawId: string, query: DataQuery): Promise<ServedData> {
    const type = single(query.type);
    if (!type || !(TYPES as readonly string[]).includes(type)) {
      throw new PlainMessageError('invalid', 'data type not specified or has wrong value');
    }
    const rawNumber = single(query.number);
    const rawQuality = single(query.quality);
    if (type !== 'preview') {
      if (rawNumber === undefined) throw new PlainMessageError('invalid', 'number not specified');
      if (rawQuality !== undefined && !QUALITIES.includes(rawQuality)) {
        throw new PlainMessageError('invalid', 'wrong quality value');
      }
    }
    const prefix = `cannot get requested data type: ${type}, number: ${rawNumber ?? 'None'}, quality: ${rawQuality ?? 'compressed'}`;
    const record = await this.authorizedData(requester, rawId, true);

    const quality: ChunkQuality = rawQuality === 'original' ? 'original' : 'compressed';
    let number = 0;
    if (type !== 'preview') {
      const parsed = parseInteger(rawNumber ?? '');
      if (parsed === undefined) {
        throw new PlainMessageError(
          'invalid',
          `${prefix}\ninvalid literal for int() with base 10: '${rawNumber}'`,
        );
      }
      number = parsed;
    }
    if (!record?.manifestPath) throw new PlainMessageError('invalid', `${prefix}\nThe task has no media`);

    const location = this.location(record.id);
    try {
      const manifest = await this.manifest(location.dataDir);
      return await this.serve(type as DataType, location, manifest, quality, number);
    } catch (error) {
      if (error instanceof OutOfRangeError) {
        const range = `cannot get requested data type: ${type}, number: ${number}, quality: ${qualityName(quality)}`;
        const reason =
          type === 'chunk' ? 'requested chunk does not exist' : `Incorrect requested frame number: ${number}`;
        throw new PlainMessageError('invalid', `${range}\n${reason}`);
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PlainMessageError('invalid', `${prefix}\nThe media files of the task are missing`);
      }
      throw error;
    }
  }

  async meta(requester: AuthenticatedUser, rawId: string): Promise<DataMetaDto> {
    const record = await this.authorizedData(requester, rawId, false);
    if (!record?.manifestPath) {
      return {
        chunk_size: null,
        size: 0,
        image_quality: 50,
        start_frame: 0,
        stop_frame: 0,
        frame_filter: '',
        frames: [],
      };
    }
    const manifest = await this.manifest(this.location(record.id).dataDir);
    return {
      chunk_size: manifest.chunkSize,
      size: manifest.size,
      image_quality: manifest.imageQuality,
      start_frame: manifest.startFrame,
      stop_frame: manifest.stopFrame,
      frame_filter: manifest.frameFilter,
      frames: metaFrames(manifest),
    };
  }

  /** Loads the task and its media record; 404 for no task, 403 (bare string if asked) without access. */
  private async authorizedData(
    requester: AuthenticatedUser,
    rawId: string,
    plainForbidden: boolean,
  ): Promise<TaskDataEntity | null> {
    const taskId = parseObjectId(rawId);
    return this.unitOfWork.run(async (manager) => {
      const task = await loadTaskForAccess(manager, taskId);
      if (!task) throw new NotFoundError();
      try {
        this.policy.authorize(requester, 'task.access', this.policy.taskRelations(requester, task.facts));
      } catch (error) {
        if (plainForbidden && error instanceof PermissionDeniedError) {
          throw new PlainMessageError('forbidden', FORBIDDEN);
        }
        throw error;
      }
      return task.dataId === null ? null : manager.findOneBy(TaskDataEntity, { id: task.dataId });
    });
  }

  /** The task's manifest, parsed once while its file stays the same. */
  private async manifest(dataDir: string): Promise<MediaManifest> {
    const path = join(dataDir, MANIFEST_FILE);
    return this.manifests.get(path, await stat(path), () => readManifest(dataDir));
  }

  private location(dataId: number): MediaLocation {
    const dataDir = resolveInside(dataPaths(this.config).data, String(dataId));
    return { cacheKey: String(dataId), dataDir, uploadDir: join(dataDir, RAW_DIR) };
  }

  private async serve(
    type: DataType,
    location: MediaLocation,
    manifest: MediaManifest,
    quality: ChunkQuality,
    number: number,
  ): Promise<ServedData> {
    if (type === 'frame') {
      const frame = await this.chunks.frame(location, manifest, quality, number);
      if (frame.kind === 'bytes') {
        const { body, contentType } = frame;
        const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
        return {
          contentType,
          etag,
          length: body.length,
          open: (range) => Readable.from([range ? body.subarray(range.start, range.end + 1) : body]),
        };
      }
      const { path, version, start, length, contentType } = frame;
      return {
        contentType,
        etag: `"${fileTag(version)}-${start.toString(16)}"`,
        length,
        open: (range) =>
          createReadStream(path, {
            start: start + (range?.start ?? 0),
            end: start + (range?.end ?? length - 1),
          }),
      };
    }
    const file =
      type === 'chunk'
        ? await this.chunks.chunk(location, manifest, quality, number)
        : { path: join(location.dataDir, PREVIEW_FILE), contentType: 'image/jpeg' };
    const info = await stat(file.path);
    return {
      contentType: file.contentType,
      etag: `"${fileTag(info)}"`,
      length: info.size,
      open: (range) => createReadStream(file.path, range),
    };
  }
}

/** A validator that changes whenever the file is rewritten. */
function fileTag(version: FileVersion): string {
  return `${version.size.toString(16)}-${Math.floor(version.mtimeMs).toString(16)}`;
}
