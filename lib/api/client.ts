import { createHash } from 'node:crypto';
import {
  endpointSpec,
  type EndpointName,
  type ParsedResultMap,
  type WireBucket,
  type WirePage,
} from '../catalogue/index';
import { BucketGuard } from './bucket-guard';
import { fetchWindows } from './fetch-windows';
import { paginate } from './paginate';
import type { ListQuery } from './list-query';
import { planWindows } from './plan-windows';
import { validateQuery, type UsageQuery, type WireQuery } from './query';
import { requestJson, type JsonResult } from './request-json';
import { requestPage, type PageResult, type RequestContext, type RetryInfo } from './request-page';
import { normalizeRetryPolicy, type RetryPolicy } from './retry';
import { createTransport, type Transport } from './transport';
import {
  resolveClientOptions,
  type ClientOptions,
  type FetchOptions,
  type FetchProgress,
  type ResolvedOptions,
} from './client-options';
import { organizationFromHeader } from './organization-id';
import { normalizeApiKey, registerSecret } from './secret';

export type { ClientOptions, FetchOptions, FetchProgress } from './client-options';

/**
 * Typed client of the organization Usage and Costs API: validation before any request, typed errors,
 * retries per a `RetryPolicy`, cursor pagination as async iterators and a concurrent `fetchAll`.
 * @example
 * const client = new UsageClient({ apiKey: process.env.OPENAI_ADMIN_KEY ?? '' });
 * const buckets = await client.fetchAll('costs', { start_time: daysAgo(30), group_by: ['line_item'] });
 */
export class UsageClient {
  readonly baseURL: string;
  /**
   * Who is asking: equal for clients of one key and base URL, a SHA-256 of the two (never the key), so data that
   * depends only on the caller (the directory) can be reused by the next client of a notebook's Run All.
   */
  readonly caller: string;
  readonly #opts: ResolvedOptions;
  readonly #policy: Readonly<RetryPolicy>;
  readonly #transport: Transport;
  readonly #apiKey: string;
  #organizationId: string | undefined;

  constructor(options: ClientOptions) {
    this.#opts = resolveClientOptions(options);
    // Normalized once: the exact value sent is the one masked in every error.
    this.#apiKey = normalizeApiKey(options.apiKey);
    registerSecret(this.#apiKey);
    this.#policy = normalizeRetryPolicy(options.retry);
    this.baseURL = this.#opts.baseURL;
    this.caller = createHash('sha256').update(`${this.baseURL}\u0000${this.#apiKey}`).digest('hex');
    this.#transport = createTransport(this.baseURL, this.#opts.timeoutMs);
  }

  #context(
    progress?: (p: FetchProgress) => void,
    endpoint?: EndpointName,
    counts?: () => Omit<FetchProgress, 'endpoint' | 'done'>,
    signal?: AbortSignal,
  ): RequestContext {
    const o = this.#opts;
    const onRetry = (info: RetryInfo): void => {
      o.onRetry?.(info);
      if (progress !== undefined && endpoint !== undefined && counts !== undefined) {
        progress({ endpoint, ...counts(), done: false, waitingMs: info.delayMs, attempt: info.attempt });
      }
    };
    const basePath = new URL(this.baseURL).pathname.replace(/\/+$/, '');
    return {
      transport: this.#transport,
      apiKey: this.#apiKey,
      basePath,
      policy: this.#policy,
      sleep: o.sleep,
      now: o.now,
      random: o.random,
      onRetry,
      signal,
      onHeaders: (headers) => {
        const id = organizationFromHeader(headers['openai-organization'], this.#apiKey);
        if (id !== undefined) this.#organizationId = id;
      },
    };
  }

  /**
   * The organization the last response that named one named (its `openai-organization` header, sent by the real API
   * on every answer); undefined until then, or when the server never sends it (see `resolveOrganization`).
   */
  get organizationId(): string | undefined {
    return this.#organizationId;
  }

  /** One page (`page` = a `next_page` cursor), retried per the policy. */
  async getPage<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
    page?: string,
  ): Promise<{ page: WirePage<ParsedResultMap[E]>; requestId: string | undefined }> {
    const params = validateQuery(endpoint, query);
    return requestPage(endpoint, page === undefined ? params : { ...params, page }, this.#context());
  }

  /**
   * Every page of the query in order, each request re-sending all the original params plus `page`; each page holds only
   * buckets inside the range asked for and not sent before (a conflicting repeat is a `MalformedResponseError`).
   */
  async *pages<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
    opts: FetchOptions = {},
  ): AsyncGenerator<WirePage<ParsedResultMap[E]>, void, undefined> {
    const params = validateQuery(endpoint, query);
    const progress = opts.onProgress ?? this.#opts.onProgress;
    const c = { pages: 0, buckets: 0, results: 0 };
    const ctx = this.#context(progress, endpoint, () => ({ ...c }), opts.signal);
    const fetchPage = (cursor: string | undefined): Promise<PageResult<E>> =>
      requestPage(endpoint, cursor === undefined ? params : { ...params, page: cursor }, ctx);
    const guard = new BucketGuard<ParsedResultMap[E]>({ start: params.start_time, end: params.end_time ?? Infinity });
    for await (const { page } of paginate(
      endpoint,
      fetchPage,
      { used: 0, max: opts.maxPages ?? this.#opts.maxPages },
      guard,
    )) {
      count(c, page.data);
      progress?.({ endpoint, ...c, done: false });
      yield page;
    }
    progress?.({ endpoint, ...c, done: true });
  }

  /** Every bucket of the query in order. */
  async *buckets<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
    opts: FetchOptions = {},
  ): AsyncGenerator<WireBucket<ParsedResultMap[E]>, void, undefined> {
    for await (const page of this.pages(endpoint, query, opts)) yield* page.data;
  }

