import type { PageWindow } from '../../common/pagination/page-request.js';

/**
 * How to read one page of a task list, chosen once the count is known.
 *
 * - `sort-matches`: collect every match, then sort them; the cost grows with the matches.
 * - `walk`: follow an index in page order, keeping matches until the page is full; cheap when the
 *   matches are spread along that order, ruinous when they cluster at its far end (a search for
 *   one owner's name, ordered by owner, reads nearly the whole table). With a `budget`, only that
 *   many rows are walked, and a page that comes up short is read again by `sort-matches`.
 */
export type PagePlan =
  { readonly kind: 'sort-matches' } | { readonly kind: 'walk'; readonly budget?: number };

/** Below this many matches, sorting them all costs next to nothing. */
const FEW_MATCHES = 2_000;

/** Rows a budgeted walk reads beyond twice what evenly spread matches would need. */
const BUDGET_MARGIN = 200;

export function planPage(count: number, estimatedTotal: number, window: PageWindow): PagePlan {
  if (count <= FEW_MATCHES) return { kind: 'sort-matches' };
  const total = Math.max(estimatedTotal, count);
  const evenlySpreadWalk = ((window.offset + window.limit) * total) / count;
  const budget = Math.ceil(2 * evenlySpreadWalk) + BUDGET_MARGIN;
  return budget >= total ? { kind: 'walk' } : { kind: 'walk', budget };
}

/** How many rows the page holds when it is complete. */
export function expectedRows(count: number, window: PageWindow): number {
  return Math.max(0, Math.min(window.limit, count - window.offset));
}
