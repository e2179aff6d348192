import type { SqlParameters } from '../shared/sql-parameters.js';

/** Whose list it is: everything, or what one user may see. */
export type ListVisibility =
  { readonly everything: true } | { readonly userId: number; readonly reduced: boolean };

/**
 * The list filters of spec/auth.md, section 8, as SQL. Following the section's note, a list shows
 * the union of what the reference lists and what the requester may open (task.access and
 * project.access of the policy), so nobody misses an object he can read.
 */

/**
 * Tasks (alias `t`) visible to a user who does not see everything. While tasks without assignee
 * are public, most tasks are visible and PostgreSQL reads the table, testing each row: the id
 * lists are then hashed sub-selects, one probe per row. With reduced visibility few tasks are, and
 * the lists are computed once as arrays so that every branch can be answered from an index.
 */
export function visibleTasksCondition(
  userId: number,
  reducedVisibility: boolean,
  sql: SqlParameters,
): string {
  const user = sql.add(userId);
  const among = (column: string, subquery: string) =>
    reducedVisibility ? `${column} = ANY(ARRAY(${subquery}))` : `${column} IN (${subquery})`;
  return `(${[
    // Public tasks first, the most common reason to see a task; with jobs, everybody annotates them.
    ...(reducedVisibility ? [] : ['t.assignee_id IS NULL']),
    // T_OWNER and T_ASSIGNEE, directly and through the project.
    `t.owner_id = ${user}`,
    `t.assignee_id = ${user}`,
    among(
      't.project_id',
      `SELECT p.id FROM projects p WHERE p.owner_id = ${user} OR p.assignee_id = ${user}`,
    ),
    // A job assigned to the user (and with it T_ANNOTATOR).
    among(
      't.id',
      `SELECT s.task_id FROM segments s JOIN jobs j ON j.segment_id = s.id WHERE j.assignee_id = ${user}`,
    ),
  ].join(' OR ')})`;
}

/** Projects (alias `p`) visible to a user who does not see everything. */
export function visibleProjectsCondition(
  userId: number,
  reducedVisibility: boolean,
  sql: SqlParameters,
): string {
  const user = sql.add(userId);
  // J_ANNOTATOR for some job of the project: P_ANNOTATOR, which grants project.access.
  const annotatedJob = reducedVisibility
    ? `j.assignee_id = ${user}`
    : `(j.assignee_id = ${user} OR pt.assignee_id IS NULL)`;
  return `(p.owner_id = ${user} OR p.assignee_id = ${user}
    OR EXISTS (SELECT 1 FROM tasks pt
                WHERE pt.project_id = p.id AND (pt.owner_id = ${user} OR pt.assignee_id = ${user}))
    OR EXISTS (SELECT 1 FROM tasks pt JOIN segments s ON s.task_id = pt.id JOIN jobs j ON j.segment_id = s.id
                WHERE pt.project_id = p.id AND ${annotatedJob}))`;
}
