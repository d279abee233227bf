import assert from 'node:assert/strict';
import util from 'node:util';
import { after, before, describe, test } from 'node:test';
import {
  ApiTimeoutError,
  AuthenticationError,
  InternalServerError,
  MalformedResponseError,
  PermissionDeniedError,
  UsageClient,
  type ClientOptions,
  type FetchProgress,
  type RetryInfo,
} from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';

const NOW = 1_739_208_663; // fixed "now" of the emulator (Unix seconds), not minute-aligned
const DAY = 86_400;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads every page with plain fetch and sums a field: an independent ground truth. */
async function rawSum(
  emu: RunningEmulator,
  path: string,
  params: string,
  pick: (r: Record<string, unknown>) => number,
): Promise<{ buckets: number; sum: number }> {
  let buckets = 0;
  let sum = 0;
  let page: string | null = null;
  do {
    const url = `${emu.baseURL}${path}?${params}${page === null ? '' : `&page=${encodeURIComponent(page)}`}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${emu.adminKey}` } });
    assert.equal(res.status, 200);
    const json: unknown = await res.json();
    assert.ok(isRecord(json) && Array.isArray(json['data']));
    for (const b of json['data']) {
      buckets++;
      assert.ok(isRecord(b) && Array.isArray(b['results']));
      for (const r of b['results']) {
        assert.ok(isRecord(r));
        sum += pick(r);
      }
    }
    const next = json['next_page'];
    page = json['has_more'] === true && typeof next === 'string' ? next : null;
  } while (page !== null);
  return { buckets, sum };
}

