import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { Logger } from '@nestjs/common';

import { StorageAdapter } from './storage-adapter.js';

export interface CachedChunk {
  readonly key: string;
  /** A local file to stream; it may be evicted later, so open it right away. */
  readonly path: string;
  readonly size: number;
}

/** Writes a chunk to `path`; the cache moves it into place once complete. */
export type ChunkBuilder = (path: string) => Promise<void>;

/**
 * The on-the-fly chunk cache (data.md §7.4): chunks built on first request and kept in the `cache`
 * storage area, least recently used evicted first once the total passes `maxBytes`. Concurrent
 * requests for a chunk that is missing build it once and share the result. Recency lives in this
 * process; on start it is seeded from the files' modification times.
 */
export class ChunkCache {
  private readonly logger = new Logger(ChunkCache.name);
  /** Key → size, in recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, number>();
  private readonly building = new Map<string, Promise<CachedChunk>>();
  private totalBytes = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly storage: StorageAdapter,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.totalBytes;
  }

  async get(key: string, build: ChunkBuilder): Promise<CachedChunk> {
    await (this.loading ??= this.load());
    const size = this.entries.get(key);
    if (size !== undefined && (await this.storage.stat('cache', key))) {
      this.touch(key, size);
      return { key, path: this.storage.localPath('cache', key), size };
    }
    if (size !== undefined) this.forget(key);

    let pending = this.building.get(key);
    if (!pending) {
      pending = this.build(key, build).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  /** Drops every chunk whose key starts with `prefix` (a media record being deleted). */
  async invalidate(prefix: string): Promise<void> {
    await (this.loading ??= this.load());
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.forget(key);
    await this.storage.remove('cache', prefix);
  }

  private async build(key: string, build: ChunkBuilder): Promise<CachedChunk> {
    const temporary = await this.storage.temporaryPath('cache', key);
    try {
      await build(temporary);
      const size = await this.storage.commit('cache', key, temporary);
      this.touch(key, size);
      await this.evict(key);
      return { key, path: this.storage.localPath('cache', key), size };
    } finally {
      await rm(temporary, { force: true });
    }
  }

  private touch(key: string, size: number): void {
    this.forget(key);
    this.entries.set(key, size);
    this.totalBytes += size;
  }

  private forget(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.totalBytes -= size;
  }

  private async evict(keep: string): Promise<void> {
    for (const [key] of this.entries) {
      if (this.totalBytes <= this.maxBytes) return;
      if (key === keep || this.building.has(key)) continue;
      this.forget(key);
      await this.storage.remove('cache', key);
    }
  }

  /** Seeds the index from chunks a previous process left, oldest first. */
  private async load(): Promise<void> {
    const root = this.storage.localPath('cache', '');
    const found: { key: string; size: number; time: number }[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile() && !entry.name.endsWith('.part')) {
          const info = await stat(path);
          found.push({ key: relative(root, path), size: info.size, time: info.mtimeMs });
        }
      }
    };
    await walk(root);
    for (const entry of found.sort((a, b) => a.time - b.time)) this.touch(entry.key, entry.size);
    if (found.length > 0)
      this.logger.log({ chunks: found.length, bytes: this.totalBytes }, 'Loaded the chunk cache');
    await this.evict('');
  }
}
