import type { Readable } from 'node:stream';

/** The top-level areas of the storage root (DESIGN.md, storage layout). */
export type StorageArea = 'data' | 'tasks' | 'cache' | 'tmp';
export const STORAGE_AREAS: readonly StorageArea[] = ['data', 'tasks', 'cache', 'tmp'];

export interface StoredObject {
  readonly size: number;
  readonly modifiedAt: Date;
}

export interface ByteRange {
  readonly start: number;
  /** Inclusive, as in HTTP ranges. */
  readonly end: number;
}

/**
 * Where media, chunks, previews and artefacts live. Keys are `/`-separated paths inside an area and
 * may come from user input: implementations refuse any key that leaves its area. Writes are atomic:
 * readers see the old object or the complete new one, never a partial file.
 */
export abstract class StorageAdapter {
  /** A local path for programs that need one (ffmpeg, sendfile); the local driver's own file. */
  abstract localPath(area: StorageArea, key: string): string;

  abstract stat(area: StorageArea, key: string): Promise<StoredObject | undefined>;

  abstract read(area: StorageArea, key: string, range?: ByteRange): Promise<Readable>;

  /** Writes a stream or buffer under `key`; returns the bytes written. */
  abstract write(area: StorageArea, key: string, content: Readable | Buffer): Promise<number>;

  /** Moves a finished local file (made with `temporaryPath`) under `key` in one step. */
  abstract commit(area: StorageArea, key: string, localFile: string): Promise<number>;

  /** A fresh local path next to `key`, for a program to write before `commit`. */
  abstract temporaryPath(area: StorageArea, key: string): Promise<string>;

  /** Removes an object or a whole tree; missing keys are fine. */
  abstract remove(area: StorageArea, key: string): Promise<void>;

  /** Bytes held in an area, for metrics and cache limits. */
  abstract usage(area: StorageArea): Promise<number>;
}
