// `npm run migration:generate -- <Name>` writes migrations/<timestamp>-<Name>.ts from the difference
// between the entities and the database; `npm run migration:run` applies pending migrations. Both
// use DATABASE_URL, or the local PostgreSQL of `npm start` when it is unset.
import path from 'node:path';
import { ensureBuild, ensureDependencies, loadDotEnv } from './lib/prepare.mjs';
import { repoRoot, runChecked } from './lib/run.mjs';
import { ensureServices } from './lib/services.mjs';

const LOCAL_SERVICES = { varDir: 'var', pgPort: 55432, redisPort: 56379 };
const DATA_SOURCE = path.join('dist', 'src', 'database', 'cli-data-source.js');
const bin = (name) => path.join('node_modules', '.bin', name);

async function main(command, name) {
  process.chdir(repoRoot);
  loadDotEnv();
  if (command === 'generate' && !/^[A-Za-z][A-Za-z0-9]*$/.test(name ?? '')) {
    throw new Error('give the migration a name in CamelCase: npm run migration:generate -- AddSomething');
  }
  if (command !== 'generate' && command !== 'run') throw new Error(`unknown command ${command}`);

  await ensureDependencies();
  await ensureBuild();
  const services = process.env.DATABASE_URL ? null : await ensureServices(LOCAL_SERVICES);
  process.env.DATABASE_URL ??= services.databaseUrl;
  process.env.REDIS_URL ??= services?.redisUrl ?? 'redis://127.0.0.1:6379';
  try {
    // Pending migrations first, so that a generated one holds only the new difference.
    await runChecked(bin('typeorm'), ['migration:run', '-d', DATA_SOURCE]);
    if (command === 'generate') {
      await runChecked(bin('typeorm'), [
        'migration:generate',
        path.join('migrations', name),
        '-d',
        DATA_SOURCE,
      ]);
      await runChecked(bin('prettier'), ['--write', 'migrations']);
      console.log('migration: review the new file, then `npm run build` picks it up');
    }
  } finally {
    await services?.stop();
  }
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (err) => {
    console.error(`migration: ${err.message}`);
    process.exit(1);
  },
);
