import { throwIfAborted, untilAborted } from './abort';
import { endpointSpec, type EndpointName, type ParsedResultMap, type WirePage } from '../catalogue/index';
import {
  ApiStatusError,
  ApiTimeoutError,
  ApiConnectionError,
  MalformedResponseError,
  type UsageApiError,
} from './errors';
import { parsePage } from './parse';
import type { WireQuery } from './query';
import type { RequestGate } from './request-gate';
import { retryDelayMs, shouldRetryStatus, type RetryPolicy } from './retry';
import { scrubSecret } from './secret';
import { statusError, type RawResponse } from './status-error';
import { CONNECTION_CODES, type Transport } from './transport';

/** What `onRetry` receives before each retry. */
export interface RetryInfo {
  /** The retry about to happen (1 = first retry). */
  attempt: number;
  delayMs: number;
  status?: number;
  /** The error class that caused the retry (`HTTP 429` for a status). */
  reason: string;
  /** What happened, for people: "timed out after 2000 ms", "connection refused (ECONNREFUSED)", "HTML page instead of JSON". */
  detail?: string;
}

/** One short phrase for a retried failure (the progress line shows it). */
function whatHappened(error: UsageApiError): string {
  if (error instanceof ApiStatusError) return `HTTP ${error.status}`;
  if (error instanceof ApiTimeoutError) return error.message.replace(/^GET \S+ /, '');
  if (error instanceof ApiConnectionError) {
    const code = /^GET \S+ failed: ([A-Z_]+)/.exec(error.message)?.[1] ?? '';
    return `${CONNECTION_CODES[code] ?? 'connection failed'}${code === '' ? '' : ` (${code})`}`;
  }
  if (error instanceof MalformedResponseError) {
    const html = /^body is an HTML page, not JSON( \(".*?"\))?/.exec(error.detail);
    if (html !== null) return `HTML page instead of JSON${html[1] ?? ''}`;
    return `malformed response: ${error.detail.length > 120 ? `${error.detail.slice(0, 119)}…` : error.detail}`;
  }
  return error.message;
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
  /** Cancels the in-flight request and any retry wait; the call rejects with the abort reason. */
  signal?: AbortSignal | undefined;
  /** Sees the headers of every response that arrived (any status), before it is decoded. */
  onHeaders?: ((headers: Readonly<Record<string, string>>) => void) | undefined;
}

/** A decoded body and the `x-request-id` (scrubbed) of the response that carried it. */
export interface Decoded<T> {
  value: T;
  requestId: string | undefined;
}

/** One fetched page and the `x-request-id` of the response that carried it. */
export interface PageResult<E extends EndpointName> {
  page: WirePage<ParsedResultMap[E]>;
  requestId: string | undefined;
}

type Outcome<T> =
  | { ok: true; value: Decoded<T> }
  | { ok: false; error: UsageApiError; retryable: boolean; headers: Readonly<Record<string, string>>; status?: number };

/** Turns parsed JSON into the caller's type or throws `MalformedResponseError` naming the JSON path. */
export type ParseBody<T> = (json: unknown) => T;

