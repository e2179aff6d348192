import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { dataPaths, resolveInside } from '../common/storage/data-paths.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TaskMedia, type TaskMediaFields } from '../tasks/storage/task-media.js';

interface MediaRow {
  id: number;
  chunk_size: number | null;
  size: number;
  image_quality: number;
  compressed_chunk_type: 'imageset' | 'video';
  original_chunk_type: 'imageset' | 'video';
}

/**
 * The tasks module's port to media records, backed by `task_data`. The directories it returns
 * are named by data id under DATA_ROOT/data; the caller resolves and removes them.
 */
@Injectable()
export class TaskDataMedia extends TaskMedia {
  private readonly dataRoot: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    this.dataRoot = dataPaths(config).data;
  }

  async fieldsOf(
    manager: EntityManager,
    dataIds: readonly number[],
  ): Promise<ReadonlyMap<number, TaskMediaFields>> {
    const rows = await manager.query<MediaRow[]>(
      `SELECT id, chunk_size, size, image_quality, compressed_chunk_type, original_chunk_type
         FROM task_data WHERE id = ANY($1::int[])`,
      [dataIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          data_chunk_size: row.chunk_size,
          data_compressed_chunk_type: row.compressed_chunk_type,
          data_original_chunk_type: row.original_chunk_type,
          size: row.size,
          image_quality: row.image_quality,
          data: row.id,
        },
      ]),
    );
  }

  async releaseUnused(manager: EntityManager, dataIds: readonly number[]): Promise<string[]> {
    const rows = await manager.query<{ id: number }[]>(
      `DELETE FROM task_data d
        WHERE d.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.data_id = d.id)
        RETURNING d.id`,
      [dataIds],
    );
    return rows.map((row) => resolveInside(this.dataRoot, String(row.id)));
  }
}
