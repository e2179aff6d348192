import type { EntityManager } from 'typeorm';

import { NotFoundError } from '../../common/errors/domain-errors.js';
import type { RequestOrigin } from '../../common/http/absolute-url.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import type { ProjectDto } from './project.dto.js';
import type { ProjectInput } from './project-input.js';
import { readProjects, toProjectDto } from './project-records.js';

export async function insertProject(
  manager: EntityManager,
  input: ProjectInput,
  ownerId: number,
): Promise<number> {
  const rows = await manager.query<Array<{ id: number }>>(
    `INSERT INTO projects (name, owner_id, assignee_id, bug_tracker) VALUES ($1, $2, $3, $4) RETURNING id`,
    [input.name, ownerId, input.assignee?.id ?? null, input.bugTracker ?? ''],
  );
  return rows[0].id;
}

/** Writes the given fields. `updated_date` stays as it was: the reference never refreshes it. */
export async function updateProject(
  manager: EntityManager,
  projectId: number,
  input: ProjectInput,
): Promise<void> {
  const sql = new SqlParameters();
  const assignments: string[] = [];
  const set = (column: string, value: unknown) => assignments.push(`${column} = ${sql.add(value)}`);
  if (input.name !== undefined) set('name', input.name);
  if (input.bugTracker !== undefined) set('bug_tracker', input.bugTracker);
  if (input.owner !== undefined) set('owner_id', input.owner.id);
  if (input.assignee !== undefined) set('assignee_id', input.assignee.id);
  if (assignments.length === 0) return;
  await manager.query(
    `UPDATE projects SET ${assignments.join(', ')} WHERE id = ${sql.add(projectId)}`,
    sql.values,
  );
}

export async function presentProject(
  manager: EntityManager,
  projectId: number,
  origin: RequestOrigin,
): Promise<ProjectDto> {
  const sql = new SqlParameters();
  const [record] = await readProjects(manager, {
    where: `p.id = ${sql.add(projectId)}`,
    sql,
    orderBy: 'p.id',
  });
  if (!record) throw new NotFoundError();
  return toProjectDto(record, origin);
}
