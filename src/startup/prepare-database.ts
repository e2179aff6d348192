import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

import { AdminBootstrapService } from '../auth/admin-bootstrap.service.js';
import { requireSetting, type AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { runPendingMigrations } from '../database/migrations.js';

/** Applies pending migrations before the application starts, so no provider sees an old schema. */
export async function migrateDatabase(config: AppConfig, logger: Logger): Promise<void> {
  if (!config.runMigrations) return;
  const dataSource = await new DataSource(
    dataSourceOptions(requireSetting(config, 'databaseUrl')),
  ).initialize();
  try {
    const applied = await runPendingMigrations(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied }, 'Applied migrations');
  } finally {
    await dataSource.destroy();
  }
}

/** Creates or refreshes the administrator; done by the processes that serve the API. */
export async function ensureAdministrator(app: INestApplicationContext): Promise<void> {
  const admin = await app.get(AdminBootstrapService).ensureAdmin();
  if (admin.generatedPassword) {
    // Shown once on the console (not in the JSON log) so the operator can sign in.
    process.stdout.write(
      `\nAdministrator "${admin.username}" created with the generated password: ${admin.generatedPassword}\n` +
        'Set CVAT_ADMIN_PASSWORD to choose it yourself. This password is not shown again.\n\n',
    );
  }
}
