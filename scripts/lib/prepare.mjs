// Brings node_modules and dist up to date before the server or the tests run, and loads .env.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runChecked } from './run.mjs';

/** The compiled server (tsc keeps the tree under rootDir "."); the one place to change with the layout. */
export const SERVER_ENTRY = path.join(repoRoot, 'dist', 'src', 'main.js');

const LOCK_FILE = path.join(repoRoot, 'package-lock.json');
const DEPS_STAMP = path.join(repoRoot, 'node_modules', '.package-lock.sha256');
const BUILD_STAMP = path.join(repoRoot, 'dist', '.build-stamp');
const BUILD_INPUT_DIRS = ['src', 'migrations'];
// The sources import package.json, so it is a build input as well.
const BUILD_INPUT_FILES = /^(tsconfig.*\.json|package\.json|package-lock\.json|nest-cli\.json)$/;

/** Runs `npm ci` when node_modules is missing or was installed from another package-lock.json. */
export async function ensureDependencies(log = console.log) {
  const lockHash = createHash('sha256').update(fs.readFileSync(LOCK_FILE)).digest('hex');
  if (readOr(DEPS_STAMP).trim() === lockHash) return;

  const installed = fs.existsSync(path.join(repoRoot, 'node_modules'));
  log(`deps: ${installed ? 'package-lock.json changed' : 'no node_modules'}; running npm ci`);
  // --include=dev: the build and the tests need dev dependencies even where NODE_ENV=production.
  await runChecked('npm', ['ci', '--include=dev', '--no-audit', '--no-fund', '--loglevel=error']);
  fs.writeFileSync(DEPS_STAMP, `${lockHash}\n`);
}

/** Runs `npm run build` when the server is missing or a build input is newer than the last build. */
export async function ensureBuild(log = console.log) {
  const built = fs.existsSync(SERVER_ENTRY) ? mtimeMs(BUILD_STAMP) : 0;
  if (built > 0 && newestInputMtimeMs() <= built) return;

  log(`build: ${built > 0 ? 'sources changed' : 'no previous build'}; running npm run build`);
  // Stamped with the start time, so a file saved during the build triggers the next one.
  const startedAt = new Date();
  await runChecked('npm', ['run', 'build']);
  if (!fs.existsSync(SERVER_ENTRY)) {
    throw new Error(`npm run build did not produce ${path.relative(repoRoot, SERVER_ENTRY)}`);
  }
  fs.writeFileSync(BUILD_STAMP, '');
  fs.utimesSync(BUILD_STAMP, startedAt, startedAt);
}

/** Loads KEY=VALUE lines from a .env file; variables already set in the environment win. */
export function loadDotEnv(file = path.join(repoRoot, '.env')) {
  for (const raw of readOr(file).split('\n')) {
    const line = raw.trim().replace(/^export\s+/, '');
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue; // blank lines and comments
    const [, key, value] = match;
    process.env[key] ??= value.replace(/^(['"])(.*)\1$/, '$2');
  }
}

function newestInputMtimeMs() {
  const topLevel = fs.readdirSync(repoRoot).filter((name) => BUILD_INPUT_FILES.test(name));
  const files = [
    ...topLevel.map((name) => path.join(repoRoot, name)),
    ...BUILD_INPUT_DIRS.flatMap((dir) => walk(path.join(repoRoot, dir))),
  ];
  return Math.max(0, ...files.map(mtimeMs));
}

/** Every file and directory under dir (directories too: their mtime changes when a file is deleted). */
export function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [full, ...walk(full)] : [full];
  });
}

function mtimeMs(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function readOr(file, fallback = '') {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}
