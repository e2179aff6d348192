import { FieldValidationError } from '../../common/errors/domain-errors.js';
import {
  escapeLike,
  orderingOf,
  searchTerms,
  type ListQuerySpec,
} from '../../common/pagination/list-query.js';
import { MAX_INT32 } from '../../common/validation/form-values.js';
import type { SqlParameters } from './sql-parameters.js';

export type ListQueryValues = Readonly<Record<string, string | undefined>>;

/** PostgreSQL text cannot hold NUL, so a term containing one matches nothing. */
const NO_MATCH = 'FALSE';

/** `expression ILIKE '%value%'`, with LIKE metacharacters in the value matching literally. */
export function containsCondition(expression: string, value: string, sql: SqlParameters): string {
  if (value.includes('\0')) return NO_MATCH;
  return `${expression} ILIKE ${sql.add(`%${escapeLike(value)}%`)} ESCAPE '\\'`;
}

/**
 * The same match on a column that holds its text in lower case: LIKE there finds what ILIKE finds
 * on the original, at a fraction of the cost per row.
 */
export function lowerCaseContainsCondition(expression: string, value: string, sql: SqlParameters): string {
  if (value.includes('\0')) return NO_MATCH;
  return `${expression} LIKE lower(${sql.add(`%${escapeLike(value)}%`)}) ESCAPE '\\'`;
}

/** The users whose username contains the value, as an array PostgreSQL computes once per query. */
export function usersNamedLike(value: string, sql: SqlParameters): string {
  return `ARRAY(SELECT u.id FROM users u WHERE ${containsCondition('u.username', value, sql)})`;
}

/**
 * A substring match on a column holding one of a few known words, decided here: the database
 * then sees an equality that an index can serve instead of a pattern to test on every row.
 */
export function enumeratedContainsCondition(
  expression: string,
  words: readonly string[],
  value: string,
  sql: SqlParameters,
): string | undefined {
  const matching = words.filter((word) => word.toLowerCase().includes(value.toLowerCase()));
  return matching.length === 0 ? undefined : `${expression} = ANY(${sql.add(matching)}::text[])`;
}

/** An exact match on an integer column; malformed values are the filter's field error. */
export function integerCondition(
  name: string,
  expression: string,
  value: string,
  sql: SqlParameters,
): string {
  if (!/^\s*-?\d+\s*$/.test(value)) throw FieldValidationError.of(name, 'Enter a number.');
  const number = Number(value);
  if (number < -MAX_INT32 - 1 || number > MAX_INT32) return NO_MATCH;
  return `${expression} = ${sql.add(number)}`;
}

/**
 * `search`: every term must match one of the alternatives (spec/README.md, section 5). Each
 * alternative gives the condition for a term, or undefined when it cannot match.
 */
export function searchCondition(
  search: string | undefined,
  alternatives: ReadonlyArray<(term: string) => string | undefined>,
): string[] {
  return searchTerms(search).map((term) => {
    const branches = alternatives
      .map((alternative) => alternative(term))
      .filter((branch) => branch !== undefined);
    return branches.length === 0 ? NO_MATCH : `(${branches.join(' OR ')})`;
  });
}

/**
 * ORDER BY for `ordering`, unknown fields ignored. The id is added last, in the direction of the
 * key before it, so that rows with equal keys keep one order from page to page and an index on
 * (key, id) serves the order in either direction.
 */
export function orderByClause(
  spec: ListQuerySpec,
  ordering: string | undefined,
  idExpression: string,
): string {
  const pairs = orderingOf(spec, ordering);
  if (!pairs.some(([expression]) => expression === idExpression)) {
    pairs.push([idExpression, pairs[pairs.length - 1][1]]);
  }
  return pairs.map(([expression, direction]) => `${expression} ${direction}`).join(', ');
}

/** Filters given with an empty value are ignored, as the reference's filter backend does. */
export function filterValue(query: ListQueryValues, name: string): string | undefined {
  const value = query[name];
  return value === undefined || value === '' ? undefined : value;
}
