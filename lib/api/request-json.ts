import {
  ApiConnectionError,
  ApiStatusError,
  ApiTimeoutError,
  MalformedResponseError,
  type UsageApiError,
} from './errors';
import type { ListQuery } from './list-query';
import type { RequestContext } from './request-page';
import { retryDelayMs, shouldRetryStatus } from './retry';
import { scrubSecret, statusError } from './status-error';

/** A parsed JSON body and the `x-request-id` of the response that carried it. */
export interface JsonResult {
  body: unknown;
  requestId: string | undefined;
}

type Outcome =
  | { ok: true; value: JsonResult }
  | { ok: false; error: UsageApiError; retryable: boolean; headers: Readonly<Record<string, string>>; status?: number };

// Only the read-only admin paths this library knows; an id is one percent-encoded path segment.
const ADMIN_PATH =
  /^\/organization\/(projects|users|spend_limit|spend_alerts)(\/[A-Za-z0-9_%.-]+\/(api_keys|service_accounts|spend_limit))?$/;

async function attempt(path: string, params: ListQuery, n: number, ctx: RequestContext): Promise<Outcome> {
  const headers = { Authorization: `Bearer ${ctx.apiKey}`, Accept: 'application/json', 'X-Retry-Count': String(n) };
  let res;
  try {
    res = await ctx.transport.get(path, params, headers);
  } catch (err) {
    if (err instanceof ApiTimeoutError)
      return { ok: false, error: err, retryable: ctx.policy.retryOnTimeout, headers: {} };
    if (err instanceof ApiConnectionError)
      return { ok: false, error: err, retryable: ctx.policy.retryOnConnectionError, headers: {} };
    throw err;
  }
  const requestId = res.headers['x-request-id'];
  if (res.status < 200 || res.status > 299) {
    const error = statusError(res, 'GET', ctx.basePath + path, ctx.apiKey);
    return {
      ok: false,
      error,
      retryable: shouldRetryStatus(res.status, res.headers, ctx.policy),
      headers: res.headers,
      status: res.status,
    };
  }
  try {
    return { ok: true, value: { body: JSON.parse(res.body), requestId } };
  } catch (err) {
    const what = err instanceof Error ? err.message : 'invalid JSON';
    const snippet = scrubSecret(res.body.slice(0, 60), ctx.apiKey);
    const error = new MalformedResponseError(`body is not JSON (${what}): ${JSON.stringify(snippet)}`, '$', requestId);
    return { ok: false, error, retryable: ctx.policy.retryOnMalformedBody, headers: res.headers };
  }
}

/**
 * GETs one admin object or list page (`/organization/projects`, …) and parses its JSON, retrying per the policy
 * exactly like usage pages (same statuses, delays and `onRetry` reports). The shape is checked by the caller.
 */
export async function requestJson(path: string, params: ListQuery, ctx: RequestContext): Promise<JsonResult> {
  if (!ADMIN_PATH.test(path) || /\/\.+\//.test(path))
    throw new TypeError(`invalid path: ${JSON.stringify(path)} (an /organization/ directory path)`);
  for (let n = 0; ; n++) {
    const outcome = await attempt(path, params, n, ctx);
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= ctx.policy.maxRetries) throw outcome.error;
    const delayMs = retryDelayMs(n, outcome.headers, ctx.policy, ctx.now(), ctx.random);
    const reason = outcome.error instanceof ApiStatusError ? `HTTP ${outcome.error.status}` : outcome.error.name;
    ctx.onRetry?.({
      attempt: n + 1,
      delayMs,
      ...(outcome.status === undefined ? {} : { status: outcome.status }),
      reason,
    });
    await ctx.sleep(delayMs);
  }
}
