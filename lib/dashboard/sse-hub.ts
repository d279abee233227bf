import type { ServerResponse } from 'node:http';

/** Options of {@link createSseHub}. */
export interface SseHubOptions {
  /** Bytes a client may have waiting (kernel buffers full, not reading); beyond it the client is dropped. @default 65536 */
  maxQueuedBytes?: number;
  /** Most clients at once; more are refused with 503. @default 100 */
  maxClients?: number;
  /** Comment line sent this often so proxies and dead peers are noticed. @unit milliseconds @default 15000 */
  heartbeatMs?: number;
}

/** Broadcasts server-sent events to every open page. */
export interface SseHub {
  /**
   * Takes over the response (headers + stream) and sends `first` to it alone; false when the hub is full (the
   * caller answers 503).
   */
  add(res: ServerResponse, headers?: Record<string, string>, first?: { event: string; data: unknown }): boolean;
  /** Sends one event to every client; a client that cannot keep up is dropped, never waited for. */
  broadcast(event: string, data: unknown): void;
  /** Open clients. */
  size(): number;
  /** Clients dropped for being too slow, since start. */
  dropped(): number;
  /** Ends every stream. */
  close(): void;
}

interface Client {
  res: ServerResponse;
  /** Chunks held back while the socket is not draining. */
  queue: string[];
  queued: number;
  waiting: boolean;
}

/**
 * A server-sent events hub with a bounded queue per client: writes go straight to the socket until it pushes
 * back, then queue up to `maxQueuedBytes`; a client over the bound is disconnected (the page reconnects and
 * refetches), so one stalled or vanished viewer never holds memory or delays the others.
 */
export function createSseHub(options: SseHubOptions = {}): SseHub {
  const maxQueued = options.maxQueuedBytes ?? 65_536;
  const maxClients = options.maxClients ?? 100;
  const clients = new Set<Client>();
  let droppedCount = 0;
  let seq = 0;

  const remove = (c: Client): void => {
    clients.delete(c);
    c.queue = [];
  };
  const drop = (c: Client): void => {
    droppedCount++;
    remove(c);
    c.res.destroy();
  };
  const send = (c: Client, chunk: string): void => {
    if (c.waiting) {
      c.queue.push(chunk);
      c.queued += Buffer.byteLength(chunk);
      if (c.queued > maxQueued) drop(c);
      return;
    }
    if (!c.res.write(chunk)) c.waiting = true;
  };
  const flush = (c: Client): void => {
    c.waiting = false;
    const queue = c.queue;
    c.queue = [];
    c.queued = 0;
    for (const chunk of queue) send(c, chunk);
  };
  const heartbeat = setInterval(() => {
    for (const c of clients) send(c, ': keep-alive\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    add(res, headers = {}, first) {
      if (clients.size >= maxClients) return false;
      const c: Client = { res, queue: [], queued: 0, waiting: false };
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.socket?.setNoDelay(true);
      res.on('drain', () => flush(c));
      res.on('close', () => remove(c));
      clients.add(c);
      // The browser retries after 2 s when the stream drops.
      send(c, 'retry: 2000\n\n');
      if (first !== undefined) send(c, `event: ${first.event}\ndata: ${JSON.stringify(first.data)}\n\n`);
      return true;
    },
    broadcast(event, data) {
      seq++;
      const chunk = `id: ${seq}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const c of [...clients]) send(c, chunk);
    },
    size: () => clients.size,
    dropped: () => droppedCount,
    close() {
      clearInterval(heartbeat);
      for (const c of [...clients]) {
        remove(c);
        c.res.end();
      }
    },
  };
}
