// `npm start`: installs dependencies and builds when needed, runs a local PostgreSQL and Redis
// unless DATABASE_URL / REDIS_URL point elsewhere, then runs the server until it exits or Ctrl-C.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuild, ensureDependencies, loadDotEnv, SERVER_ENTRY } from './lib/prepare.mjs';
import { exitCodeOf, repoRoot } from './lib/run.mjs';
import { ensureServices } from './lib/services.mjs';

const LOCAL_SERVICES = { varDir: 'var', pgPort: 55432, redisPort: 56379 };
const DUPLICATE_SIGNAL_MS = 2000;

async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) throw new Error(`Node.js 20 or newer is needed; this is ${process.version}`);
  process.chdir(repoRoot);
  loadDotEnv();
  const signals = forwardSignals();

  await ensureDependencies();
  await ensureBuild();

  let services = null;
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    services = await ensureServices(LOCAL_SERVICES);
    process.env.DATABASE_URL ??= services.databaseUrl;
    process.env.REDIS_URL ??= services.redisUrl;
  }
  if (signals.received) {
    await services?.stop();
    return 130;
  }

  console.log(`start: node ${path.relative(repoRoot, SERVER_ENTRY)} (PORT ${process.env.PORT ?? '8080'})`);
  // Its own process group: Ctrl-C reaches only this script, which passes it on once. A second
  // copy of the signal would cut the server's graceful shutdown short.
  const server = spawn(process.execPath, [SERVER_ENTRY], { stdio: 'inherit', detached: true });
  signals.target = server;
  process.on('exit', () => server.exitCode === null && server.signalCode === null && server.kill('SIGTERM'));

  const code = await new Promise((resolve) => server.on('exit', (c, s) => resolve(exitCodeOf(c, s))));
  await services?.stop();
  return code;
}

/**
 * Before the server runs, a signal is only noted, so that services already started get stopped.
 * npm passes the terminal's Ctrl-C on to this script as well, so one key press arrives twice;
 * copies within a moment of each other are forwarded once, a later press again.
 */
function forwardSignals() {
  const state = { received: false, target: null };
  let lastForwarded = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      state.received = true;
      if (!state.target || Date.now() - lastForwarded < DUPLICATE_SIGNAL_MS) return;
      lastForwarded = Date.now();
      state.target.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    });
  }
  return state;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`start: ${err.message}`);
    process.exit(1);
  },
);
