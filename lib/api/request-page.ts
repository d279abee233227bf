import { endpointSpec, type EndpointName, type ParsedResultMap } from './endpoints';
import { ApiStatusError, ApiTimeoutError, ApiConnectionError, MalformedResponseError, type UsageApiError } from './errors';
import { parsePage } from './parse';
import type { WireQuery } from './query';
import type { RequestGate } from './request-gate';
import { retryDelayMs, shouldRetryStatus, type RetryPolicy } from './retry';
import { scrubSecret, statusError, type RawResponse } from './status-error';
import type { Transport } from './transport';
import type { WirePage } from './wire';

/** What `onRetry` receives before each retry. */
export interface RetryInfo {
  /** The retry about to happen (1 = first retry). */
  attempt: number;
  delayMs: number;
  status?: number;
  reason: string;
}

/** Everything one page request needs; assembled by the client. */
export interface RequestContext {
  transport: Transport;
  apiKey: string;
  /** Path part of the base URL (e.g. `/v1`), for error messages. */
  basePath: string;
  policy: Readonly<RetryPolicy>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  onRetry?: ((info: RetryInfo) => void) | undefined;
  gate?: RequestGate | undefined;
}

/** One fetched page and the `x-request-id` of the response that carried it. */
export interface PageResult<E extends EndpointName> {
  page: WirePage<ParsedResultMap[E]>;
  requestId: string | undefined;
}

type Outcome<E extends EndpointName> =
  | { ok: true; value: PageResult<E> }
  | { ok: false; error: UsageApiError; retryable: boolean; headers: Readonly<Record<string, string>>; status?: number };

function decode<E extends EndpointName>(endpoint: E, res: RawResponse, path: string, ctx: RequestContext): Outcome<E> {
  const requestId = res.headers['x-request-id'];
  if (res.status < 200 || res.status > 299) {
    const error = statusError(res, 'GET', path, ctx.apiKey);
    return { ok: false, error, retryable: shouldRetryStatus(res.status, res.headers, ctx.policy), headers: res.headers, status: res.status };
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch (err) {
    const what = err instanceof Error ? err.message : 'invalid JSON';
    const snippet = scrubSecret(res.body.slice(0, 60), ctx.apiKey);
    const error = new MalformedResponseError(`body is not JSON (${what}): ${JSON.stringify(snippet)}`, '$', requestId);
    return { ok: false, error, retryable: ctx.policy.retryOnMalformedBody, headers: res.headers };
  }
  try {
    return { ok: true, value: { page: parsePage(endpoint, json), requestId } };
  } catch (err) {
    if (!(err instanceof MalformedResponseError)) throw err;
    // A wrong shape is deterministic: retrying would get the same answer.
    const error = new MalformedResponseError(scrubSecret(err.detail, ctx.apiKey), err.jsonPath, requestId);
    return { ok: false, error, retryable: false, headers: res.headers };
  }
}

async function attempt<E extends EndpointName>(
  endpoint: E,
  params: WireQuery & { page?: string },
  n: number,
  ctx: RequestContext,
): Promise<Outcome<E>> {
  const path = endpointSpec(endpoint).path;
  const headers = { Authorization: `Bearer ${ctx.apiKey}`, Accept: 'application/json', 'X-Retry-Count': String(n) };
  await ctx.gate?.acquire();
  try {
    return decode(endpoint, await ctx.transport.get(path, params, headers), ctx.basePath + path, ctx);
  } catch (err) {
    if (err instanceof ApiTimeoutError) return { ok: false, error: err, retryable: ctx.policy.retryOnTimeout, headers: {} };
    if (err instanceof ApiConnectionError) return { ok: false, error: err, retryable: ctx.policy.retryOnConnectionError, headers: {} };
    throw err;
  } finally {
    ctx.gate?.release();
  }
}

/**
 * GETs one page of `endpoint` with `params` (already validated), retrying per the policy.
 * Worst case time: (maxRetries + 1) × timeout + the retry delays.
 */
export async function requestPage<E extends EndpointName>(
  endpoint: E,
  params: WireQuery & { page?: string },
  ctx: RequestContext,
): Promise<PageResult<E>> {
  for (let n = 0; ; n++) {
    const outcome = await attempt(endpoint, params, n, ctx);
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= ctx.policy.maxRetries) throw outcome.error;
    const delayMs = retryDelayMs(n, outcome.headers, ctx.policy, ctx.now(), ctx.random);
    if (outcome.status === 429) ctx.gate?.backOff(delayMs);
    const reason = outcome.error instanceof ApiStatusError ? `HTTP ${outcome.error.status}` : outcome.error.name;
    ctx.onRetry?.({ attempt: n + 1, delayMs, ...(outcome.status === undefined ? {} : { status: outcome.status }), reason });
    await ctx.sleep(delayMs);
  }
}
