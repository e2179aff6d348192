import { lstat, readdir } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';

import { Injectable, Logger } from '@nestjs/common';

import { PathEscapeError, resolveInside } from '../../common/storage/data-paths.js';
import { MediaFailures } from '../media-failure.js';
import { mapWithConcurrency } from '../pipeline/concurrency.js';
import { ContentSniffer } from './content-sniffer.js';
import { classify, MEDIA_KINDS, META_INFO_FILE, UNIQUE_KINDS, type MediaKind } from './media-kinds.js';

/** Files staged for a task: client files by base name, server files by share path, downloads by name. */
export interface StagedUpload {
  /** The upload area; frame names are paths relative to it. */
  readonly uploadDir: string;
  /** Staged files and directories, relative to `uploadDir`. */
  readonly entries: readonly string[];
}

export interface DetectedMedia {
  readonly kind: MediaKind;
  /** The entries of that kind, relative to the upload area. */
  readonly entries: readonly string[];
  /** A `meta_info.txt` uploaded with a video. */
  readonly metaInfo?: string;
  /** Entries that are no media and were left out. */
  readonly skipped: readonly string[];
}

export type KindCounts = Record<MediaKind, number>;

const SNIFF_CONCURRENCY = 16;

/** Applies CVAT's combination rules (data.md §3) to the counted kinds; returns the task's kind. */
export function checkCombination(counts: KindCounts, hasMetaInfo: boolean, useCache: boolean): MediaKind {
  const present = MEDIA_KINDS.filter((kind) => counts[kind] > 0);
  const unique = present
    .filter((kind) => UNIQUE_KINDS.has(kind))
    .reduce((sum, kind) => sum + counts[kind], 0);
  const multiple = present.some((kind) => !UNIQUE_KINDS.has(kind));

  if (unique > 1 || (unique === 1 && multiple)) {
    throw MediaFailures.tooManyKinds(MEDIA_KINDS.map((kind) => `${counts[kind]} ${kind}(s)`).join(', '));
  }
  if (present.length === 0) throw MediaFailures.noMedia();
  if (present.length > 1) throw MediaFailures.combinedKinds();

  const kind = present[0];
  if (hasMetaInfo && kind !== 'video') throw MediaFailures.metaInfoWithoutVideo();
  if (hasMetaInfo && !useCache) throw MediaFailures.metaInfoWithoutCache();
  return kind;
}

/** Paths listed together with a directory that contains them make the directory entry redundant. */
export function dropCoveredDirectories(
  entries: readonly string[],
  isDirectory: (entry: string) => boolean,
): string[] {
  const normalised = entries.map((entry) => posix.normalize(entry.replace(/^\/+/, '')).replace(/\/+$/, ''));
  return entries.filter((entry, index) => {
    if (!isDirectory(entry)) return true;
    const prefix = normalised[index] === '.' ? '' : `${normalised[index]}/`;
    return !normalised.some((other, at) => at !== index && other.startsWith(prefix));
  });
}

/** Classifies staged files by content and extension and checks how they combine. */
@Injectable()
export class MediaDetector {
  private readonly logger = new Logger(MediaDetector.name);

  constructor(private readonly sniffer: ContentSniffer) {}

  async detect(upload: StagedUpload, useCache: boolean): Promise<DetectedMedia> {
    const kinds = new Map<string, MediaKind | 'meta' | undefined>();
    const directories = new Set<string>();
    await mapWithConcurrency(upload.entries, SNIFF_CONCURRENCY, async (entry) => {
      const path = insideUpload(upload.uploadDir, entry);
      const info = await lstat(path);
      if (info.isDirectory()) directories.add(entry);
      else if (basename(entry) === META_INFO_FILE) kinds.set(entry, 'meta');
      else kinds.set(entry, info.isFile() ? classify(entry, await this.sniffer.sniff(path)) : undefined);
    });

    const counts = Object.fromEntries(MEDIA_KINDS.map((kind) => [kind, 0])) as KindCounts;
    const byKind = new Map<MediaKind, string[]>();
    const skipped: string[] = [];
    let metaInfo: string | undefined;
    for (const entry of dropCoveredDirectories(upload.entries, (entry) => directories.has(entry))) {
      const kind = directories.has(entry) ? 'directory' : kinds.get(entry);
      if (kind === 'meta') metaInfo = entry;
      else if (kind === undefined) skipped.push(entry);
      else {
        counts[kind] += 1;
        byKind.set(kind, [...(byKind.get(kind) ?? []), entry]);
      }
    }
    if (skipped.length > 0) this.logger.warn({ skipped }, 'Skipped files that are no media');

    const kind = checkCombination(counts, metaInfo !== undefined, useCache);
    return { kind, entries: byKind.get(kind) ?? [], metaInfo, skipped };
  }

  /**
   * The image files below `roots` (relative to `uploadDir`), found recursively. Symbolic links are
   * not followed, and macOS resource forks (`__MACOSX/`, `._name`) are left out.
   */
  async findImages(uploadDir: string, roots: readonly string[], exclude?: string): Promise<string[]> {
    const files: string[] = [];
    const walk = async (relative: string): Promise<void> => {
      const path = insideUpload(uploadDir, relative);
      const info = await lstat(path);
      if (info.isFile()) {
        files.push(relative);
        return;
      }
      if (!info.isDirectory()) return;
      for (const child of await readdir(path)) {
        if (child === '__MACOSX' || child.startsWith('._')) continue;
        const next = relative === '' ? child : `${relative}/${child}`;
        if (next !== exclude) await walk(next);
      }
    };
    for (const root of roots) await walk(root);

    const images: string[] = [];
    await mapWithConcurrency(files, SNIFF_CONCURRENCY, async (file) => {
      const kind = classify(file, await this.sniffer.sniff(join(uploadDir, file)));
      if (kind === 'image') images.push(file);
    });
    return images;
  }
}

function insideUpload(uploadDir: string, entry: string): string {
  if (entry.split(/[/\\]/).includes('..')) throw MediaFailures.dotDotInPath();
  try {
    return resolveInside(uploadDir, entry);
  } catch (error) {
    if (error instanceof PathEscapeError) throw MediaFailures.badFilePath(entry);
    throw error;
  }
}
