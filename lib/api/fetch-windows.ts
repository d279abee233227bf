import { BucketGuard } from './bucket-guard';
import type { EndpointName, ParsedResultMap, WireBucket } from '../catalogue/index';
import { paginate, type PageBudget } from './paginate';
import type { TimeWindow } from './plan-windows';
import type { WireQuery } from './query';
import { RequestGate } from './request-gate';
import { requestPage, type PageResult, type RequestContext } from './request-page';

/** Inputs of one concurrent fetch. */
export interface WindowsFetch<E extends EndpointName> {
  endpoint: E;
  /** The validated query; its start/end are replaced by each window's. */
  query: WireQuery;
  windows: readonly TimeWindow[];
  /** Max requests in flight (lowered by 429s). */
  concurrency: number;
  budget: PageBudget;
  /** Called after every page, from whichever window it came. */
  onPage: (result: PageResult<E>) => void;
}

/**
 * Fetches every window with bounded, adaptive concurrency (see `RequestGate`), following pagination
 * inside each window, and returns the buckets in window order: the same list a sequential fetch of
 * the whole range gives, each bucket once and only inside its window. Stops starting windows after the first failure and rethrows it once every
 * in-flight request has settled (no stray requests after return).
 */
export async function fetchWindows<E extends EndpointName>(
  ctx: RequestContext,
  job: WindowsFetch<E>,
): Promise<WireBucket<ParsedResultMap[E]>[]> {
  const gate = new RequestGate(job.concurrency, ctx.now, ctx.sleep);
  const gated: RequestContext = { ...ctx, gate };
  const perWindow: WireBucket<ParsedResultMap[E]>[][] = job.windows.map(() => []);
  let next = 0;
  let failure: { error: unknown } | undefined;
  // Shared by all windows: a server ignoring start_time must not make a day count once per window.
  const seen = new Map<number, WireBucket<ParsedResultMap[E]>>();

  const runWindow = async (i: number, window: TimeWindow): Promise<void> => {
    const params: WireQuery = { ...job.query, start_time: window.start, end_time: window.end };
    const fetchPage = (cursor: string | undefined): Promise<PageResult<E>> =>
      requestPage(job.endpoint, cursor === undefined ? params : { ...params, page: cursor }, gated);
    const guard = new BucketGuard<ParsedResultMap[E]>(window, seen);
    for await (const result of paginate(job.endpoint, fetchPage, job.budget, guard)) {
      perWindow[i]?.push(...result.page.data);
      job.onPage(result);
      if (failure !== undefined) return;
    }
  };

  const worker = async (): Promise<void> => {
    while (failure === undefined && next < job.windows.length) {
      const i = next++;
      const window = job.windows[i];
      if (window === undefined) return;
      try {
        await runWindow(i, window);
      } catch (error) {
        failure ??= { error };
      }
    }
  };

  const workers = Math.min(job.concurrency, job.windows.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
  return perWindow.flat();
}
