import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { DataSource } from 'typeorm';

import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { runPendingMigrations } from '../../src/database/migrations.js';
import { createFreshDatabase, type FreshDatabase } from '../support/test-env.js';

describe('database schema', () => {
  let database: FreshDatabase;
  let dataSource: DataSource;

  before(async () => {
    database = await createFreshDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url)).initialize();
  });
  after(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('is created by the migrations and matches the entities exactly', async () => {
    const applied = await runPendingMigrations(dataSource);
    assert.ok(applied.length > 0);
    const drift = await dataSource.driver.createSchemaBuilder().log();
    assert.deepEqual(
      drift.upQueries.map((query) => query.query),
      [],
      'entities and migrations disagree: run `npm run migration:generate -- <Name>`',
    );
  });

  it('applies nothing the second time', async () => {
    assert.deepEqual(await runPendingMigrations(dataSource), []);
  });

  it('creates the four roles', async () => {
    const rows = await dataSource.query<Array<{ name: string }>>('SELECT name FROM groups ORDER BY name');
    assert.deepEqual(
      rows.map((row) => row.name),
      ['admin', 'annotator', 'observer', 'user'],
    );
  });
});
