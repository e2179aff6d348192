import { searchTerms, type ListQuerySpec } from '../../common/pagination/list-query.js';
import { visibleTasksCondition, type ListVisibility } from '../access/list-visibility.js';
import {
  containsCondition,
  enumeratedContainsCondition,
  filterValue,
  integerCondition,
  lowerCaseContainsCondition,
  orderByClause,
  usersNamedLike,
  type ListQueryValues,
} from '../shared/list-filters.js';
import { SqlParameters } from '../shared/sql-parameters.js';
import { TASK_MODES, TASK_STATUSES } from './task-states.js';

const ORDERING: ListQuerySpec = {
  searchable: [],
  filters: {},
  orderable: {
    id: 't.id',
    name: 't.name',
    owner: 't.owner_id',
    status: 't.status',
    assignee: 't.assignee_id',
  },
  defaultOrder: ['-id'],
};

export interface TaskListQuery {
  readonly where: string;
  readonly sql: SqlParameters;
  readonly orderBy: string;
}

type FilterBuilder = (value: string, sql: SqlParameters) => string;

/** The filters of `GET /tasks` (spec/tasks.md, "List"); text filters are case-insensitive substrings. */
const FILTERS: Readonly<Record<string, FilterBuilder>> = {
  id: (value, sql) => integerCondition('id', 't.id', value, sql),
  project_id: (value, sql) => integerCondition('project_id', 't.project_id', value, sql),
  project: (value, sql) =>
    `t.project_id = ANY(ARRAY(SELECT p.id FROM projects p WHERE ${containsCondition('p.name', value, sql)}))`,
  name: (value, sql) => lowerCaseContainsCondition('t.search_name', value, sql),
  owner: (value, sql) => `t.owner_id = ANY(${usersNamedLike(value, sql)})`,
  assignee: (value, sql) => `t.assignee_id = ANY(${usersNamedLike(value, sql)})`,
  mode: (value, sql) => enumeratedContainsCondition('t.mode', TASK_MODES, value, sql) ?? 'FALSE',
  status: (value, sql) => enumeratedContainsCondition('t.status', TASK_STATUSES, value, sql) ?? 'FALSE',
};

/**
 * One `search` term: it must be part of a state word, the owner's username or the task's name
 * (spec/README.md, section 5). Cheapest branches first: PostgreSQL stops at the first that holds.
 *
 * A term within a state word matches most tasks, so PostgreSQL reads the whole table; the owners
 * and names matching it are then looked up once (the names through the trigram index, which needs
 * three characters) and probed per row. Other terms are selective, and their branches are written
 * so that indexes answer them.
 */
function termCondition(term: string, sql: SqlParameters): string {
  const states = [
    enumeratedContainsCondition('t.status', TASK_STATUSES, term, sql),
    enumeratedContainsCondition('t.mode', TASK_MODES, term, sql),
  ].filter((branch) => branch !== undefined);
  const broad = states.length > 0;
  const owner = broad
    ? `t.owner_id IN (SELECT u.id FROM users u WHERE ${containsCondition('u.username', term, sql)})`
    : `t.owner_id = ANY(${usersNamedLike(term, sql)})`;
  const name =
    broad && term.length >= 3
      ? `t.id IN (SELECT n.id FROM tasks n WHERE ${lowerCaseContainsCondition('n.search_name', term, sql)})`
      : lowerCaseContainsCondition('t.search_name', term, sql);
  return `(${[...states, owner, name].join(' OR ')})`;
}

/**
 * The SQL of a task list: visibility, the project it is restricted to, then the list parameters
 * of the request (filters, search, ordering). Unknown parameters are ignored.
 */
export function taskListQuery(
  visibility: ListVisibility,
  query: ListQueryValues,
  projectId?: number,
): TaskListQuery {
  const sql = new SqlParameters();
  const conditions: string[] = [];
  if (!('everything' in visibility)) {
    conditions.push(visibleTasksCondition(visibility.userId, visibility.reduced, sql));
  }
  if (projectId !== undefined) conditions.push(`t.project_id = ${sql.add(projectId)}`);

  for (const [name, build] of Object.entries(FILTERS)) {
    const value = filterValue(query, name);
    if (value !== undefined) conditions.push(build(value, sql));
  }
  conditions.push(...searchTerms(query.search).map((term) => termCondition(term, sql)));

  return {
    where: conditions.length === 0 ? 'TRUE' : conditions.join(' AND '),
    sql,
    orderBy: orderByClause(ORDERING, query.ordering, 't.id'),
  };
}
