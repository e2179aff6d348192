import { fileURLToPath } from 'node:url';

import type { DataSourceOptions } from 'typeorm';

import { ENTITIES } from './entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Compiled migrations sit in dist/migrations, two levels above this file in dist/src/database. */
const MIGRATIONS_GLOB = fileURLToPath(new URL('../../migrations/*.js', import.meta.url));

export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
