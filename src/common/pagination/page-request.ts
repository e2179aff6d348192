import { NotFoundError } from '../errors/domain-errors.js';
import { absoluteUrl, type RequestOrigin } from '../http/absolute-url.js';

export const DEFAULT_PAGE_SIZE = 10;

export interface PageRequest {
  /** 1-based page number, or `last`; anything else was rejected while parsing. */
  readonly page: number | 'last';
  readonly pageSize: number;
}

export interface PageWindow {
  readonly page: number;
  readonly lastPage: number;
  readonly offset: number;
  readonly limit: number;
}

export interface Page<T> {
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: T[];
}

function invalidPage(): NotFoundError {
  return new NotFoundError('Invalid page.');
}

/**
 * Reads `page` and `page_size` as CVAT does: a bad page is a 404, a bad page size silently falls
 * back to the default. `page_size=all` and oversized pages are capped so no request can ask the
 * server to materialise an unbounded list.
 */
export function parsePageRequest(query: Record<string, unknown>, maxPageSize: number): PageRequest {
  const rawPage = typeof query.page === 'string' ? query.page : undefined;
  let page: number | 'last' = 1;
  if (rawPage === 'last') page = 'last';
  else if (rawPage !== undefined) {
    if (!/^\d+$/.test(rawPage)) throw invalidPage();
    page = Number(rawPage);
    if (page < 1) throw invalidPage();
  }

  const rawSize = typeof query.page_size === 'string' ? query.page_size : undefined;
  let pageSize = DEFAULT_PAGE_SIZE;
  if (rawSize === 'all') pageSize = maxPageSize;
  else if (rawSize !== undefined && /^\d+$/.test(rawSize) && Number(rawSize) > 0) pageSize = Number(rawSize);
  return { page, pageSize: Math.min(pageSize, maxPageSize) };
}

export function resolvePageWindow(request: PageRequest, count: number): PageWindow {
  const lastPage = Math.max(1, Math.ceil(count / request.pageSize));
  const page = request.page === 'last' ? lastPage : request.page;
  if (page > lastPage) throw invalidPage();
  return { page, lastPage, offset: (page - 1) * request.pageSize, limit: request.pageSize };
}

/** Absolute link to another page of the current request, keeping every other query parameter. */
export function pageLink(origin: RequestOrigin, requestUrl: string, page: number): string {
  const url = new URL(requestUrl, 'http://placeholder');
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return absoluteUrl(origin, `${url.pathname}${url.search}`);
}

export function buildPage<T>(
  origin: RequestOrigin,
  requestUrl: string,
  window: PageWindow,
  count: number,
  results: T[],
): Page<T> {
  return {
    count,
    next: window.page < window.lastPage ? pageLink(origin, requestUrl, window.page + 1) : null,
    previous: window.page > 1 ? pageLink(origin, requestUrl, window.page - 1) : null,
    results,
  };
}
