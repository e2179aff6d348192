import type { EntityManager } from 'typeorm';

import { absoluteUrl, type RequestOrigin } from '../../common/http/absolute-url.js';
import { formatTimestamp } from '../../common/http/timestamp.js';
import type { SqlParameters } from '../shared/sql-parameters.js';
import type { ProjectDto } from './project.dto.js';

export interface ProjectRecord {
  readonly id: number;
  readonly name: string;
  readonly owner_id: number | null;
  readonly assignee_id: number | null;
  readonly bug_tracker: string;
  readonly created_date: Date;
  readonly updated_date: Date;
  readonly status: string;
}

export interface ProjectSelection {
  readonly where: string;
  readonly sql: SqlParameters;
  readonly orderBy: string;
  readonly limit?: number;
  readonly offset?: number;
}

export function readProjects(manager: EntityManager, selection: ProjectSelection): Promise<ProjectRecord[]> {
  const window =
    selection.limit === undefined
      ? ''
      : `LIMIT ${Math.trunc(selection.limit)} OFFSET ${Math.trunc(selection.offset ?? 0)}`;
  return manager.query<ProjectRecord[]>(
    `SELECT p.id, p.name, p.owner_id, p.assignee_id, p.bug_tracker, p.created_date, p.updated_date, p.status
       FROM projects p
      WHERE ${selection.where}
      ORDER BY ${selection.orderBy} ${window}`,
    selection.sql.values,
  );
}

export async function countProjects(
  manager: EntityManager,
  where: string,
  sql: SqlParameters,
): Promise<number> {
  const rows = await manager.query<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM projects p WHERE ${where}`,
    sql.values,
  );
  return rows[0].count;
}

export function toProjectDto(project: ProjectRecord, origin: RequestOrigin): ProjectDto {
  return {
    url: absoluteUrl(origin, `/api/v1/projects/${project.id}`),
    id: project.id,
    name: project.name,
    owner: project.owner_id,
    assignee: project.assignee_id,
    bug_tracker: project.bug_tracker,
    created_date: formatTimestamp(project.created_date),
    updated_date: formatTimestamp(project.updated_date),
    status: project.status,
  };
}
