import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';

import { AdminBootstrapService } from '../auth/admin-bootstrap.service.js';
import type { AppConfig } from '../config/app-config.js';
import { runPendingMigrations } from '../database/migrations.js';

/** Migrations and the administrator account: done by the processes that serve the API. */
export async function prepareDatabase(
  app: INestApplicationContext,
  config: AppConfig,
  logger: Logger,
): Promise<void> {
  if (config.runMigrations) {
    const applied = await runPendingMigrations(app.get(DataSource));
    if (applied.length > 0) logger.info({ migrations: applied }, 'Applied migrations');
  }

  const admin = await app.get(AdminBootstrapService).ensureAdmin();
  if (admin.generatedPassword) {
    // Shown once on the console (not in the JSON log) so the operator can sign in.
    process.stdout.write(
      `\nAdministrator "${admin.username}" created with the generated password: ${admin.generatedPassword}\n` +
        'Set CVAT_ADMIN_PASSWORD to choose it yourself. This password is not shown again.\n\n',
    );
  }
}
