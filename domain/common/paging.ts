/** Paging of lists (`?page=1&pageSize=25`, pageSize at most 200): one page of a query and its total. */
import type { SelectQueryBuilder } from 'kysely';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;
/** Past this page every list is empty anyway; a bigger number is a typo or a probe. */
export const MAX_PAGE = 1_000_000;

export interface PageRequest { page: number; pageSize: number }
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

/**
 * One page of `select` (which must carry its ORDER BY) and the total of `count`, run side
 * by side; `map` turns a row into the item the caller lists.
 */
export async function fetchPage<DB, TB extends keyof DB, TC extends keyof DB, O, T>(
  select: SelectQueryBuilder<DB, TB, O>,
  count: SelectQueryBuilder<DB, TC, { total: string | number | bigint }>,
  request: PageRequest,
  map: (row: O) => T,
): Promise<Page<T>> {
  const { page, pageSize } = request;
  const [rows, counted] = await Promise.all([
    select.limit(pageSize).offset((page - 1) * pageSize).execute(),
    count.executeTakeFirst(),
  ]);
  return { items: rows.map(map), total: Number(counted?.total ?? 0), page, pageSize };
}

/** Lenient paging for pages (a bad `?page` in a link shows page 1, not an error). */
export function pageFromQuery(page: string | undefined, pageSize: string | undefined, defaultSize = DEFAULT_PAGE_SIZE): PageRequest {
  const p = Number(page);
  const s = Number(pageSize);
  return {
    page: Number.isSafeInteger(p) && p >= 1 ? Math.min(p, MAX_PAGE) : 1,
    pageSize: Number.isSafeInteger(s) && s >= 1 ? Math.min(s, MAX_PAGE_SIZE) : defaultSize,
  };
}

export function pageCount(page: Pick<Page<unknown>, 'total' | 'pageSize'>): number {
  return Math.max(1, Math.ceil(page.total / page.pageSize));
}
