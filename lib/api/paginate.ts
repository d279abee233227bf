import type { BucketGuard } from './bucket-guard';
import type { EndpointName, ParsedResultMap } from '../catalogue/index';
import { MalformedResponseError, PaginationLimitError } from './errors';
import type { PageResult } from './request-page';

/** Pages fetched so far; shared by the windows of one fetchAll so `maxPages` bounds the whole call. */
export interface PageBudget {
  used: number;
  readonly max: number;
}

/**
 * Follows the `next_page` cursor: `fetchPage(cursor)` must re-send the full original query plus
 * `page=cursor`. Stops when `has_more` is false; a cursor seen twice is a `MalformedResponseError`,
 * needing more than `budget.max` pages a `PaginationLimitError`. With a `guard`, each page keeps only the buckets
 * inside the asked range and not already seen.
 */
export async function* paginate<E extends EndpointName>(
  endpoint: E,
  fetchPage: (cursor: string | undefined) => Promise<PageResult<E>>,
  budget: PageBudget,
  guard?: BucketGuard<ParsedResultMap[E]>,
): AsyncGenerator<PageResult<E>, void, undefined> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    if (budget.used >= budget.max) throw new PaginationLimitError(budget.max, endpoint);
    budget.used++;
    const fetched = await fetchPage(cursor);
    const result =
      guard === undefined
        ? fetched
        : { ...fetched, page: { ...fetched.page, data: guard.keep(fetched.page.data, fetched.requestId) } };
    yield result;
    const next = result.page.next_page;
    if (!result.page.has_more || next === null) return;
    if (seen.has(next) || next === cursor) {
      throw new MalformedResponseError('next_page repeats a cursor already followed', '$.next_page', result.requestId);
    }
    seen.add(next);
    cursor = next;
  }
}
