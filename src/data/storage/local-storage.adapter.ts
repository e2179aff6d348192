import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Inject, Injectable } from '@nestjs/common';

import { resolveInside } from '../../common/storage/data-paths.js';
import { StorageAdapter, type ByteRange, type StorageArea, type StoredObject } from './storage-adapter.js';

export const STORAGE_ROOT = Symbol('STORAGE_ROOT');

/**
 * Storage in a local directory: `<root>/<area>/<key>`. Byte counts per area are measured once by
 * walking the tree and then kept up to date by this process's own writes and removals.
 */
@Injectable()
export class LocalStorageAdapter extends StorageAdapter {
  private readonly usageByArea = new Map<StorageArea, Promise<number>>();

  constructor(@Inject(STORAGE_ROOT) private readonly root: string) {
    super();
  }

  localPath(area: StorageArea, key: string): string {
    return resolveInside(join(this.root, area), key);
  }

  async stat(area: StorageArea, key: string): Promise<StoredObject | undefined> {
    const info = await stat(this.localPath(area, key)).catch(() => undefined);
    return info?.isFile() ? { size: info.size, modifiedAt: info.mtime } : undefined;
  }

  async read(area: StorageArea, key: string, range?: ByteRange): Promise<Readable> {
    const path = this.localPath(area, key);
    const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
    // Surface a missing file here rather than as a stream error after headers went out.
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    return stream;
  }

  async write(area: StorageArea, key: string, content: Readable | Buffer): Promise<number> {
    const temporary = await this.temporaryPath(area, key);
    try {
      await pipeline(
        Buffer.isBuffer(content) ? Readable.from([content]) : content,
        createWriteStream(temporary),
      );
      return await this.commit(area, key, temporary);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async commit(area: StorageArea, key: string, localFile: string): Promise<number> {
    const target = this.localPath(area, key);
    await mkdir(dirname(target), { recursive: true });
    const replaced = (await stat(target).catch(() => undefined))?.size ?? 0;
    const { size } = await stat(localFile);
    await rename(localFile, target);
    await this.adjust(area, size - replaced);
    return size;
  }

  async temporaryPath(area: StorageArea, key: string): Promise<string> {
    const target = this.localPath(area, key);
    await mkdir(dirname(target), { recursive: true });
    return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
  }

  async remove(area: StorageArea, key: string): Promise<void> {
    const path = this.localPath(area, key);
    const size = this.usageByArea.has(area) ? await treeSize(path) : 0;
    await rm(path, { recursive: true, force: true });
    await this.adjust(area, -size);
  }

  usage(area: StorageArea): Promise<number> {
    let measured = this.usageByArea.get(area);
    if (!measured) {
      measured = treeSize(join(this.root, area));
      this.usageByArea.set(area, measured);
    }
    return measured;
  }

  private async adjust(area: StorageArea, delta: number): Promise<void> {
    const current = this.usageByArea.get(area);
    if (current) this.usageByArea.set(area, Promise.resolve(Math.max(0, (await current) + delta)));
  }
}

/** Bytes of the regular files below `path` (or of `path` itself); symbolic links are not followed. */
export async function treeSize(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 0;
  if (info.isFile()) return info.size;
  if (!info.isDirectory()) return 0;
  let total = 0;
  for (const entry of await readdir(path)) total += await treeSize(join(path, entry));
  return total;
}
