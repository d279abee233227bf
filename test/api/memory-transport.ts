import type { RequestContext } from '../../lib/api/request-page';
import { normalizeRetryPolicy, type RetryOptions } from '../../lib/api/retry';
import type { RawResponse } from '../../lib/api/status-error';
import type { SendGet, Transport } from '../../lib/api/transport';

/** One GET the client handed to the transport. */
export interface SentRequest {
  path: string;
  params: Parameters<SendGet>[1];
  headers: Readonly<Record<string, string>>;
}

/** A transport answered in memory by a function (no socket): what the request loop sees, scripted per request. */
export interface MemoryTransport extends Transport {
  readonly sent: SentRequest[];
  readonly closed: boolean;
}

/**
 * `answer(request, n)` gives the n-th response (0-based), or throws what the real transport throws
 * (`ApiTimeoutError`, `ApiConnectionError`, an abort reason).
 */
export function memoryTransport(
  answer: (req: SentRequest, n: number) => RawResponse | Promise<RawResponse>,
): MemoryTransport {
  const sent: SentRequest[] = [];
  let closed = false;
  return {
    sent,
    get closed() {
      return closed;
    },
    get: async (path, params, headers) => {
      const req = { path, params, headers: { ...headers } };
      sent.push(req);
      return answer(req, sent.length - 1);
    },
    close() {
      closed = true;
    },
  };
}

/** A JSON 200 (or `status`) response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): RawResponse {
  return { status, headers, body: JSON.stringify(body) };
}

/** A request context over `transport` whose sleeps resolve at once and are recorded in `slept`. */
export function memoryContext(
  transport: Transport,
  options: { apiKey?: string; retry?: RetryOptions; basePath?: string } = {},
): RequestContext & { slept: number[] } {
  const slept: number[] = [];
  return {
    transport,
    apiKey: options.apiKey ?? 'sk-admin-memory-transport-key',
    basePath: options.basePath ?? '/v1',
    policy: normalizeRetryPolicy(options.retry),
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    now: () => 1_739_208_663_000,
    random: () => 0.5,
    slept,
  };
}
