import { mkdir, stat } from 'node:fs/promises';

import type { Logger } from 'pino';

import { createHttpApp } from './app/http-app.js';
import { ConfigError, loadConfig, requireSetting, runsHttpApi, type AppConfig } from './config/app-config.js';
import { dataPaths } from './common/storage/data-paths.js';
import { createRootLogger } from './logging/logger.js';
import { ensureAdministrator, migrateDatabase } from './startup/prepare-database.js';
import { ServiceUnreachableError, waitForServices } from './startup/wait-for-services.js';

async function start(config: AppConfig, logger: Logger): Promise<void> {
  const databaseUrl = requireSetting(config, 'databaseUrl');
  const redisUrl = requireSetting(config, 'redisUrl');
  await waitForServices({ databaseUrl, redisUrl }, config.startupTimeoutSeconds, logger);
  const paths = dataPaths(config);
  // A share of the operator's own (SHARE_ROOT) is theirs to create: making an empty one would hide
  // a mount that failed.
  const ownDirectories = [paths.tmp, paths.data, paths.tasks, ...(config.shareRoot ? [] : [paths.share])];
  await Promise.all(ownDirectories.map((dir) => mkdir(dir, { recursive: true })));
  if (!(await isDirectory(paths.share))) {
    logger.warn(
      { share: paths.share },
      'The share is not a directory; server_files and /server/share find nothing',
    );
  }

  await migrateDatabase(config, logger);
  const app = await createHttpApp(config, logger);
  if (runsHttpApi(config)) await ensureAdministrator(app);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, dataRoot: paths.root }, 'Server is listening');
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function main(): void {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting and its default.\n`);
    process.exit(2);
  }

  const logger = createRootLogger(config);
  start(config, logger).catch((error: unknown) => {
    if (error instanceof ServiceUnreachableError || error instanceof ConfigError) {
      process.stderr.write(`Cannot start: ${error.message}\n`);
    } else {
      logger.fatal({ err: error }, 'Start-up failed');
    }
    process.exit(1);
  });
}

main();
