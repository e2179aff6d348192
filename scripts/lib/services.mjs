// Local PostgreSQL and Redis for `npm start`, `npm test` and `npm run bench`, with their data in a
// directory of the project. A server left running on the same data by an earlier run is reused
// and left running; `stop()` stops only what this call started.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { aptInstall, findExecutable, isRoot } from './apt.mjs';
import { redisCommand } from './redis.mjs';
import { sleep } from './run.mjs';

const PG_ROOT = '/usr/lib/postgresql';
const PACKAGES = ['postgresql', 'redis-server', 'poppler-utils'];
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function ensureServices({ varDir, pgPort, redisPort, log = console.log }) {
  const bins = ensureBinaries(log);
  const root = path.resolve(varDir);
  fs.mkdirSync(root, { recursive: true });

  const stoppers = [];
  const stop = async () => {
    while (stoppers.length) await stoppers.pop()();
  };
  try {
    const pgStop = await ensurePostgres(bins.pg, path.join(root, 'postgres'), pgPort, log);
    if (pgStop) stoppers.push(pgStop);
    const redisStop = await ensureRedis(bins.redis, path.join(root, 'redis'), redisPort, log);
    if (redisStop) stoppers.push(redisStop);

    const adminUrl = postgresUrl(pgPort, 'postgres');
    const databaseUrl = await createDatabase(adminUrl, 'cvat');
    return { databaseUrl, adminUrl, redisUrl: `redis://127.0.0.1:${redisPort}`, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Stops the servers running on these data directories, whoever started them (`npm run services -- stop`). */
export async function stopServices({ varDir, redisPort, log = console.log }) {
  const root = path.resolve(varDir);
  const postmaster = runningPostmaster(path.join(root, 'postgres'));
  if (postmaster) {
    log(`services: stopping PostgreSQL (pid ${postmaster.pid})`);
    process.kill(postmaster.pid, 'SIGINT');
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (isAlive(postmaster.pid) && Date.now() < deadline) await sleep(100);
  }
  const url = `redis://127.0.0.1:${redisPort}`;
  if ((await redisDir(url)) === realpath(path.join(root, 'redis'))) {
    log(`services: stopping Redis on 127.0.0.1:${redisPort}`);
    // SHUTDOWN answers by closing the connection, so a "closed" error is the success case.
    await redisCommand(url, ['SHUTDOWN']).catch(() => {});
  }
}

/** Creates a database unless it exists; returns its URL (the admin URL with the name swapped in). */
export async function createDatabase(adminUrl, name) {
  assertIdentifier(name);
  const found = await runSql(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${name}'`);
  if (found.length === 0) {
    await runSql(adminUrl, `CREATE DATABASE "${name}"`).catch((err) => {
      if (err.code !== '42P04') throw err; // created meanwhile by a concurrent run
    });
  }
  return withDatabase(adminUrl, name);
}

/** Drops a database, ending any sessions still connected to it. */
export async function dropDatabase(adminUrl, name) {
  assertIdentifier(name);
  await runSql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

export function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// --- binaries ---------------------------------------------------------------------------------

function ensureBinaries(log) {
  let bins = locateBinaries();
  const required = !bins.pg.length || !bins.redis;
  if (!required && bins.pdftoppm) return bins;

  if (!required && !isRoot()) {
    log('services: warning: PDF uploads need poppler-utils: sudo apt-get install -y poppler-utils');
    return bins;
  }
  aptInstall(required ? PACKAGES : ['poppler-utils'], log);
  bins = locateBinaries();
  if (!bins.pg.length || !bins.redis) {
    throw new Error('PostgreSQL or Redis is still missing after apt-get install');
  }
  return bins;
}

function locateBinaries() {
  return {
    pg: postgresVersions(),
    redis: findExecutable('redis-server'),
    pdftoppm: findExecutable('pdftoppm'),
  };
}

/** Installed PostgreSQL major versions that have a server, newest first. */
function postgresVersions() {
  if (!fs.existsSync(PG_ROOT)) return [];
  return fs
    .readdirSync(PG_ROOT)
    .filter(
      (v) => /^\d+$/.test(v) && ['initdb', 'postgres'].every((b) => isFile(path.join(PG_ROOT, v, 'bin', b))),
    )
    .sort((a, b) => Number(b) - Number(a));
}

/** Binaries matching an existing cluster's version (a server refuses another major's data), else the newest. */
function pickPostgresBin(versions, dataDir) {
  const versionFile = path.join(dataDir, 'PG_VERSION');
  const version = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, 'utf8').trim() : versions[0];
  if (!versions.includes(version)) {
    throw new Error(
      `${rel(dataDir)} holds PostgreSQL ${version} data, but only ${versions.join(', ')} is installed`,
    );
  }
  return { version, bin: path.join(PG_ROOT, version, 'bin') };
}

// --- PostgreSQL -------------------------------------------------------------------------------

async function ensurePostgres(versions, dataDir, port, log) {
  const running = runningPostmaster(dataDir);
  if (running) {
    if (running.port !== port) {
      throw new Error(`PostgreSQL already runs on ${rel(dataDir)} but on port ${running.port}, not ${port}`);
    }
    await waitUntilReady('PostgreSQL', () => runSql(postgresUrl(port, 'postgres'), 'SELECT 1'));
    log(`services: reusing PostgreSQL on 127.0.0.1:${port} (pid ${running.pid})`);
    return null;
  }

  // A postmaster.pid whose process is gone or is something else: PostgreSQL would refuse to start.
  fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
  const { version, bin } = pickPostgresBin(versions, dataDir);
  // PostgreSQL refuses to run as root, so root runs it as the `postgres` system user.
  const owner = isRoot() ? postgresUser(log) : {};
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initCluster({ bin, version, dataDir, owner, log });
  if (owner.uid !== undefined) assertReachable(dataDir, owner);

  const logFile = `${dataDir}.log`;
  const child = spawnLogged(
    path.join(bin, 'postgres'),
    // No unix socket: its default directory may not exist or be writable; clients use TCP.
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { logFile, cwd: dataDir, ...owner },
  );
  await waitUntilReady('PostgreSQL', () => runSql(postgresUrl(port, 'postgres'), 'SELECT 1'), child, logFile);
  log(
    `services: PostgreSQL ${version} started on 127.0.0.1:${port} (data ${rel(dataDir)}, log ${rel(logFile)})`,
  );
  return () => stopChild(child, 'SIGINT', 'PostgreSQL', log); // SIGINT = fast shutdown
}

function initCluster({ bin, version, dataDir, owner, log }) {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${rel(dataDir)} is neither empty nor a PostgreSQL data directory; move it away`);
  }
  // Initialise beside the target and rename when complete, so an interrupted initdb leaves nothing
  // that a later run would mistake for a cluster.
  const staging = `${dataDir}.init`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) {
    fs.chownSync(staging, owner.uid, owner.gid);
    assertReachable(staging, owner);
  }

  log(`services: initdb ${rel(dataDir)} (PostgreSQL ${version}, superuser cvat)`);
  const args = ['-D', staging, '-U', 'cvat', '-E', 'UTF8', '--locale=C.UTF-8', '--auth=trust'];
  const result = spawnSync(path.join(bin, 'initdb'), args, { cwd: staging, encoding: 'utf8', ...owner });
  if (result.status !== 0) throw new Error(`initdb failed:\n${tail(`${result.stdout}${result.stderr}`)}`);

  // Password-less access, but only over TCP from this machine.
  const hba = path.join(staging, 'pg_hba.conf');
  fs.writeFileSync(hba, 'host all all 127.0.0.1/32 trust\n');
  if (owner.uid !== undefined) fs.chownSync(hba, owner.uid, owner.gid);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.renameSync(staging, dataDir);
}

/** The `postgres` system user (Debian's package creates it; a bare machine may not have it). */
function postgresUser(log) {
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    log('services: creating system user postgres');
    const created = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`useradd postgres failed: ${created.stderr.trim()}`);
  }
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Fails with a readable message when the `postgres` user cannot reach the data directory. */
function assertReachable(dir, { uid, gid }) {
  if (spawnSync('test', ['-x', dir, '-a', '-w', dir], { uid, gid }).status === 0) return;

  const blocked = ancestors(dir).find((d) => {
    const st = fs.statSync(d);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    return (st.mode & bit) === 0;
  });
  const mode = blocked ? (fs.statSync(blocked).mode & 0o777).toString(8) : '';
  throw new Error(
    blocked
      ? `PostgreSQL runs as user postgres, which cannot enter ${blocked} (mode ${mode}). ` +
          `Allow it with \`chmod o+x ${blocked}\`, move the project elsewhere, or set DATABASE_URL.`
      : `user postgres cannot write to ${dir}`,
  );
}

function ancestors(dir) {
  const parts = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    parts.unshift(d);
    if (d === path.dirname(d)) return parts;
  }
}

/** The postmaster recorded in postmaster.pid if it is still alive, else null. */
function runningPostmaster(dataDir) {
  let lines;
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  // After a reboot the recorded pid may belong to an unrelated process.
  if (!isAlive(pid) || readComm(pid) !== 'postgres') return null;
  return { pid, port: Number(lines[3]) };
}

function readComm(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

function postgresUrl(port, database) {
  return `postgres://cvat@127.0.0.1:${port}/${database}`;
}

// --- SQL, through the pg module when node_modules is there, else psql -----------------------

let pgModule;

async function runSql(url, text) {
  pgModule ??= import('pg').then(
    (m) => m.default,
    () => null,
  );
  const pg = await pgModule;
  if (!pg) return runPsql(url, text);

  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {}); // a dropped connection surfaces through the query instead
  try {
    await client.connect();
    const { rows } = await client.query(text);
    return rows.map((row) => Object.values(row)[0]);
  } finally {
    await client.end().catch(() => {});
  }
}

function runPsql(url, text) {
  const versions = postgresVersions();
  const psql = findExecutable('psql') ?? (versions[0] && path.join(PG_ROOT, versions[0], 'bin', 'psql'));
  if (!psql) throw new Error('neither the pg module nor psql is available');
  const result = spawnSync(psql, ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', text], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr.trim() || `psql exited with ${result.status}`);
  return result.stdout.split('\n').filter(Boolean);
}

function assertIdentifier(name) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name: ${name}`);
}

// --- Redis ------------------------------------------------------------------------------------

async function ensureRedis(bin, dir, port, log) {
  const url = `redis://127.0.0.1:${port}`;
  fs.mkdirSync(dir, { recursive: true });
  const runningDir = await redisDir(url);
  if (runningDir) {
    if (runningDir !== realpath(dir)) {
      throw new Error(`port ${port} is taken by another Redis (data in ${runningDir})`);
    }
    log(`services: reusing Redis on 127.0.0.1:${port}`);
    return null;
  }

  const logFile = `${dir}.log`;
  // Append-only, so that queued jobs survive a restart.
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir];
  args.push('--appendonly', 'yes', '--daemonize', 'no');
  const child = spawnLogged(bin, args, { logFile, cwd: dir });
  await waitUntilReady('Redis', () => redisCommand(url, ['PING']), child, logFile);
  log(`services: Redis started on 127.0.0.1:${port} (data ${rel(dir)}, log ${rel(logFile)})`);
  return () => stopChild(child, 'SIGTERM', 'Redis', log);
}

/** The data directory of the Redis answering at url, or null when none answers. */
async function redisDir(url) {
  const reply = await redisCommand(url, ['CONFIG', 'GET', 'dir']).catch(() => null);
  return Array.isArray(reply) ? reply[1] : null;
}

// --- processes --------------------------------------------------------------------------------

/**
 * Starts a server in its own process group, so that the Ctrl-C meant for `npm start` reaches
 * only the script, which stops the app first and the databases after it.
 */
function spawnLogged(cmd, args, { logFile, ...options }) {
  const fd = fs.openSync(logFile, 'a');
  try {
    return spawn(cmd, args, { ...options, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
}

async function waitUntilReady(name, probe, child, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child && hasExited(child)) {
      throw new Error(
        `${name} exited with code ${child.exitCode ?? child.signalCode}; last lines of ${rel(logFile)}:\n${tail(readOr(logFile))}`,
      );
    }
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(
          `${name} did not accept connections within ${READY_TIMEOUT_MS / 1000} s (${err.message})`,
        );
      }
    }
    await sleep(200);
  }
}

async function stopChild(child, signal, name, log) {
  if (hasExited(child)) return;
  log(`services: stopping ${name}`);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

// --- small helpers ----------------------------------------------------------------------------

const rel = (p) => path.relative(process.cwd(), p) || '.';

const tail = (text, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

function readOr(file, fallback = '') {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

function realpath(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
