import { readdir, rm } from 'node:fs/promises';

import { Inject, Injectable } from '@nestjs/common';

import { dataPaths, resolveInside } from '../../common/storage/data-paths.js';
import { hasDotDot, normaliseSharePath } from '../../common/storage/share-paths.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { MediaFailures } from '../media-failure.js';
import { remoteFileName, RemoteDownloader } from './remote-downloader.js';
import { ShareCopier } from './share-copier.js';

/** Where a task's media comes from besides the uploads: what `POST /tasks/{id}/data` was given. */
export interface TaskSources {
  readonly serverFiles: readonly string[];
  readonly remoteFiles: readonly string[];
}

interface FetchPlan {
  readonly downloads: readonly { readonly url: string; readonly name: string }[];
  readonly sharePaths: readonly string[];
}

export const COPYING_MESSAGE = 'Data are being copied from share..';
export const downloadingMessage = (url: string) => `${url} is being downloaded..`;

/** The first component of a path: the name it takes in the upload area. */
const topName = (path: string) => path.split('/')[0];

/**
 * Checks the sources before anything is fetched, with CVAT's messages (data.md §3): a URL must
 * name a file and no two may name the same one; a share path may hold no `..` and must name
 * something below the share's root.
 */
function planFetch(sources: TaskSources): FetchPlan {
  const downloads: { url: string; name: string }[] = [];
  for (const url of sources.remoteFiles) {
    const name = remoteFileName(url);
    if (downloads.some((download) => download.name === name)) throw MediaFailures.filenameCollision(name);
    downloads.push({ url, name });
  }
  const sharePaths = new Set<string>();
  for (const raw of sources.serverFiles) {
    const path = normaliseSharePath(raw);
    if (hasDotDot(path)) throw MediaFailures.dotDotInPath();
    if (path === '') throw MediaFailures.badFilePath(raw);
    sharePaths.add(path);
  }
  const clash = downloads.find((download) => [...sharePaths].some((path) => topName(path) === download.name));
  if (clash) throw MediaFailures.filenameCollision(clash.name);
  return { downloads, sharePaths: [...sharePaths] };
}

/**
 * Brings `remote_files` and `server_files` into a task's upload area in the worker, next to the
 * uploaded files, so the media pipeline sees one directory whatever the source.
 */
@Injectable()
export class TaskSourceFetcher {
  private readonly shareRoot: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly share: ShareCopier,
    private readonly downloader: RemoteDownloader,
  ) {
    this.shareRoot = dataPaths(config).share;
  }

  /**
   * Downloads, then copies from the share, reporting each step; returns every entry of the task
   * relative to `uploadDir`: the uploads, the downloads and the share paths. Whatever an earlier
   * attempt fetched is replaced; on failure what this one fetched is removed.
   */
  async fetch(sources: TaskSources, uploadDir: string, report: (message: string) => void): Promise<string[]> {
    const plan = planFetch(sources);
    await this.discard(sources, uploadDir);
    const uploads = await readdir(uploadDir);
    try {
      for (const { url, name } of plan.downloads) {
        report(downloadingMessage(url));
        await this.downloader.download(url, resolveInside(uploadDir, name));
      }
      let copied: string[] = [];
      if (plan.sharePaths.length > 0) {
        report(COPYING_MESSAGE);
        copied = await this.share.copy(this.shareRoot, plan.sharePaths, uploadDir);
      }
      return [...uploads, ...plan.downloads.map((download) => download.name), ...copied];
    } catch (error) {
      await this.discard(sources, uploadDir);
      throw error;
    }
  }

  /** Removes from `uploadDir` what `fetch` brings there; the uploads stay. */
  async discard(sources: TaskSources, uploadDir: string): Promise<void> {
    const names = new Set<string>();
    for (const url of sources.remoteFiles) {
      try {
        names.add(remoteFileName(url));
      } catch {
        // A URL without a file name was never downloaded.
      }
    }
    for (const raw of sources.serverFiles) {
      const path = normaliseSharePath(raw);
      if (path !== '' && !hasDotDot(path)) names.add(topName(path));
    }
    await Promise.all(
      [...names].map((name) => rm(resolveInside(uploadDir, name), { recursive: true, force: true })),
    );
  }
}
