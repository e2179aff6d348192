import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { Injectable, Logger } from '@nestjs/common';

import { PathEscapeError, resolveInside } from '../../common/storage/data-paths.js';
import { realPathInShare, resolveInShare } from '../../common/storage/share-paths.js';
import { dropCoveredDirectories } from '../media/media-detector.js';
import { MediaFailures } from '../media-failure.js';

/**
 * Brings `server_files` from the share into a task's upload area under their share paths, which
 * become the frame names (data.md §3). Files are copied, never hard-linked: operators replace share
 * files in place (`cp` onto an existing name rewrites its inode), and a task's media must not change
 * under it. Where the file system can, the copy is a reflink, which costs no space until one side
 * changes.
 */
@Injectable()
export class ShareCopier {
  private readonly logger = new Logger(ShareCopier.name);

  /**
   * Copies `paths` (normalised share paths without `..`) into `uploadDir`. A directory listed
   * together with files inside it is left out, as CVAT does. Returns the paths actually copied.
   */
  async copy(shareRoot: string, paths: readonly string[], uploadDir: string): Promise<string[]> {
    const located: { path: string; real: string }[] = [];
    const directories = new Set<string>();
    for (const path of paths) {
      const real = await this.locate(shareRoot, path);
      const info = await stat(real);
      // Reading a FIFO or a device would block or never end.
      if (!info.isFile() && !info.isDirectory()) throw MediaFailures.badFilePath(path);
      located.push({ path, real });
      if (info.isDirectory()) directories.add(path);
    }
    const kept = dropCoveredDirectories(paths, (path) => directories.has(path));
    for (const { path, real } of located.filter((source) => kept.includes(source.path))) {
      const target = resolveInside(uploadDir, path);
      await mkdir(dirname(target), { recursive: true });
      if (directories.has(path)) await this.copyTree(shareRoot, real, target);
      else await copyInto(real, target);
    }
    return kept;
  }

  private async locate(shareRoot: string, path: string): Promise<string> {
    try {
      return await resolveInShare(shareRoot, path);
    } catch (error) {
      if (error instanceof PathEscapeError) throw MediaFailures.badFilePath(path);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw MediaFailures.notInShare(path);
      throw error;
    }
  }

  /**
   * Files and directories below `source`. A link is followed when it leads to a file inside the
   * share; links to directories are not, so that a link to an ancestor cannot loop.
   */
  private async copyTree(shareRoot: string, source: string, target: string): Promise<void> {
    await mkdir(target, { recursive: true });
    for (const entry of await readdir(source, { withFileTypes: true })) {
      const from = join(source, entry.name);
      const to = join(target, entry.name);
      if (entry.isDirectory()) await this.copyTree(shareRoot, from, to);
      else if (entry.isFile()) await copyInto(from, to);
      else if (entry.isSymbolicLink()) await this.copyLinkedFile(shareRoot, from, to);
    }
  }

  private async copyLinkedFile(shareRoot: string, from: string, to: string): Promise<void> {
    try {
      const real = await realPathInShare(shareRoot, from);
      if ((await stat(real)).isFile()) {
        await copyInto(real, to);
        return;
      }
    } catch (error) {
      if (!(error instanceof PathEscapeError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    this.logger.warn({ link: from }, 'Skipped a link in the share that leads to a directory or outside');
  }
}

function copyInto(source: string, target: string): Promise<void> {
  return copyFile(source, target, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
}
