import { realpath } from 'node:fs/promises';
import { isAbsolute, posix, relative, sep } from 'node:path';

import { PathEscapeError, resolveInside } from './data-paths.js';

/**
 * A share path as clients write it (`/data/`, `data//x.jpg`) in the form it is stored and shown:
 * no leading or trailing slash, no `.` components or repeated separators. The share root is `''`.
 * As in CVAT, `a/../b` becomes `b`, and the `..` components left over are kept so that callers can
 * refuse them with their own message. A backslash is part of a file name, as on any POSIX system.
 */
export function normaliseSharePath(raw: string): string {
  const normalised = posix.normalize(raw.replace(/^\/+/, ''));
  return normalised === '.' ? '' : normalised.replace(/\/+$/, '');
}

export function hasDotDot(path: string): boolean {
  return path.split('/').includes('..');
}

/** Whether `path` is `root` or below it; both must already be absolute and resolved. */
export function isWithin(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
}

/**
 * The real location of `path` (absolute) with every symbolic link followed; it must be inside the
 * share, whose own path may contain links as well. Throws `PathEscapeError` when it is not and lets
 * the file system's error (ENOENT, ENOTDIR) through when it does not exist.
 */
export async function realPathInShare(shareRoot: string, path: string): Promise<string> {
  const [root, target] = await Promise.all([realpath(shareRoot), realpath(path)]);
  if (!isWithin(root, target)) throw new PathEscapeError(`Path leaves the share: ${path}`);
  return target;
}

/**
 * The real location of `untrusted`, a path relative to the share. It is resolved lexically first
 * (so `../x` never reaches the file system), then with links followed: a link that leads out of
 * the share is refused like `../x`.
 */
export async function resolveInShare(shareRoot: string, untrusted: string): Promise<string> {
  return realPathInShare(shareRoot, resolveInside(shareRoot, untrusted));
}
