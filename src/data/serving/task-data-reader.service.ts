import { stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';

import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import {
  NotFoundError,
  PermissionDeniedError,
  PlainMessageError,
} from '../../common/errors/domain-errors.js';
import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import type { FileVersion } from '../../common/storage/file-derived-cache.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { loadTaskForAccess } from '../../tasks/access/access-facts.reader.js';
import { TaskAccessPolicy } from '../../tasks/access/task-access.policy.js';
import { parseObjectId } from '../../common/http/object-id.js';
import { fileBody } from './file-body.js';
import { RAW_DIR } from '../intake/task-data-intake.service.js';
import {
  ChunkSource,
  OutOfRangeError,
  type ChunkQuality,
  type MediaLocation,
} from '../pipeline/chunk-source.js';
import {
  metaFrames,
  readSizedManifest,
  PREVIEW_FILE,
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
  /** The body, or the given range of it: bytes when small, a stream from disk otherwise. */
  read(range?: ByteRange): Promise<Buffer | Readable>;
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

  private readonly manifests = new LRUCache<number, { manifest: MediaManifest; bytes: number }>({
    maxSize: MANIFEST_CACHE_BYTES,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
  });

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
    const dataId = await this.preparedDataId(requester, rawId, true);

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
    if (dataId === undefined) throw new PlainMessageError('invalid', `${prefix}\nThe task has no media`);

    const location = this.location(dataId);
    try {
      const manifest = await this.manifest(dataId, location.dataDir);
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
    const dataId = await this.preparedDataId(requester, rawId, false);
    if (dataId === undefined) {
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
    const manifest = await this.manifest(dataId, this.location(dataId).dataDir);
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

  /**
   * The data id of the task when its media is prepared, undefined when it has none (yet); 404 for
   * no task, 403 (a bare string if asked) without access. One query when the manifest is known:
   * a frame request is the UI's most frequent, and prepared media never changes.
   */
  private async preparedDataId(
    requester: AuthenticatedUser,
    rawId: string,
    plainForbidden: boolean,
  ): Promise<number | undefined> {
    const taskId = parseObjectId(rawId);
    return this.unitOfWork.read(async (manager) => {
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
      if (task.dataId === null) return undefined;
      if (this.manifests.has(task.dataId)) return task.dataId;
      const rows = await manager.query<Array<{ manifest_path: string | null }>>(
        'SELECT manifest_path FROM task_data WHERE id = $1',
        [task.dataId],
      );
      return rows[0]?.manifest_path ? task.dataId : undefined;
    });
  }

  /**
   * The manifest of prepared media, parsed once: it is written before the media counts as
   * prepared and never rewritten, and data ids are never reused.
   */
  private async manifest(dataId: number, dataDir: string): Promise<MediaManifest> {
    const known = this.manifests.get(dataId);
    if (known) return known.manifest;
    const read = await readSizedManifest(dataDir);
    this.manifests.set(dataId, read);
    return read.manifest;
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
          read: (range) => Promise.resolve(range ? body.subarray(range.start, range.end + 1) : body),
        };
      }
      const { path, version, start, length, contentType } = frame;
      return {
        contentType,
        etag: `"${fileTag(version)}-${start.toString(16)}"`,
        length,
        read: spanReader(path, start, length),
      };
    }
    const file =
      type === 'chunk'
        ? await this.chunks.chunk(location, manifest, quality, number)
        : { path: join(location.dataDir, PREVIEW_FILE), contentType: 'image/jpeg' };
    const version = 'version' in file ? file.version : await stat(file.path);
    return {
      contentType: file.contentType,
      etag: `"${fileTag(version)}"`,
      length: version.size,
      read: spanReader(file.path, 0, version.size),
    };
  }
}

/** Reads `length` bytes of a file from `start`, or the asked range of them. */
function spanReader(path: string, start: number, length: number): ServedData['read'] {
  return (range) =>
    range ? fileBody(path, start + range.start, range.end - range.start + 1) : fileBody(path, start, length);
}

/** A validator that changes whenever the file is rewritten. */
function fileTag(version: FileVersion): string {
  return `${version.size.toString(16)}-${Math.floor(version.mtimeMs).toString(16)}`;
}
