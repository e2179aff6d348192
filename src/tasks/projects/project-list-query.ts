import type { ListQuerySpec } from '../../common/pagination/list-query.js';
import { visibleProjectsCondition, type ListVisibility } from '../access/list-visibility.js';
import {
  containsCondition,
  enumeratedContainsCondition,
  filterValue,
  integerCondition,
  orderByClause,
  searchCondition,
  usersNamedLike,
  type ListQueryValues,
} from '../shared/list-filters.js';
import { SqlParameters } from '../shared/sql-parameters.js';

/** Projects have no status of their own in this API version: it is always `annotation`. */
export const PROJECT_STATUSES = ['annotation'] as const;

const ORDERING: ListQuerySpec = {
  searchable: [],
  filters: {},
  orderable: {
    id: 'p.id',
    name: 'p.name',
    owner: 'p.owner_id',
    status: 'p.status',
    assignee: 'p.assignee_id',
  },
  defaultOrder: ['-id'],
};

type FilterBuilder = (value: string, sql: SqlParameters) => string;

const FILTERS: Readonly<Record<string, FilterBuilder>> = {
  id: (value, sql) => integerCondition('id', 'p.id', value, sql),
  name: (value, sql) => containsCondition('p.name', value, sql),
  owner: (value, sql) => `p.owner_id = ANY(${usersNamedLike(value, sql)})`,
  assignee: (value, sql) => `p.assignee_id = ANY(${usersNamedLike(value, sql)})`,
  status: (value, sql) => enumeratedContainsCondition('p.status', PROJECT_STATUSES, value, sql) ?? 'FALSE',
};

/** The SQL of `GET /projects` (spec/tasks.md, section 1): visibility, filters, search, ordering. */
export function projectListQuery(
  visibility: ListVisibility,
  query: ListQueryValues,
): { where: string; sql: SqlParameters; orderBy: string } {
  const sql = new SqlParameters();
  const conditions: string[] = [];
  if (!('everything' in visibility)) {
    conditions.push(visibleProjectsCondition(visibility.userId, visibility.reduced, sql));
  }
  for (const [name, build] of Object.entries(FILTERS)) {
    const value = filterValue(query, name);
    if (value !== undefined) conditions.push(build(value, sql));
  }
  conditions.push(
    ...searchCondition(query.search, [
      (term) => containsCondition('p.name', term, sql),
      (term) => `p.owner_id = ANY(${usersNamedLike(term, sql)})`,
      (term) => `p.assignee_id = ANY(${usersNamedLike(term, sql)})`,
      (term) => enumeratedContainsCondition('p.status', PROJECT_STATUSES, term, sql),
    ]),
  );
  return {
    where: conditions.length === 0 ? 'TRUE' : conditions.join(' AND '),
    sql,
    orderBy: orderByClause(ORDERING, query.ordering, 'p.id'),
  };
}
