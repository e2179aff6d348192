import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import { TaskMedia, type TaskMediaFields } from '../storage/task-media.js';
import type { TaskDto } from './task.dto.js';
import { toTaskDto } from './task.mapper.js';
import { readTasks, type TaskSelection } from './task-records.js';

/** Reads tasks as their representation: records, plus the media fields of those with media. */
@Injectable()
export class TaskReader {
  constructor(private readonly media: TaskMedia) {}

  async present(manager: EntityManager, selection: TaskSelection, origin: RequestOrigin): Promise<TaskDto[]> {
    const records = await readTasks(manager, selection);
    const dataIds = records.flatMap((record) => (record.data_id === null ? [] : [record.data_id]));
    const media =
      dataIds.length > 0 ? await this.media.fieldsOf(manager, dataIds) : new Map<number, TaskMediaFields>();
    return records.map((record) =>
      toTaskDto(record, origin, record.data_id === null ? undefined : media.get(record.data_id)),
    );
  }

  async one(manager: EntityManager, taskId: number, origin: RequestOrigin): Promise<TaskDto> {
    const sql = new SqlParameters();
    const [task] = await this.present(
      manager,
      { where: `t.id = ${sql.add(taskId)}`, sql, orderBy: 't.id' },
      origin,
    );
    if (!task) throw new NotFoundError();
    return task;
  }
}
