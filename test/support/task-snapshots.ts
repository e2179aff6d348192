import { readdir } from 'node:fs/promises';

import { dataPaths } from '../../src/common/storage/data-paths.js';
import { withDb } from './builders.js';
import type { TestApp } from './test-app.js';

const TABLES = ['projects', 'tasks', 'labels', 'attribute_specs', 'segments', 'jobs'];

/** Every row of the project and task tables and the task directories, to show that a request changed nothing. */
export async function tasksSnapshot(harness: TestApp): Promise<unknown> {
  const rows = await withDb(harness, async (db) => {
    const tables: Record<string, unknown[]> = {};
    for (const table of TABLES) tables[table] = (await db.query(`SELECT * FROM ${table} ORDER BY id`)).rows;
    return tables;
  });
  const directories = await readdir(dataPaths(harness.config).tasks).catch(() => [] as string[]);
  return { ...rows, directories: directories.sort() };
}