function decode<T>(res: RawResponse, path: string, parse: ParseBody<T>, ctx: RequestContext): Outcome<T> {
  const rid = res.headers['x-request-id'];
  const requestId = rid === undefined ? undefined : scrubSecret(rid, ctx.apiKey);
  if (res.status < 200 || res.status > 299) {
    const error = statusError(res, 'GET', path, ctx.apiKey);
    return {
      ok: false,
      error,
      retryable: shouldRetryStatus(res.status, res.headers, ctx.policy),
      headers: res.headers,
      status: res.status,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch (err) {
    const what = err instanceof Error ? err.message : 'invalid JSON';
    // Scrubbed before cutting: a key cut at the boundary would survive in part.
    const body = scrubSecret(res.body, ctx.apiKey);
    const snippet = body.slice(0, 60);
    const title = /<title>([^<]*)<\/title>/i.exec(body.slice(0, 4096))?.[1]?.trim();
    const detail = /^\s*</.test(body)
      ? `body is an HTML page, not JSON${title === undefined || title === '' ? '' : ` (${JSON.stringify(title.slice(0, 80))})`}: ${JSON.stringify(snippet)}`
      : `body is not JSON (${what}): ${JSON.stringify(snippet)}`;
    const error = new MalformedResponseError(detail, '$', requestId);
    return { ok: false, error, retryable: ctx.policy.retryOnMalformedBody, headers: res.headers };
  }
  try {
    return { ok: true, value: { value: parse(json), requestId } };
  } catch (err) {
    if (!(err instanceof MalformedResponseError)) throw err;
    // A wrong shape is deterministic: retrying would get the same answer.
    // Scrubbed, then shortened: a server string quoted whole can hold the key anywhere.
    const detail = scrubSecret(err.detail, ctx.apiKey);
    const error = new MalformedResponseError(
      detail.length > 300 ? `${detail.slice(0, 299)}…` : detail,
      err.jsonPath,
      requestId,
    );
    return { ok: false, error, retryable: false, headers: res.headers };
  }
}

async function attempt<T>(
  path: string,
  params: Parameters<Transport['get']>[1],
  parse: ParseBody<T>,
  n: number,
  ctx: RequestContext,
): Promise<Outcome<T>> {
  const headers = { Authorization: `Bearer ${ctx.apiKey}`, Accept: 'application/json', 'X-Retry-Count': String(n) };
  throwIfAborted(ctx.signal);
  await ctx.gate?.acquire();
  try {
    throwIfAborted(ctx.signal);
    const res = await ctx.transport.get(path, params, headers, ctx.signal);
    ctx.onHeaders?.(res.headers);
    return decode(res, ctx.basePath + path, parse, ctx);
  } catch (err) {
    if (err instanceof ApiTimeoutError)
      return { ok: false, error: err, retryable: ctx.policy.retryOnTimeout, headers: {} };
    if (err instanceof ApiConnectionError)
      return { ok: false, error: err, retryable: ctx.policy.retryOnConnectionError, headers: {} };
    throw err;
  } finally {
    ctx.gate?.release();
  }
}

/**
 * GETs `path` with `params` (already validated) and decodes its JSON with `parse`, retrying per the policy: the one
 * request loop of the client (usage pages and admin directory objects alike).
 * Worst case time: (maxRetries + 1) × timeout + the retry delays; at once after `ctx.signal` aborts.
 */
export async function requestWithRetry<T>(
  path: string,
  params: Parameters<Transport['get']>[1],
  parse: ParseBody<T>,
  ctx: RequestContext,
): Promise<Decoded<T>> {
  for (let n = 0; ; n++) {
    const outcome = await attempt(path, params, parse, n, ctx);
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= ctx.policy.maxRetries) throw outcome.error;
    const delayMs = retryDelayMs(n, outcome.headers, ctx.policy, ctx.now(), ctx.random);
    if (outcome.status === 429) ctx.gate?.backOff(delayMs);
    const reason = outcome.error instanceof ApiStatusError ? `HTTP ${outcome.error.status}` : outcome.error.name;
    const status = outcome.status === undefined ? {} : { status: outcome.status };
    ctx.onRetry?.({ attempt: n + 1, delayMs, ...status, reason, detail: whatHappened(outcome.error) });
    await untilAborted(ctx.sleep(delayMs), ctx.signal);
  }
}

/** GETs one page of `endpoint` with `params` (already validated), retrying per the policy. */
export async function requestPage<E extends EndpointName>(
  endpoint: E,
  params: WireQuery & { page?: string },
  ctx: RequestContext,
): Promise<PageResult<E>> {
  const { value, requestId } = await requestWithRetry(
    endpointSpec(endpoint).path,
    params,
    (json) => parsePage(endpoint, json),
    ctx,
  );
  return { page: value, requestId };
}
