import { LRUCache } from 'lru-cache';

/** What identifies a file's content cheaply: a rewrite changes its size or modification time. */
export interface FileVersion {
  readonly size: number;
  readonly mtimeMs: number;
}

interface Derived<T> {
  readonly version: FileVersion;
  readonly value: T;
}

/** How much a cache keeps: a number of files, or their total size on disk. */
export type CacheBound = { readonly files: number } | { readonly fileBytes: number };

/**
 * Values computed from files (a parsed manifest, a zip's member offsets), kept while the file is
 * unchanged, so that a hot read path does not parse the same file on every request. The least
 * recently used are forgotten beyond the bound; a bound by file size keeps the memory of parsed
 * values in proportion to it.
 */
export class FileDerivedCache<T extends object> {
  private readonly values: LRUCache<string, Derived<T>>;

  constructor(bound: CacheBound) {
    this.values =
      'files' in bound
        ? new LRUCache({ max: bound.files })
        : new LRUCache({
            maxSize: bound.fileBytes,
            sizeCalculation: (derived) => Math.max(1, derived.version.size),
          });
  }

  async get(path: string, version: FileVersion, compute: (path: string) => Promise<T>): Promise<T> {
    const known = this.values.get(path);
    if (known && known.version.size === version.size && known.version.mtimeMs === version.mtimeMs) {
      return known.value;
    }
    const value = await compute(path);
    this.values.set(path, { version: { size: version.size, mtimeMs: version.mtimeMs }, value });
    return value;
  }
}
