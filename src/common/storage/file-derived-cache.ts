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

/**
 * Values computed from files (such as a zip's member offsets), kept while the file is
 * unchanged, so that a hot read path does not parse the same file on every request. The least
 * recently used are forgotten beyond `files` entries.
 */
export class FileDerivedCache<T extends object> {
  private readonly values: LRUCache<string, Derived<T>>;

  constructor(files: number) {
    this.values = new LRUCache({ max: files });
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
