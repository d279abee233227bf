import { startScriptedServer, type ReceivedRequest, type ScriptedReply, type ScriptedServer } from './scripted-server';

const WIDTHS: Record<string, number> = { '1m': 60, '1h': 3600, '1d': 86_400 };
const DEFAULT_LIMITS: Record<string, number> = { '1m': 60, '1h': 24, '1d': 7 };

/** Options of the grid server: a minimal, independent model of the API's bucketing and paging. */
export interface GridServerOptions {
  /** Unix seconds used when end_time is absent. */
  now: number;
  /** Real delay per response, to make concurrency observable. */
  delayMs?: number;
  /** Intercepts a request first (e.g. to answer 429); return undefined to serve normally. */
  intercept?: (req: ReceivedRequest) => ScriptedReply | undefined;
}

/** The deterministic completions result of the bucket starting at `t`. */
export function gridResult(t: number): {
  object: string;
  input_tokens: number;
  output_tokens: number;
  num_model_requests: number;
} {
  return {
    object: 'organization.usage.completions.result',
    input_tokens: t % 1000,
    output_tokens: t % 37,
    num_model_requests: t % 7,
  };
}

/**
 * Serves completions-like pages: buckets on the UTC grid of the width within [floor_min(start), end),
 * `limit` buckets per page, cursor = base64 JSON of the next bucket start and the pinned end.
 */
export function startGridServer(options: GridServerOptions): Promise<ScriptedServer> {
  return startScriptedServer((req) => {
    const intercepted = options.intercept?.(req);
    if (intercepted !== undefined) return intercepted;
    const q = req.query;
    const width = WIDTHS[q.get('bucket_width') ?? '1d'] ?? 86_400;
    const limit = Number(q.get('limit') ?? DEFAULT_LIMITS[q.get('bucket_width') ?? '1d']);
    const page = q.get('page');
    let from = Math.floor(Number(q.get('start_time')) / 60) * 60;
    let end = q.has('end_time') ? Number(q.get('end_time')) : options.now;
    if (page !== null) {
      const cursor: unknown = JSON.parse(Buffer.from(page.slice(5), 'base64').toString());
      if (!Array.isArray(cursor)) return { status: 400, body: { error: 'bad cursor' } };
      from = Number(cursor[0]);
      end = Number(cursor[1]);
    }
    const data: object[] = [];
    while (from < end && data.length < limit) {
      const to = Math.min((Math.floor(from / width) + 1) * width, end);
      data.push({ object: 'bucket', start_time: from, end_time: to, results: [gridResult(from)] });
      from = to;
    }
    const next = from < end ? `page_${Buffer.from(JSON.stringify([from, end])).toString('base64')}` : null;
    return {
      ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
      headers: { 'x-request-id': `req_${req.n}` },
      body: { object: 'page', data, has_more: next !== null, next_page: next },
    };
  });
}
