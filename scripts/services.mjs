// `npm run services`: the local PostgreSQL and Redis of `npm start`, on their own, for running the
// server or a single test file by hand. Ctrl-C stops what it started.
// `npm run services -- stop`: stops the servers on ./var left running by a run that was killed.
import { repoRoot, sleep } from './lib/run.mjs';
import { ensureServices, stopServices } from './lib/services.mjs';

const LOCAL_SERVICES = { varDir: 'var', pgPort: 55432, redisPort: 56379 };

async function main(command = 'up') {
  process.chdir(repoRoot);
  if (command === 'stop') return stopServices(LOCAL_SERVICES);
  if (command !== 'up') throw new Error(`unknown command ${command}; use "up" (the default) or "stop"`);

  const services = await ensureServices(LOCAL_SERVICES);
  console.log(`export DATABASE_URL=${services.databaseUrl}`);
  console.log(`export REDIS_URL=${services.redisUrl}`);
  console.log('services: running; Ctrl-C stops the ones started here');

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    services.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  for (;;) await sleep(60_000);
}

main(process.argv[2]).catch((err) => {
  console.error(`services: ${err.message}`);
  process.exit(1);
});
