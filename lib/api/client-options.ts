import type { EndpointName } from '../catalogue/index';
import type { RetryInfo } from './request-page';
import type { RetryOptions } from './retry';
import { normalizeApiKey } from './secret';

/** Progress of a multi-page fetch, reported after every page and while waiting to retry. */
export interface FetchProgress {
  endpoint: EndpointName;
  pages: number;
  buckets: number;
  results: number;
  done: boolean;
  /** Set while sleeping before a retry (rate limit or transient error). @unit milliseconds */
  waitingMs?: number;
  /** The retry about to be made, with `waitingMs`. */
  attempt?: number;
}

/** Options of `UsageClient`. Every field but `apiKey` has a default. */
export interface ClientOptions {
  /** Organization admin key (`sk-admin-…`); never logged nor put in errors. */
  apiKey: string;
  /** @default 'https://api.openai.com/v1' */
  baseURL?: string;
  /** Per attempt. @unit milliseconds @default 60000 */
  timeoutMs?: number;
  /** Merged over `DEFAULT_RETRY_POLICY`. */
  retry?: RetryOptions;
  /** Safety valve against runaway pagination, per call. @default 10000 */
  maxPages?: number;
  /** Max requests in flight for `fetchAll` (1 = sequential pages with the caller's limit). @default 4 */
  concurrency?: number;
  /** Injectable for tests. @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
  /** Current time in epoch ms, injectable. @default Date.now */
  now?: () => number;
  /** Uniform [0, 1) source for retry jitter. @default Math.random */
  random?: () => number;
  onProgress?: (p: FetchProgress) => void;
  onRetry?: (info: RetryInfo) => void;
}

/** Per-call overrides of `pages`, `buckets` and `fetchAll`. */
export interface FetchOptions {
  concurrency?: number;
  maxPages?: number;
  onProgress?: (p: FetchProgress) => void;
  /**
   * Cancels the call: in-flight requests are aborted and no new one starts; the call rejects with the signal's
   * reason (an `AbortError` by default).
   * @example
   * const ac = new AbortController();
   * setTimeout(() => ac.abort(), 5000);
   * await client.fetchAll('costs', q, { signal: ac.signal });
   */
  signal?: AbortSignal;
}

/** `ClientOptions` with every default filled in (the key excluded: the client keeps it private). */
export interface ResolvedOptions {
  baseURL: string;
  timeoutMs: number;
  maxPages: number;
  concurrency: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  onProgress: ((p: FetchProgress) => void) | undefined;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function positiveInt(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`invalid ${name}: ${String(value)}`);
  return value;
}

/**
 * Validates a base URL (http/https, no credentials, no query) and trims trailing slashes. `name` is what the message
 * calls it: the option (`baseURL`) or the variable the user set (`OPENAI_BASE_URL`).
 */
export function normalizeBaseURL(value: string, name = 'baseURL'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `invalid ${name}: ${JSON.stringify(value)} (expected an http(s) URL such as ${DEFAULT_BASE_URL})`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`invalid ${name}: ${JSON.stringify(value)} (expected http or https, e.g. ${DEFAULT_BASE_URL})`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `invalid ${name}: ${JSON.stringify(url.origin + url.pathname)} (no credentials, query or fragment)`,
    );
  }
  return value.replace(/\/+$/, '');
}

/** Resolves defaults in one place; bad options fail early with `invalid <name>: <value>`. */
export function resolveClientOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('invalid options: expected an object');
  if (typeof options.apiKey !== 'string' || normalizeApiKey(options.apiKey) === '') {
    // The value is not echoed: it may be a (malformed) secret.
    throw new TypeError('invalid apiKey: expected a non-empty string (set OPENAI_ADMIN_KEY)');
  }
  if (/\s/.test(options.apiKey)) throw new TypeError('invalid apiKey: contains whitespace');
  return {
    baseURL: normalizeBaseURL(options.baseURL ?? DEFAULT_BASE_URL),
    timeoutMs: positiveInt('timeoutMs', options.timeoutMs, 60_000),
    maxPages: positiveInt('maxPages', options.maxPages, 10_000),
    concurrency: positiveInt('concurrency', options.concurrency, 4),
    sleep: options.sleep ?? realSleep,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    onProgress: options.onProgress,
    onRetry: options.onRetry,
  };
}
