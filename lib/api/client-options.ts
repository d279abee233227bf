import type { ClientOptions, FetchProgress } from './client';
import type { RetryInfo } from './request-page';
import { normalizeApiKey } from './secret';

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

/** Validates a base URL (http/https, no credentials, no query) and trims trailing slashes. */
export function normalizeBaseURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`invalid baseURL: ${JSON.stringify(value)} (expected an http(s) URL such as ${DEFAULT_BASE_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`invalid baseURL: ${JSON.stringify(value)} (expected http or https)`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError(`invalid baseURL: ${JSON.stringify(url.origin + url.pathname)} (no credentials, query or fragment)`);
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
