import { isAbsolute, relative, resolve } from 'node:path';

import type { AppConfig } from '../../config/app-config.js';

export class PathEscapeError extends Error {}

/**
 * Resolves `untrusted` inside `root` and refuses any result outside it, whatever `..`, absolute
 * paths or repeated separators the input holds.
 */
export function resolveInside(root: string, ...untrusted: string[]): string {
  // A leading separator would make `resolve` restart from the file-system root.
  const base = resolve(root);
  const target = resolve(base, ...untrusted.map((part) => part.replace(/^[/\\]+/, '')));
  const fromBase = relative(base, target);
  if (fromBase.startsWith('..') || isAbsolute(fromBase)) {
    throw new PathEscapeError(`Path leaves its root: ${untrusted.join('/')}`);
  }
  return target;
}

/**
 * The directories of the storage root (see the storage layout in the README). The share may live
 * elsewhere, often a read-only mount of the operator's, hence its own setting.
 */
export function dataPaths(config: Pick<AppConfig, 'dataRoot'> & { readonly shareRoot?: string }) {
  const root = resolve(config.dataRoot);
  return {
    root,
    tmp: resolve(root, 'tmp'),
    data: resolve(root, 'data'),
    tasks: resolve(root, 'tasks'),
    share: config.shareRoot === undefined ? resolve(root, 'share') : resolve(config.shareRoot),
  };
}
