import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { throwIfAborted } from './abort';
import { ApiConnectionError, ApiTimeoutError } from './errors';
import type { RawResponse } from './status-error';
import type { ListQuery } from './list-query';
import type { WireQuery } from './query';

/** One HTTP GET, no retries; rejects only with secret-free `ApiConnectionError`/`ApiTimeoutError` or an abort reason. */
export type SendGet = (
  path: string,
  params: (WireQuery & { page?: string }) | ListQuery,
  headers: Readonly<Record<string, string>>,
  /** Aborting cancels the request at once; the call then rejects with the abort reason, never retried. */
  signal?: AbortSignal,
) => Promise<RawResponse>;

/** A GET transport plus a way to free its sockets. */
export interface Transport {
  get: SendGet;
  close(): void;
}

function flatHeaders(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k.toLowerCase()] = v;
    else if (typeof v === 'number') out[k.toLowerCase()] = String(v);
    else if (Array.isArray(v)) out[k.toLowerCase()] = v.join(', ');
  }
  return out;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** What a connection error code means, for people. */
export const CONNECTION_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Copies what is safe from an axios/Node error: never its config (which holds our Authorization header). A failed
 * connection names the base URL and what to check: offline, a typo in OPENAI_BASE_URL, a gateway that is down.
 */
function connectionError(err: unknown, what: string, timeoutMs: number, baseURL: string): ApiConnectionError {
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const cause = new Error(code === undefined ? message : `${code}: ${message}`);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new ApiTimeoutError(`${what} timed out after ${timeoutMs} ms`, cause);
  }
  const meaning = code === undefined ? undefined : CONNECTION_CODES[code];
  return new ApiConnectionError(
    `${what} failed: ${code ?? message}${meaning === undefined ? '' : ` (${meaning})`}: cannot reach ${baseURL}; ` +
      'check the network connection and OPENAI_BASE_URL',
    cause,
  );
}

/**
 * The axios-backed transport: one instance, keep-alive agents, no redirects (the bearer token must
 * not follow one), raw text bodies (parsed by us so truncation is detectable), every status resolved.
 * Arrays are sent in brackets form, `group_by[]=a` (percent-encoded), as the official SDKs do.
 */
export function createTransport(baseURL: string, timeoutMs: number): Transport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const instance: AxiosInstance = axios.create({
    baseURL,
    timeout: timeoutMs,
    httpAgent,
    httpsAgent,
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    paramsSerializer: { indexes: false },
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });
  const get: SendGet = async (path, params, headers, signal) => {
    throwIfAborted(signal);
    // axios' `timeout` is an idle timeout (reset by every byte): a server trickling its body would never time out.
    // This abort is the deadline for the whole attempt, headers and body included; the caller's signal also ends it.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const onAbort = (): void => deadline.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await instance.get<unknown>(path, { params, headers: { ...headers }, signal: deadline.signal });
      const body = typeof res.data === 'string' ? res.data : '';
      return { status: res.status, headers: flatHeaders(res.headers), body };
    } catch (err) {
      throwIfAborted(signal);
      if (deadline.signal.aborted)
        throw new ApiTimeoutError(`GET ${path} timed out after ${timeoutMs} ms`, new Error('deadline exceeded'));
      throw connectionError(err, `GET ${path}`, timeoutMs, baseURL);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };
  return {
    get,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