  /**
   * All buckets of the query, in order, each exactly once. With concurrency > 1 the range is split
   * into windows of the width's maximum `limit` (one page each), fetched in parallel and
   * reassembled: the result is identical to a sequential fetch. A missing `end_time` is pinned to
   * `now()` once. Time ≈ ceil(pages / concurrency) × round trip; a 429 halves the concurrency.
   */
  async fetchAll<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
    opts: FetchOptions = {},
  ): Promise<WireBucket<ParsedResultMap[E]>[]> {
    const params = validateQuery(endpoint, query);
    const concurrency = opts.concurrency ?? this.#opts.concurrency;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`invalid concurrency: ${concurrency}`);
    const end = params.end_time ?? Math.floor(this.#opts.now() / 1000);
    const width = params.bucket_width ?? '1d';
    const max = endpointSpec(endpoint).limits[width]?.max ?? 1;
    const windows = planWindows(params.start_time, end, width, max);
    if (concurrency === 1) return collect(this.buckets(endpoint, query, opts));
    // One window: a single page of the width's max limit returns the same buckets as many small pages.
    if (windows.length < 2) return collect(this.buckets(endpoint, { ...query, limit: max }, opts));
    const progress = opts.onProgress ?? this.#opts.onProgress;
    const c = { pages: 0, buckets: 0, results: 0 };
    const wire: WireQuery = { ...params, limit: max };
    const buckets = await fetchWindows(
      this.#context(progress, endpoint, () => ({ ...c }), opts.signal),
      {
        endpoint,
        query: wire,
        windows,
        concurrency,
        budget: { used: 0, max: opts.maxPages ?? this.#opts.maxPages },
        onPage: ({ page }) => {
          count(c, page.data);
          progress?.({ endpoint, ...c, done: false });
        },
      },
    );
    progress?.({ endpoint, ...c, done: true });
    return buckets;
  }

  /**
   * One GET of a read-only admin path (`/organization/projects`, `/organization/projects/{id}/api_keys`, …), retried
   * per the policy; the JSON body is returned unchecked (see `loadDirectory` for typed, paged reads).
   */
  async getJson(path: string, query: ListQuery = {}, opts: { signal?: AbortSignal } = {}): Promise<JsonResult> {
    return requestJson(path, query, this.#context(undefined, undefined, undefined, opts.signal));
  }

  /** Frees the keep-alive sockets. */
  close(): void {
    this.#transport.close();
  }
}

function count(c: { pages: number; buckets: number; results: number }, data: readonly WireBucket<unknown>[]): void {
  c.pages++;
  c.buckets += data.length;
  for (const b of data) c.results += b.results.length;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
