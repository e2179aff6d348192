// Finding system programs, and installing Debian packages when they are missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

let aptUpdated = false;

export const isRoot = () => process.getuid?.() === 0;

/** Finds an executable on PATH, also in the sbin directories an ordinary user's PATH may lack. */
export function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/**
 * Installs Debian packages when running as root. Anyone else gets an error carrying the one
 * command to run, because installing system packages is not a script's decision to make for them.
 */
export function aptInstall(packages, log = console.log) {
  const list = packages.join(' ');
  if (!isRoot())
    throw new Error(`missing system packages; install them with:\n  sudo apt-get install -y ${list}`);

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt: apt-get update');
    aptGet(['update'], env);
    aptUpdated = true;
  }
  log(`apt: apt-get install -y --no-install-recommends ${list}`);
  aptGet(['install', '-y', '--no-install-recommends', ...packages], env);
}

function aptGet(args, env) {
  // apt's chatter is long; keep it out of sight unless it fails.
  const result = spawnSync('apt-get', ['-q', ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`apt-get ${args.join(' ')} failed:\n${output || result.error?.message}`);
  }
}
