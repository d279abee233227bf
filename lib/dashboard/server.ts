import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { cookieValue, headerToken, newAccessToken, sameToken } from './access-token';
import { dashboardView } from './dashboard-view';
import type { DashboardInsights } from './insights-hook';
import { pageAssets } from './page-assets';
import { SECURITY_HEADERS } from './security-headers';
import type { DashboardSource } from './source';
import { createSseHub, type SseHub, type SseHubOptions } from './sse-hub';
import { parseViewParams, type ViewParams } from './view-params';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  source: DashboardSource;
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default a fresh random token */
  token?: string;
  /** Widest range a view may ask for, in days (the source's window). @default 90 */
  maxDays?: number;
  /** Current time, epoch ms (ranges like "last 30 days" end today). @default Date.now */
  now?: () => number;
  /** Forecast and anomalies; without it the page shows no insights panel. */
  insights?: DashboardInsights;
  sse?: SseHubOptions;
}

/** A running dashboard. */
export interface RunningDashboard {
  /** `http://127.0.0.1:<port>/?token=<token>`: the URL to open (print it, never log it elsewhere). */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly hub: SseHub;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** @unit milliseconds */
const CHANGE_COALESCE_MS = 200;

/**
 * Serves the dashboard on 127.0.0.1: the page, plotly.js, `/api/view` (figure JSON for the query) and
 * `/api/events` (server-sent `change` events when the source has new data). Every route needs the token (query
 * `?token=`, which the page swaps for an HttpOnly SameSite=Strict cookie, or `Authorization: token …`).
 * @example const dash = await startDashboard({ source }); console.log(dash.url);
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port: ${port} (0 to 65535)`);
  const token = options.token ?? newAccessToken();
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token))
    throw new RangeError('invalid token: (at least 16 characters of A-Z a-z 0-9 _ -)');
  const maxDays = options.maxDays ?? 90;
  const now = options.now ?? Date.now;
  const { source, insights } = options;
  const assets = pageAssets();
  const hub = createSseHub(options.sse);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let cookieName = 'dashboard-token';
  const syncState = (): { lastSyncedAt: string | null } => {
    const synced = source.lastSyncedAt();
    return { lastSyncedAt: synced === undefined ? null : new Date(synced).toISOString() };
  };

  const authorized = (req: FastifyRequest): boolean =>
    sameToken(cookieValue(req.headers.cookie, cookieName), token) ||
    sameToken(headerToken(req.headers.authorization), token);

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const url = new URL(req.url, 'http://dashboard.local');
    const given = url.searchParams.get('token');
    if (given !== null && sameToken(given, token)) {
      reply.header('set-cookie', `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`);
      // Drop the token from the address bar, so bookmarks and shared links carry only the view.
      url.searchParams.delete('token');
      if (req.method === 'GET' && url.pathname === '/') return reply.redirect(`/${url.search}`, 303);
      return;
    }
    if (authorized(req)) return;
    return reply
      .code(401)
      .type('text/plain; charset=utf-8')
      .send('401 Unauthorized: open the URL with ?token=… that `npm run dashboard` printed.\n');
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  for (const path of ['/', '/app.js', '/app.css', '/plotly.min.js']) {
    app.get(path, async (_req, reply) => {
      const asset = assets.get(path);
      if (asset === undefined) return reply.code(404).send();
      const cache = path === '/plotly.min.js' ? 'private, max-age=86400' : 'no-cache';
      return reply.type(asset.type).header('cache-control', cache).send(asset.body);
    });
  }

  app.get('/api/view', async (req, reply) => {
    const query = new URL(req.url, 'http://dashboard.local').searchParams;
    query.delete('token');
    let params: ViewParams;
    try {
      params = parseViewParams(query, { now: now(), maxDays });
    } catch (e) {
      if (e instanceof RangeError)
        return reply.code(400).header('cache-control', 'no-store').send({ error: e.message });
      throw e;
    }
    const view = await dashboardView(source, params, insights, now(), maxDays);
    return reply.header('cache-control', 'no-store').send(view);
  });

  app.get('/api/events', (_req, reply) => {
    reply.hijack();
    if (!hub.add(reply.raw, { ...SECURITY_HEADERS }, { event: 'hello', data: syncState() })) {
      reply.raw.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '10' });
      reply.raw.end('503: too many open dashboards\n');
    }
  });

  // A sync lands window after window: one event per burst, so open pages refetch once, not once per window.
  let pending: NodeJS.Timeout | undefined;
  const unsubscribe = source.onChange(() => {
    pending ??= setTimeout(() => {
      pending = undefined;
      hub.broadcast('change', syncState());
    }, CHANGE_COALESCE_MS);
  });
  app.addHook('preClose', (done) => {
    clearTimeout(pending);
    unsubscribe();
    hub.close();
    done();
  });

  await app.listen({ port, host: HOST });
  const bound = (app.server.address() as AddressInfo).port;
  // Cookies ignore ports: one name per port keeps two dashboards on one machine apart.
  cookieName = `dashboard-token-${bound}`;
  const origin = `http://${HOST}:${bound}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port: bound,
    token,
    hub,
    app,
    close: () => app.close(),
  };
}
