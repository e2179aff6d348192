// `npm run bench [-- name ...]`: starts the server on a fresh database, runs the workloads in
// bench/workloads (or the named ones), prints each figure next to its baseline measured in the
// same run, and writes the same rows to bench/results/<timestamp>.json.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall, findExecutable } from '../scripts/lib/apt.mjs';
import { ensureBuild, ensureDependencies, SERVER_ENTRY } from '../scripts/lib/prepare.mjs';
import { repoRoot, sleep } from '../scripts/lib/run.mjs';
import { redisCommand } from '../scripts/lib/redis.mjs';
import { createDatabase, dropDatabase, ensureServices } from '../scripts/lib/services.mjs';
import { runWrk } from './lib/wrk.mjs';

const VAR_DIR = 'var/bench';
const LOCAL_SERVICES = { varDir: VAR_DIR, pgPort: 55434, redisPort: 56381 };
const PORT = 18080;
const HEALTH_TIMEOUT_MS = 90_000;

const log = (line) => console.log(`bench: ${line}`);
const cleanups = [];
let current = null;
let interrupted = false;

async function main(names) {
  process.chdir(repoRoot);
  const workloads = await loadWorkloads(names);
  await ensureDependencies();
  await ensureBuild();
  if (!findExecutable('wrk')) aptInstall(['wrk']);

  const stamp = new Date().toISOString();
  const id = `${stamp.replace(/\D/g, '').slice(0, 14)}_${randomBytes(3).toString('hex')}`;
  const given = { db: process.env.DATABASE_URL, redis: process.env.REDIS_URL };
  const services = given.db && given.redis ? null : await ensureServices(LOCAL_SERVICES);
  if (services) {
    cleanups.push(() => services.stop());
    await redisCommand(services.redisUrl, ['FLUSHDB']); // our own instance: start empty
  }

  const adminUrl = given.db ?? services.adminUrl;
  const dbName = `cvat_bench_${id}`;
  const databaseUrl = await createDatabase(adminUrl, dbName);
  cleanups.push(() => dropDatabase(adminUrl, dbName));
  const dataRoot = path.resolve(VAR_DIR, `data-${id}`);
  cleanups.push(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

  const adminCredentials = { username: 'admin', password: randomBytes(12).toString('base64url') };
  const { baseUrl, pid: serverPid } = await startServer({
    NODE_ENV: 'production',
    APP_ROLE: 'all',
    HOST: '127.0.0.1',
    PORT: String(PORT),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: given.redis ?? services.redisUrl,
    QUEUE_PREFIX: `bench_${id}`,
    DATA_ROOT: dataRoot,
    JWT_SECRET: randomBytes(32).toString('hex'),
    CVAT_ADMIN_USER: adminCredentials.username,
    CVAT_ADMIN_PASSWORD: adminCredentials.password,
    // The workloads measure throughput; the sign-in limits would turn them into 429 counts.
    THROTTLE_PUBLIC_PER_MINUTE: '100000000',
    THROTTLE_CREDENTIALS_PER_MINUTE: '100000000',
  });

  const rows = [];
  for (const workload of workloads) {
    const started = Date.now();
    log(`${workload.name}: running`);
    const ctx = {
      baseUrl,
      serverPid,
      databaseUrl,
      adminCredentials,
      wrk,
      startBareServer,
      log: (line) => log(`${workload.name}: ${line}`),
    };
    rows.push(...(await workload.run(ctx)));
    log(`${workload.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  printTable(rows);
  const file = path.join('bench', 'results', `${stamp.replace(/:/g, '-')}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model };
  const report = {
    startedAt: stamp,
    finishedAt: new Date().toISOString(),
    machine,
    commit: gitCommit(),
    rows,
  };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file}`);
}

async function loadWorkloads(names) {
  const dir = path.join(repoRoot, 'bench', 'workloads');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const all = await Promise.all(files.map((f) => import(pathToFileURL(path.join(dir, f)).href)));
  const unknown = names.filter((n) => !all.some((w) => w.name === n));
  if (unknown.length)
    throw new Error(`unknown workload ${unknown.join(', ')}; have ${all.map((w) => w.name).join(', ')}`);
  return names.length ? all.filter((w) => names.includes(w.name)) : all;
}

/** Starts the built server in its own process group with its log in a file; resolves with its URL and pid once /health answers. */
async function startServer(env) {
  const baseUrl = `http://127.0.0.1:${PORT}`;
  if (await healthOk(baseUrl)) throw new Error(`something already answers on port ${PORT}; stop it first`);

  fs.mkdirSync(VAR_DIR, { recursive: true }); // absent when the services were given, not started here
  const logFile = path.join(VAR_DIR, 'server.log');
  const fd = fs.openSync(logFile, 'w');
  // BENCH_SERVER_NODE_ARGS, e.g. `--prof`, profiles the server under a workload's load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  cleanups.push(() => stopProcess(child));

  log(`server: node ${path.relative(repoRoot, SERVER_ENTRY)} on ${baseUrl} (log ${logFile})`);
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await healthOk(baseUrl))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n');
      throw new Error(`the server exited with code ${child.exitCode ?? child.signalCode}:\n${tail}`);
    }
    if (Date.now() > deadline)
      throw new Error(`GET /health did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
    await sleep(250);
  }
  log('server: healthy');
  return { baseUrl, pid: child.pid };
}

async function healthOk(baseUrl) {
  try {
    const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function wrk(url, options) {
  if (interrupted) throw new Error('interrupted');
  const result = await runWrk(url, options, (child) => (current = child));
  current = null;
  // wrk stops early and still reports on Ctrl-C; such a figure must not reach the table.
  if (interrupted) throw new Error('interrupted');
  if (result.errors || result.non2xx)
    log(`warning: ${url}: ${result.errors} socket errors, ${result.non2xx} non-2xx`);
  return result;
}

/** A plain node:http server on a free loopback port, for baselines; closed at the end of the run. */
function startBareServer(handler) {
  const server = http.createServer(handler);
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(() => server.listening && close());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close }));
  });
}

function printTable(rows) {
  const format = (value, unit) => {
    const digits = unit === 'ms' || Math.abs(value) < 100 ? 2 : 0;
    return `${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
  };
  const header = [
    'workload',
    'figure',
    'ours',
    'baseline',
    'baseline value',
    'ratio (ours / baseline)',
    'target',
  ];
  const lines = rows.map((r) => [
    r.workload,
    r.figure,
    format(r.value, r.unit),
    r.baseline,
    format(r.baselineValue, r.unit),
    r.ratio.toFixed(2),
    r.target ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const print = (cells) =>
    console.log(
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  console.log('');
  print(header);
  print(widths.map((w) => '-'.repeat(w)));
  lines.forEach(print);
  console.log('');
}

/** The commit measured, marked when the work tree differs from it. */
function gitCommit() {
  const git = (...args) => spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  const head = git('rev-parse', 'HEAD');
  if (head.status !== 0) return null;
  return `${head.stdout.trim()}${git('status', '--porcelain').stdout.trim() ? ' (modified)' : ''}`;
}

async function cleanUp() {
  while (cleanups.length) {
    await Promise.resolve(cleanups.pop()()).catch((err) => console.error(`bench: clean-up: ${err.message}`));
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    current?.kill('SIGINT');
  });
}

main(process.argv.slice(2))
  .then(
    () => 0,
    (err) => {
      console.error(`bench: ${interrupted ? 'interrupted' : err.message}`);
      return interrupted ? 130 : 1;
    },
  )
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
