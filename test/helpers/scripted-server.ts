import http from 'node:http';

/** What the scripted server answers to one request. */
export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | object;
  /** Wait this long before answering (real time; keep small). */
  delayMs?: number;
  /** Never answer (for client timeouts). */
  hang?: boolean;
  /** Destroy the socket without answering (connection reset). */
  destroy?: boolean;
  /** Send the headers at once, then the body one character every `intervalMs` (a body that never quite stalls). */
  trickleMs?: number;
}

/** One request as the server received it. */
export interface ReceivedRequest {
  n: number;
  path: string;
  /** The raw query string, without '?'. */
  rawQuery: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Requests in flight when this one arrived, itself included. */
  inFlight: number;
}

export interface ScriptedServer {
  baseURL: string;
  readonly requests: ReceivedRequest[];
  /** Highest number of requests in flight at once. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1:0 answering each request from `handler`, counting requests. */
export async function startScriptedServer(
  handler: (req: ReceivedRequest) => ScriptedReply | Promise<ScriptedReply>,
): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const received: ReceivedRequest = {
      n: requests.length,
      path: url.pathname,
      rawQuery: url.search.slice(1),
      query: url.searchParams,
      headers: req.headers,
      inFlight: inFlight + 1,
    };
    inFlight++;
    requests.push(received);
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    void (async () => {
      const reply = await handler(received);
      if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.hang === true) return;
      if (reply.destroy === true) {
        req.socket.destroy();
        return;
      }
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      if (reply.trickleMs === undefined) {
        res.end(body);
        return;
      }
      res.flushHeaders();
      for (const ch of body) {
        if (res.destroyed || res.writableEnded) return;
        res.write(ch);
        await new Promise((r) => setTimeout(r, reply.trickleMs));
      }
      if (!res.destroyed) res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const port = address.port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page body in the official shape. */
export function pageBody(data: unknown[], next: string | null): object {
  return { object: 'page', data, has_more: next !== null, next_page: next };
}

/** A bucket with the given results. */
export function bucket(start: number, results: unknown[] = [], width = 86_400): object {
  return { object: 'bucket', start_time: start, end_time: start + width, results };
}

/** A test admin key that is unique per call, so its absence can be asserted. */
export function testKey(): string {
  return `sk-admin-test-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