describe('client against the emulator', () => {
  let emu: RunningEmulator;
  const clients: UsageClient[] = [];
  function client(extra: Partial<ClientOptions> = {}): UsageClient {
    const c = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000, ...extra });
    clients.push(c);
    return c;
  }
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 7, dataset: { streams: 30 } });
  });
  after(async () => {
    for (const c of clients) c.close();
    await emu.close();
  });

  test('concurrent fetchAll returns the same JSON as a sequential fetch, one page per window', async () => {
    const c = client();
    const query = { start_time: NOW - 21 * DAY, bucket_width: '1h' as const, group_by: ['model', 'project_id'] };
    const sequential = await c.fetchAll('completions', query, { concurrency: 1 });
    emu.resetRequests();
    const concurrent = await c.fetchAll('completions', query, { concurrency: 4 });
    assert.equal(JSON.stringify(concurrent), JSON.stringify(sequential));
    assert.equal(sequential.length, 21 * 24 + 1);
    assert.equal(emu.requests.length, Math.ceil(sequential.length / 168));
    const raw = await rawSum(
      emu,
      '/organization/usage/completions',
      `start_time=${query.start_time}&bucket_width=1h&group_by[]=model&group_by[]=project_id`,
      (r) => Number(r['input_tokens']),
    );
    let sum = 0;
    for (const b of concurrent) for (const r of b.results) sum += r.input_tokens;
    assert.equal(raw.buckets, concurrent.length);
    assert.equal(sum, raw.sum);
    assert.ok(sum > 0, 'the synthetic org has usage');
  });

  test('costs over 190 days: windows of 180, amounts as numbers equal the raw strings', async () => {
    const stringy = await startEmulator({ now: () => NOW, seed: 7, amountAsString: true, dataset: { streams: 30 } });
    try {
      const c = new UsageClient({ apiKey: stringy.adminKey, baseURL: stringy.baseURL, now: () => NOW * 1000 });
      clients.push(c);
      const query = { start_time: NOW - 190 * DAY, end_time: NOW, group_by: ['line_item'] };
      const concurrent = await c.fetchAll('costs', query, { concurrency: 3 });
      const sequential = await c.fetchAll('costs', { ...query, limit: 30 }, { concurrency: 1 });
      assert.deepEqual(concurrent, sequential);
      let sum = 0;
      for (const b of concurrent)
        for (const r of b.results)
          sum += r.amount?.value === null || r.amount === undefined || r.amount === null ? 0 : Number(r.amount.value);
      const raw = await rawSum(
        stringy,
        '/organization/costs',
        `start_time=${query.start_time}&end_time=${NOW}&group_by=line_item&limit=180`,
        (r) => {
          const amount = r['amount'];
          if (amount === null) return 0;
          assert.ok(isRecord(amount) && typeof amount['value'] === 'string');
          return Number(amount['value']);
        },
      );
      assert.ok(Math.abs(sum - raw.sum) < 1e-6 * Math.max(1, raw.sum));
      assert.ok(concurrent.every((b) => b.results.every((r) => typeof r.amount?.value === 'number')));
    } finally {
      await stringy.close();
    }
  });

  test('rate limits, 5xx, truncated and HTML bodies are retried with the scheduled delays', async () => {
    const delays: number[] = [];
    const retries: RetryInfo[] = [];
    const c = client({
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
      random: () => 0,
      onRetry: (i) => retries.push(i),
      retry: { maxRetries: 4 },
    });
    emu.resetRequests();
    emu.setFaults({
      rateLimit: { count: 1, retryAfterSeconds: 3 },
      serverError: { count: 1 },
      truncatedBody: { count: 1 },
      htmlBadGateway: { count: 1 },
    });
    const { page } = await c.getPage('embeddings', { start_time: NOW - 2 * DAY });
    assert.equal(page.data.length, 2 + 1);
    assert.equal(emu.requests.length, 5);
    assert.equal(retries.length, 4);
    assert.ok(delays.includes(3000), `server delay honoured: ${delays.join(',')}`);
    emu.setFaults({});
  });

  test('persistent 502 pages end in InternalServerError; hangs end in ApiTimeoutError', async () => {
    const c = client({ sleep: () => Promise.resolve(), timeoutMs: 150, retry: { maxRetries: 1 } });
    emu.setFaults({ htmlBadGateway: { count: 2 } });
    await assert.rejects(
      c.getPage('costs', { start_time: NOW - DAY }),
      (e: unknown) => e instanceof InternalServerError && e.status === 502,
    );
    emu.setFaults({ hangMs: { count: 2, ms: 1000 } });
    await assert.rejects(c.getPage('costs', { start_time: NOW - DAY }), ApiTimeoutError);
    emu.setFaults({ nonJsonBody: { count: 2 } });
    await assert.rejects(c.getPage('costs', { start_time: NOW - DAY }), MalformedResponseError);
    emu.setFaults({});
  });

  test('a wrong key and a project key fail with typed errors that never contain the key', async () => {
    const wrong = `sk-admin-test-${Math.random().toString(36).slice(2)}wrongkey`;
    const project = `sk-proj-test-${Math.random().toString(36).slice(2)}projkey`;
    for (const [key, cls] of [
      [wrong, AuthenticationError],
      [project, PermissionDeniedError],
    ] as const) {
      const c = client({ apiKey: key });
      const err = await c.getPage('costs', { start_time: NOW - DAY }).catch((e: unknown) => e);
      assert.ok(err instanceof cls, String(err));
      for (const view of [err.message, String(err.stack), JSON.stringify(err), util.inspect(err, { depth: 10 })])
        assert.ok(!view.includes(key));
      assert.match(err.requestId ?? '', /^req_/);
    }
  });

  test('pages(): progress after every page and once done, counting pages, buckets and results; buckets() is flat', async () => {
    const progress: FetchProgress[] = [];
    const c = client({ onProgress: (p) => progress.push(p) });
    const query = { start_time: NOW - 2 * DAY, bucket_width: '1h' as const, limit: 10, group_by: ['model'] };
    emu.resetRequests();
    const pages = [];
    for await (const page of c.pages('completions', query)) pages.push(page);
    // 2 days and the partial hour of the start: 49 hourly buckets, 10 per page.
    assert.equal(pages.length, 5);
    assert.equal(emu.requests.length, 5);
    const buckets = pages.flatMap((p) => p.data);
    assert.equal(buckets.length, 49);
    const results = buckets.reduce((n, b) => n + b.results.length, 0);
    assert.deepEqual(progress.at(-1), { endpoint: 'completions', pages: 5, buckets: 49, results, done: true });
    assert.deepEqual(
      progress.map((p) => [p.pages, p.done]),
      [
        [1, false],
        [2, false],
        [3, false],
        [4, false],
        [5, false],
        [5, true],
      ],
    );
    const flat = [];
    for await (const b of c.buckets('completions', query)) flat.push(b);
    assert.deepEqual(flat, buckets);
    // Every later request re-sent the whole query plus its cursor.
    for (const r of emu.requests.slice(1, 5)) {
      const q = new URLSearchParams(r.query);
      assert.equal(q.get('start_time'), String(query.start_time));
      assert.equal(q.get('limit'), '10');
      assert.match(q.get('page') ?? '', /^page_/);
    }
  });

  test('a per-call onProgress wins over the client one; waiting for a retry is reported with its attempt', async () => {
    const own: FetchProgress[] = [];
    const call: FetchProgress[] = [];
    const c = client({ onProgress: (p) => own.push(p), sleep: () => Promise.resolve() });
    emu.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 2 } });
    await c.fetchAll('embeddings', { start_time: NOW - 3 * DAY }, { concurrency: 1, onProgress: (p) => call.push(p) });
    emu.setFaults({});
    assert.equal(own.length, 0);
    assert.deepEqual(call[0], {
      endpoint: 'embeddings',
      pages: 0,
      buckets: 0,
      results: 0,
      done: false,
      waitingMs: 2000,
      attempt: 1,
    });
    assert.equal(call.at(-1)?.done, true);
  });

  test('getPage with a cursor reads the next page; fetchAll refuses a bad concurrency before any request', async () => {
    const c = client();
    const query = { start_time: NOW - 10 * DAY, limit: 3 };
    const first = await c.getPage('embeddings', query);
    assert.equal(first.page.has_more, true);
    const next = first.page.next_page ?? '';
    const second = await c.getPage('embeddings', query, next);
    assert.equal(second.page.data[0]?.start_time, first.page.data.at(-1)?.end_time);
    assert.match(second.requestId ?? '', /^req_/);
    emu.resetRequests();
    for (const concurrency of [0, 1.5, -2])
      await assert.rejects(
        c.fetchAll('embeddings', query, { concurrency }),
        (e: unknown) => e instanceof TypeError && e.message === `invalid concurrency: ${concurrency}`,
      );
    assert.equal(emu.requests.length, 0);
  });

  test('fetchAll with concurrency: windows of the max limit, progress once per window page and once done', async () => {
    const progress: FetchProgress[] = [];
    const c = client();
    emu.resetRequests();
    const buckets = await c.fetchAll(
      'embeddings',
      { start_time: NOW - 70 * DAY, end_time: NOW },
      { concurrency: 2, onProgress: (p) => progress.push(p) },
    );
    // 71 daily buckets (the partial first and last days included), 31 per window.
    assert.equal(buckets.length, 71);
    assert.equal(emu.requests.length, 3);
    for (const r of emu.requests) assert.equal(new URLSearchParams(r.query).get('limit'), '31');
    assert.deepEqual(
      progress.map((p) => [p.pages, p.done]),
      [
        [1, false],
        [2, false],
        [3, false],
        [3, true],
      ],
    );
    assert.equal(progress.at(-1)?.buckets, 71);
  });

  test('organizationId: unknown until a response names one, then the header of the last answer', async () => {
    const c = client();
    assert.equal(c.organizationId, undefined);
    await c.getPage('costs', { start_time: NOW - DAY });
    assert.equal(c.organizationId, emu.organizationId);
    assert.match(c.organizationId ?? '', /^user-[a-z0-9]{24}$/);
  });

  test('getJson reads a directory path through the same loop; baseURL is kept without trailing slashes', async () => {
    const c = client({ baseURL: `${emu.baseURL}//` });
    assert.equal(c.baseURL, emu.baseURL);
    const { body, requestId } = await c.getJson('/organization/projects', { limit: 2 });
    assert.ok(isRecord(body) && body['object'] === 'list' && Array.isArray(body['data']));
    assert.equal(body['data'].length, 2);
    assert.match(requestId ?? '', /^req_/);
    await assert.rejects(c.getJson('/organization/costs'), /^TypeError: invalid path/);
  });
});
