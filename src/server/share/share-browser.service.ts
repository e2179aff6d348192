import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { PlainMessageError } from '../../common/errors/domain-errors.js';
import { dataPaths } from '../../common/storage/data-paths.js';
import { realPathInShare, resolveInShare } from '../../common/storage/share-paths.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { ShareEntryDto, ShareEntryType } from './share.dto.js';

/** The first value of a query parameter that may be repeated. */
function single(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

const byName = (a: ShareEntryDto, b: ShareEntryDto) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * `GET /server/share` (data.md §12): one level of the server share, the tree `server_files` paths
 * are chosen from. Nothing outside the share is listed or even named: the directory and every
 * symbolic link in it are resolved and must stay inside.
 */
@Injectable()
export class ShareBrowser {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = dataPaths(config).share;
  }

  async list(rawDirectory: unknown): Promise<ShareEntryDto[]> {
    const requested = single(rawDirectory) ?? '/';
    // CVAT strips one leading slash and names the rest in its message.
    const named = requested.startsWith('/') ? requested.slice(1) : requested;
    let entries: Dirent[];
    let directory: string;
    try {
      directory = await resolveInShare(this.root, named);
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      throw new PlainMessageError('invalid', `${named} is an invalid directory`);
    }

    const listed = await Promise.all(
      entries.map(async (entry) => {
        const type = await this.typeOf(directory, entry);
        return type && { name: entry.name, type };
      }),
    );
    // The order on disk is arbitrary; a stable one makes the answer comparable between calls.
    return listed.filter((entry): entry is ShareEntryDto => entry !== undefined).sort(byName);
  }

  /** Files and directories as they are; a link as what it leads to, if that is inside the share. */
  private async typeOf(directory: string, entry: Dirent): Promise<ShareEntryType | undefined> {
    if (entry.isFile()) return 'REG';
    if (entry.isDirectory()) return 'DIR';
    if (!entry.isSymbolicLink()) return undefined;
    try {
      const target = await stat(await realPathInShare(this.root, join(directory, entry.name)));
      if (target.isFile()) return 'REG';
      return target.isDirectory() ? 'DIR' : undefined;
    } catch {
      return undefined;
    }
  }
}
