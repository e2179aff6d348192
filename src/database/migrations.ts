import type { DataSource } from 'typeorm';

/** Any fixed number works; it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 4_221_019;

/**
 * Applies pending migrations under an advisory lock, so that several api processes booting at
 * once migrate one after another instead of racing.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
