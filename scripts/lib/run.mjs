// Child-process helpers shared by the operator scripts (start, test, bench).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../..');

/** Exit code of a finished child; a child killed by a signal counts as 128 + its number, as in a shell. */
export function exitCodeOf(code, signal) {
  return code ?? 128 + (os.constants.signals[signal] ?? 0);
}

/**
 * Runs a command with inherited output and resolves to its exit code. With `group`, the child
 * leads a process group of its own, so that killGroup() also reaches whatever it started.
 */
export function run(cmd, args, { cwd = repoRoot, env = process.env, group = false, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: 'inherit', detached: group });
    onSpawn?.(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(exitCodeOf(code, signal)));
  });
}

export async function runChecked(cmd, args, options) {
  const code = await run(cmd, args, options);
  if (code !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` failed with exit code ${code}`);
}

export function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
