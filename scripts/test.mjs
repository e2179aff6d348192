// `npm test`: the set-up of `npm start`, a fresh database, then every tier in order. A failed tier
// does not stop the run, so that each one reports; the exit code says whether all of them passed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDependencies, walk } from './lib/prepare.mjs';
import { killGroup, repoRoot, run } from './lib/run.mjs';
import { createDatabase, dropDatabase, ensureServices, withDatabase } from './lib/services.mjs';
import { redisCommand } from './lib/redis.mjs';

const VAR_DIR = 'var/test';
const LOCAL_SERVICES = { varDir: VAR_DIR, pgPort: 55433, redisPort: 56380 };
// A tier that hangs (say, on an open handle) must not eat CI's whole time budget.
const TIER_TIMEOUT_MS = Number(process.env.TEST_TIER_TIMEOUT_S ?? 600) * 1000;

const bin = (name) => path.join('node_modules', '.bin', name);
const CHECKS = [
  { tier: 'typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { tier: 'lint', cmd: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { tier: 'format', cmd: bin('prettier'), args: ['--check', '.'] },
  { tier: 'build', cmd: 'npm', args: ['run', 'build'] },
];
const TEST_TIERS = ['unit', 'integration', 'e2e'];
const COUNT_REPORTER = pathToFileURL(path.join(repoRoot, 'scripts/lib/count-reporter.mjs')).href;

let current = null;
let interrupted = false;

async function main() {
  process.chdir(repoRoot);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      interrupted = true;
      if (current) killGroup(current, 'SIGTERM');
    });
  }
  await ensureDependencies();

  // Unique per run, readable in a database listing: the time plus a few random characters.
  const stamp = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${randomBytes(3).toString('hex')}`;
  const given = { db: process.env.DATABASE_URL, redis: process.env.REDIS_URL };
  const services = given.db && given.redis ? null : await ensureServices(LOCAL_SERVICES);
  const adminUrl = given.db ?? services.adminUrl;
  const dbName = `cvat_test_${stamp}`;
  const dataRoot = path.resolve(VAR_DIR, `data-${stamp}`);
  const results = [];
  try {
    const databaseUrl = await createDatabase(adminUrl, dbName);
    const redisUrl = withDatabase(given.redis ?? services.redisUrl, '1');
    await redisCommand(redisUrl, ['FLUSHDB']);
    fs.mkdirSync(dataRoot, { recursive: true });
    console.log(
      `test: database ${dbName}, redis ${redisUrl}, DATA_ROOT ${path.relative(repoRoot, dataRoot)}`,
    );

    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      TEST_DATABASE_URL: databaseUrl,
      TEST_DATABASE_ADMIN_URL: adminUrl,
      REDIS_URL: redisUrl,
      DATA_ROOT: dataRoot,
    };
    for (const check of CHECKS) if (!interrupted) results.push(await runCheck(check, env));
    for (const tier of TEST_TIERS) if (!interrupted) results.push(await runNodeTests(tier, env));
  } finally {
    await dropDatabase(adminUrl, dbName).catch((err) =>
      console.error(`test: could not drop ${dbName}: ${err.message}`),
    );
    await services?.stop();
  }

  const failed = results.some((r) => r.failed > 0) || interrupted;
  if (failed) console.log(`test: kept DATA_ROOT ${path.relative(repoRoot, dataRoot)} for inspection`);
  else fs.rmSync(dataRoot, { recursive: true, force: true });
  printSummary(results);
  return interrupted ? 130 : failed ? 1 : 0;
}

async function runCheck({ tier, cmd, args }, env) {
  const { code, seconds } = await runTier(tier, cmd, args, env);
  return {
    tier,
    passed: code === 0 ? 1 : 0,
    failed: code === 0 ? 0 : 1,
    seconds,
    note: code === 0 ? '' : `exit code ${code}`,
  };
}

/** Runs one tier's compiled tests; the sources list them, so stale files in dist/ never run. */
async function runNodeTests(tier, env) {
  const files = walk(path.join('test', tier))
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join('dist', file.replace(/\.ts$/, '.js')));
  if (files.length === 0) {
    console.log(`\n== ${tier}: no test files`);
    return { tier, passed: 0, failed: 0, seconds: 0, note: 'no test files' };
  }

  const report = path.join(VAR_DIR, `${tier}.json`);
  fs.rmSync(report, { force: true }); // never read an earlier run's report
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
  reporters.push(`--test-reporter=${COUNT_REPORTER}`, `--test-reporter-destination=${report}`);
  const { code, seconds } = await runTier(tier, process.execPath, ['--test', ...reporters, ...files], env);

  let totals;
  try {
    totals = JSON.parse(fs.readFileSync(report, 'utf8'));
  } catch {
    return { tier, passed: 0, failed: 1, seconds, note: `no report (exit code ${code})` };
  }
  const passed = totals.pass ?? 0;
  // Cancelled tests (a timeout, a file that never finished) did not pass either.
  let failed = (totals.fail ?? 0) + (totals.cancelled ?? 0);
  let note = totals.skipped || totals.todo ? `${totals.skipped ?? 0} skipped, ${totals.todo ?? 0} todo` : '';
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `test runner exited with code ${code}`;
  }
  return { tier, passed, failed, seconds, note };
}

async function runTier(tier, cmd, args, env) {
  const shown = [path.basename(cmd), ...args].join(' ');
  console.log(`\n== ${tier}: ${shown.length > 160 ? `${shown.slice(0, 157)}...` : shown}`);
  const started = Date.now();
  let timer;
  // A group of its own: a timeout or Ctrl-C also ends the servers a test started.
  const code = await run(cmd, args, {
    env,
    group: true,
    onSpawn: (child) => {
      current = child;
      timer = setTimeout(() => {
        console.error(`test: ${tier} still running after ${TIER_TIMEOUT_MS / 1000} s; killing it`);
        killGroup(child, 'SIGKILL');
      }, TIER_TIMEOUT_MS);
    },
  }).catch((err) => {
    console.error(`test: could not run ${cmd}: ${err.message}`);
    return 127;
  });
  clearTimeout(timer);
  current = null;
  return { code, seconds: (Date.now() - started) / 1000 };
}

function printSummary(results) {
  console.log('\n== summary');
  for (const { tier, passed, failed, seconds, note } of results) {
    const counts = `${passed} passed, ${failed} failed`.padEnd(24);
    console.log(
      `  ${tier.padEnd(12)}${failed ? 'FAIL' : 'ok  '}  ${counts}${seconds.toFixed(1).padStart(7)} s  ${note}`,
    );
  }
  if (interrupted) console.log('  interrupted: the remaining tiers did not run');
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
  console.log(`tests: ${total('passed')} passed, ${total('failed')} failed`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`test: ${err.message}`);
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  },
);
