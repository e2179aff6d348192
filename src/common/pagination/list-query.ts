import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { FieldValidationError } from '../errors/domain-errors.js';
import { MAX_INT32 } from '../validation/form-values.js';

/** How one list endpoint may be searched, filtered and ordered (spec/README.md, section 5). */
export interface ListQuerySpec {
  /** SQL expressions matched case-insensitively by every `search` term. */
  readonly searchable: readonly string[];
  /** Query parameter → filter on a SQL expression. */
  readonly filters: Readonly<
    Record<string, { readonly expression: string; readonly kind: 'integer' | 'text' }>
  >;
  /** Public ordering field → SQL expression. */
  readonly orderable: Readonly<Record<string, string>>;
  readonly defaultOrder: readonly string[];
}

/** Escapes LIKE metacharacters so user input always matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (match) => `\\${match}`);
}

export function searchTerms(search: string | undefined): string[] {
  return (search ?? '').split(/[\s,]+/).filter((term) => term.length > 0);
}

/**
 * Parses `ordering=a,-b` into SQL order pairs. Unknown fields are dropped silently, as the
 * reference does; when nothing usable remains the default order applies.
 */
export function orderingOf(
  spec: ListQuerySpec,
  ordering: string | undefined,
): Array<[string, 'ASC' | 'DESC']> {
  const parse = (fields: readonly string[]): Array<[string, 'ASC' | 'DESC']> =>
    fields.flatMap((field) => {
      const descending = field.startsWith('-');
      const expression = spec.orderable[descending ? field.slice(1) : field];
      return expression ? [[expression, descending ? 'DESC' : 'ASC'] as [string, 'ASC' | 'DESC']] : [];
    });
  const requested = parse((ordering ?? '').split(',').map((field) => field.trim()));
  return requested.length > 0 ? requested : parse(spec.defaultOrder);
}

/** Applies search, filters and ordering of a list request to a query builder. */
export function applyListQuery<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  spec: ListQuerySpec,
  query: Readonly<Record<string, string | undefined>>,
): SelectQueryBuilder<T> {
  searchTerms(query.search).forEach((term, index) => {
    const conditions = spec.searchable.map((expression) => `${expression} ILIKE :search${index} ESCAPE '\\'`);
    builder.andWhere(`(${conditions.join(' OR ')})`, { [`search${index}`]: `%${escapeLike(term)}%` });
  });

  for (const [name, filter] of Object.entries(spec.filters)) {
    const value = query[name];
    if (value === undefined) continue;
    const parameter = `filter_${name}`;
    if (filter.kind === 'integer') {
      if (!/^-?\d+$/.test(value)) throw FieldValidationError.of(name, 'Enter a number.');
      // Ids are 32-bit: a larger number matches nothing (PostgreSQL would refuse to compare it).
      if (Math.abs(Number(value)) > MAX_INT32) builder.andWhere('1 = 0');
      else builder.andWhere(`${filter.expression} = :${parameter}`, { [parameter]: value });
    } else {
      builder.andWhere(`${filter.expression} ILIKE :${parameter} ESCAPE '\\'`, {
        [parameter]: `%${escapeLike(value)}%`,
      });
    }
  }

  orderingOf(spec, query.ordering).forEach(([expression, direction], index) => {
    if (index === 0) builder.orderBy(expression, direction);
    else builder.addOrderBy(expression, direction);
  });
  return builder;
}
