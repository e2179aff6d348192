import type { EntityManager } from 'typeorm';

import type { ProjectAccessFacts, TaskAccessFacts } from './access-facts.js';

export interface TaskForAccess {
  readonly id: number;
  readonly projectId: number | null;
  readonly dataId: number | null;
  readonly facts: TaskAccessFacts;
}

export interface ProjectForAccess {
  readonly id: number;
  readonly facts: ProjectAccessFacts;
}

interface TaskFactsRow {
  id: number;
  project_id: number | null;
  data_id: number | null;
  owner_id: number | null;
  assignee_id: number | null;
  project_owner_id: number | null;
  project_assignee_id: number | null;
  has_jobs: boolean;
  job_assignee_ids: number[];
}

interface ProjectFactsRow {
  id: number;
  owner_id: number | null;
  assignee_id: number | null;
  has_task_with_jobs: boolean;
  has_unassigned_task_with_jobs: boolean;
  assignees_of_tasks_with_jobs: number[];
  job_assignee_ids: number[];
}

const JOBS_OF_TASK = 'segments s JOIN jobs j ON j.segment_id = s.id WHERE s.task_id = t.id';

/**
 * A task with what its access rules need, or undefined when it does not exist. `lock` holds the
 * task row until the transaction ends, for use cases that change or delete it.
 */
export async function loadTaskForAccess(
  manager: EntityManager,
  taskId: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<TaskForAccess | undefined> {
  const rows = await manager.query<TaskFactsRow[]>(
    `SELECT t.id, t.project_id, t.data_id, t.owner_id, t.assignee_id,
            p.owner_id AS project_owner_id, p.assignee_id AS project_assignee_id,
            EXISTS (SELECT 1 FROM ${JOBS_OF_TASK}) AS has_jobs,
            ARRAY(SELECT DISTINCT j.assignee_id FROM ${JOBS_OF_TASK} AND j.assignee_id IS NOT NULL)
              AS job_assignee_ids
       FROM tasks t
       LEFT JOIN projects p ON p.id = t.project_id
      WHERE t.id = $1
      ${lock ? 'FOR UPDATE OF t' : ''}`,
    [taskId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const project =
    row.project_id === null ? null : { ownerId: row.project_owner_id, assigneeId: row.project_assignee_id };
  return {
    id: row.id,
    projectId: row.project_id,
    dataId: row.data_id,
    facts: {
      ownerId: row.owner_id,
      assigneeId: row.assignee_id,
      project,
      hasJobs: row.has_jobs,
      jobAssigneeIds: row.job_assignee_ids,
    },
  };
}

/** A project with what its access rules need, or undefined when it does not exist. */
export async function loadProjectForAccess(
  manager: EntityManager,
  projectId: number,
  { lock = false }: { lock?: boolean } = {},
): Promise<ProjectForAccess | undefined> {
  const rows = await manager.query<ProjectFactsRow[]>(
    `SELECT p.id, p.owner_id, p.assignee_id,
            EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = p.id AND EXISTS (SELECT 1 FROM ${JOBS_OF_TASK}))
              AS has_task_with_jobs,
            EXISTS (SELECT 1 FROM tasks t WHERE t.project_id = p.id AND t.assignee_id IS NULL
                       AND EXISTS (SELECT 1 FROM ${JOBS_OF_TASK}))
              AS has_unassigned_task_with_jobs,
            ARRAY(SELECT DISTINCT t.assignee_id FROM tasks t
                   WHERE t.project_id = p.id AND t.assignee_id IS NOT NULL
                     AND EXISTS (SELECT 1 FROM ${JOBS_OF_TASK}))
              AS assignees_of_tasks_with_jobs,
            ARRAY(SELECT DISTINCT j.assignee_id
                    FROM tasks t JOIN segments s ON s.task_id = t.id JOIN jobs j ON j.segment_id = s.id
                   WHERE t.project_id = p.id AND j.assignee_id IS NOT NULL)
              AS job_assignee_ids
       FROM projects p
      WHERE p.id = $1
      ${lock ? 'FOR UPDATE' : ''}`,
    [projectId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    facts: {
      ownerId: row.owner_id,
      assigneeId: row.assignee_id,
      hasTaskWithJobs: row.has_task_with_jobs,
      hasUnassignedTaskWithJobs: row.has_unassigned_task_with_jobs,
      assigneesOfTasksWithJobs: row.assignees_of_tasks_with_jobs,
      jobAssigneeIds: row.job_assignee_ids,
    },
  };
}
