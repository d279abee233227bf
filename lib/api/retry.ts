/**
 * Retry policy as data (ky/openai-node style): which failures are retried and how long to wait.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 2 */
  maxRetries: number;
  /** HTTP statuses worth retrying, besides server errors. @default [408, 409, 429] */
  statusCodes: readonly number[];
  /** Retry every status >= 500 (501, 520, 529 too), as both official SDKs do. @default true */
  retryOnServerError: boolean;
  /** Retry when an attempt times out. @default true */
  retryOnTimeout: boolean;
  /** Retry when the connection fails (refused, reset). @default true */
  retryOnConnectionError: boolean;
  /** Retry a 2xx whose body is not valid JSON (truncated, HTML). @default true */
  retryOnMalformedBody: boolean;
  /** First backoff delay. @unit milliseconds @default 500 */
  initialDelayMs: number;
  /** Backoff cap. @unit milliseconds @default 8000 */
  maxDelayMs: number;
  /** Backoff is multiplied by a factor in [1 - jitter, 1]. @default 0.25 */
  jitter: number;
  /** A server-given delay above this is ignored (backoff is used instead). @unit milliseconds @default 60000 */
  maxRetryAfterMs: number;
}

/** The defaults, matching the official SDKs. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxRetries: 2,
  statusCodes: Object.freeze([408, 409, 429]),
  retryOnServerError: true,
  retryOnTimeout: true,
  retryOnConnectionError: true,
  retryOnMalformedBody: true,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  jitter: 0.25,
  maxRetryAfterMs: 60_000,
});

function fail(name: string, value: unknown): never {
  throw new TypeError(`invalid retry.${name}: ${JSON.stringify(value)}`);
}

function nonNegative(name: string, v: unknown, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) fail(name, v);
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') fail(name, v);
  return v;
}

/** A partial policy as callers write it; `undefined` means "use the default". */
export type RetryOptions = { [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined };

/** Merges `partial` over the defaults; `undefined` values keep the default; bad shapes throw. */
export function normalizeRetryPolicy(partial: RetryOptions = {}): Readonly<RetryPolicy> {
  const p = { ...DEFAULT_RETRY_POLICY };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) Object.assign(p, { [k]: v });
  for (const k of Object.keys(partial)) if (!(k in DEFAULT_RETRY_POLICY)) fail(k, 'unknown option');
  const codes: unknown = p.statusCodes;
  if (!Array.isArray(codes) || !codes.every((c) => Number.isInteger(c) && c >= 100 && c <= 599))
    fail('statusCodes', codes);
  const jitter = nonNegative('jitter', p.jitter);
  if (jitter > 1) fail('jitter', jitter);
  return Object.freeze({
    maxRetries: nonNegative('maxRetries', p.maxRetries, true),
    statusCodes: Object.freeze([...p.statusCodes]),
    retryOnServerError: bool('retryOnServerError', p.retryOnServerError),
    retryOnTimeout: bool('retryOnTimeout', p.retryOnTimeout),
    retryOnConnectionError: bool('retryOnConnectionError', p.retryOnConnectionError),
    retryOnMalformedBody: bool('retryOnMalformedBody', p.retryOnMalformedBody),
    initialDelayMs: nonNegative('initialDelayMs', p.initialDelayMs),
    maxDelayMs: nonNegative('maxDelayMs', p.maxDelayMs),
    jitter,
    maxRetryAfterMs: nonNegative('maxRetryAfterMs', p.maxRetryAfterMs),
  });
}

/** The server's requested delay in ms, if it sent one we can read (retry-after-ms, then Retry-After). */
export function serverDelayMs(headers: Readonly<Record<string, string>>, now: number): number | undefined {
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const ra = headers['retry-after'];
  if (ra === undefined || ra.trim() === '') return undefined;
  if (Number.isFinite(Number(ra))) return Number(ra) * 1000;
  const date = Date.parse(ra); // HTTP-date, https://developer.mozilla.org/docs/Web/HTTP/Headers/Retry-After
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt + 1` (`attempt` = retries already taken, 0 for the first).
 * A server-given delay within [0, maxRetryAfterMs] is used as is (never jittered); otherwise
 * exponential backoff `initialDelayMs * 2^attempt`, capped at `maxDelayMs`, times a jitter factor
 * in [1 - jitter, 1].
 */
export function retryDelayMs(
  attempt: number,
  headers: Readonly<Record<string, string>>,
  policy: Readonly<RetryPolicy>,
  now: number,
  random: () => number,
): number {
  const server = serverDelayMs(headers, now);
  if (server !== undefined && server >= 0 && server <= policy.maxRetryAfterMs) return server;
  const base = Math.min(policy.initialDelayMs * 2 ** attempt, policy.maxDelayMs);
  return base * (1 - policy.jitter * random());
}

/** Whether a status response should be retried: `x-should-retry` first, then the status list. */
export function shouldRetryStatus(
  status: number,
  headers: Readonly<Record<string, string>>,
  policy: Readonly<RetryPolicy>,
): boolean {
  const forced = headers['x-should-retry'];
  if (forced === 'true') return true;
  if (forced === 'false') return false;
  return policy.statusCodes.includes(status) || (policy.retryOnServerError && status >= 500);
}
