import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError, MalformedResponseError, PaginationLimitError } from '../../lib/api/errors';
import { fetchWindows } from '../../lib/api/fetch-windows';
import { planWindows } from '../../lib/api/plan-windows';
import type { WireQuery } from '../../lib/api/query';
import type { RawResponse } from '../../lib/api/status-error';
import { json, memoryContext, memoryTransport, type SentRequest } from './memory-transport';

const DAY = 86_400;
const START = 1_735_700_000; // 2025-01-01T02:53:20Z, off the day grid
const END = Date.UTC(2025, 0, 21) / 1000;
const QUERY: WireQuery = { start_time: START, end_time: END, bucket_width: '1d', limit: 7 };

function tokens(t: number): number {
  return (t / 60) % 9973;
}

/** Day buckets of [from, to) on the UTC grid (the first from `from` floored to the minute), one result each. */
function days(from: number, to: number): object[] {
  const out: object[] = [];
  for (let t = Math.floor(from / 60) * 60; t < to; t = Math.floor(t / DAY) * DAY + DAY) {
    const end = Math.min(Math.floor(t / DAY) * DAY + DAY, to);
    const result = { object: 'organization.usage.embeddings.result', input_tokens: tokens(t), num_model_requests: 1 };
    out.push({ object: 'bucket', start_time: t, end_time: end, results: [result] });
  }
  return out;
}

function page(data: object[], next: string | null = null): RawResponse {
  return json({ object: 'page', data, has_more: next !== null, next_page: next });
}

function windowOf(req: SentRequest): { start: number; end: number } {
  const p = req.params as WireQuery;
  return { start: p.start_time, end: p.end_time ?? Infinity };
}

test('every window fetched with its own range, buckets back in window order, each day once', async () => {
  const windows = planWindows(START, END, '1d', 7);
  assert.equal(windows.length, 3);
  // Answers are released in reverse order: the result must not depend on which window finishes first.
  const release: (() => void)[] = [];
  const transport = memoryTransport(
    (req) =>
      new Promise<RawResponse>((resolve) => {
        const w = windowOf(req);
        release.push(() => resolve(page(days(w.start, w.end))));
        if (release.length === windows.length) for (const r of [...release].reverse()) r();
      }),
  );
  const pages: number[] = [];
  const buckets = await fetchWindows(memoryContext(transport), {
    endpoint: 'embeddings',
    query: QUERY,
    windows,
    concurrency: 3,
    budget: { used: 0, max: 100 },
    onPage: (r) => pages.push(r.page.data.length),
  });
  assert.deepEqual(
    transport.sent.map((r) => windowOf(r)),
    windows,
  );
  for (const r of transport.sent)
    assert.deepEqual({ ...r.params, start_time: 0, end_time: 0 }, { ...QUERY, start_time: 0, end_time: 0 });
  // Independent: the days of the whole range as one sequential list.
  const expected = days(START, END).map((b) => JSON.stringify(b));
  assert.deepEqual(
    buckets.map((b) =>
      JSON.stringify({
        ...b,
        results: b.results.map((r) => ({
          object: r.object,
          input_tokens: r.input_tokens,
          num_model_requests: r.num_model_requests,
        })),
      }),
    ),
    expected,
  );
  assert.equal(buckets.length, 20);
  assert.deepEqual(pages.sort(), [6, 7, 7]);
});

test('pagination inside a window re-sends the window range with the cursor', async () => {
  const windows = [{ start: START, end: END }];
  const transport = memoryTransport((req) => {
    const w = windowOf(req);
    const all = days(w.start, w.end);
    const p = req.params as { page?: string };
    const from = p.page === undefined ? 0 : Number(p.page.slice(1));
    const next = from + 5 < all.length ? `c${from + 5}` : null;
    return page(all.slice(from, from + 5), next);
  });
  const buckets = await fetchWindows(memoryContext(transport), {
    endpoint: 'embeddings',
    query: QUERY,
    windows,
    concurrency: 2,
    budget: { used: 0, max: 100 },
    onPage: () => undefined,
  });
  assert.equal(buckets.length, 20);
  assert.deepEqual(
    transport.sent.map((r) => (r.params as { page?: string }).page),
    [undefined, 'c5', 'c10', 'c15'],
  );
  for (const r of transport.sent) assert.deepEqual(windowOf(r), windows[0]);
});

test('at most `concurrency` requests in flight', async () => {
  const windows = planWindows(START, END, '1d', 1);
  assert.equal(windows.length, 20);
  let inFlight = 0;
  let most = 0;
  const transport = memoryTransport(async (req) => {
    inFlight++;
    most = Math.max(most, inFlight);
    // Let the other workers run before answering.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    inFlight--;
    const w = windowOf(req);
    return page(days(w.start, w.end));
  });
  const buckets = await fetchWindows(memoryContext(transport), {
    endpoint: 'embeddings',
    query: { ...QUERY, limit: 1 },
    windows,
    concurrency: 4,
    budget: { used: 0, max: 100 },
    onPage: () => undefined,
  });
  assert.equal(most, 4);
  assert.equal(buckets.length, 20);
});

test('a server ignoring the range: a bucket spanning two windows is kept once, outside buckets dropped', async () => {
  const windows = planWindows(START, END, '1d', 7);
  // Noon-to-noon "days", whatever was asked: they overlap window boundaries at midnight.
  const noon = Math.floor(START / DAY) * DAY - DAY / 2;
  const everything = Array.from({ length: 25 }, (_, i) => ({
    object: 'bucket',
    start_time: noon + i * DAY,
    end_time: noon + (i + 1) * DAY,
    results: [],
  }));
  const transport = memoryTransport(() => page(everything));
  const buckets = await fetchWindows(memoryContext(transport), {
    endpoint: 'embeddings',
    query: QUERY,
    windows,
    concurrency: 3,
    budget: { used: 0, max: 100 },
    onPage: () => undefined,
  });
  const kept = buckets.map((b) => b.start_time);
  assert.equal(new Set(kept).size, kept.length, 'no bucket twice');
  // Exactly those overlapping [START, END): ends after START's minute, starts before END.
  const expected = everything.filter((b) => b.end_time > START && b.start_time < END).map((b) => b.start_time);
  assert.deepEqual(kept, expected);
});

test('the first failure stops new windows and is rethrown once the requests in flight settled', async () => {
  const windows = planWindows(START, END, '1d', 1);
  let settled = 0;
  const transport = memoryTransport(async (req, n) => {
    await Promise.resolve();
    settled++;
    if (n === 1) return json({ error: { message: 'bad', param: 'start_time' } }, 400);
    const w = windowOf(req);
    return page(days(w.start, w.end));
  });
  const seen: number[] = [];
  await assert.rejects(
    fetchWindows(memoryContext(transport), {
      endpoint: 'embeddings',
      query: { ...QUERY, limit: 1 },
      windows,
      concurrency: 2,
      budget: { used: 0, max: 100 },
      onPage: (r) => seen.push(r.page.data.length),
    }),
    BadRequestError,
  );
  assert.ok(transport.sent.length < windows.length, `${transport.sent.length} requests`);
  assert.equal(settled, transport.sent.length, 'no request still running after the rejection');
});

test('the page budget is shared by all windows', async () => {
  const windows = planWindows(START, END, '1d', 1);
  const transport = memoryTransport((req) => {
    const w = windowOf(req);
    return page(days(w.start, w.end));
  });
  const budget = { used: 0, max: 5 };
  await assert.rejects(
    fetchWindows(memoryContext(transport), {
      endpoint: 'embeddings',
      query: { ...QUERY, limit: 1 },
      windows,
      concurrency: 3,
      budget,
      onPage: () => undefined,
    }),
    (e: unknown) => e instanceof PaginationLimitError && e.maxPages === 5,
  );
  assert.equal(transport.sent.length, 5);
});

test('a bucket sent again with other content in another window is an error naming it', async () => {
  const windows = planWindows(START, END, '1d', 7);
  const noon = Math.floor(START / DAY) * DAY + 6.5 * DAY;
  const transport = memoryTransport((req, n) => {
    const w = windowOf(req);
    // Every answer also carries a noon-to-noon bucket across the first windows' boundary, each time other content.
    const extra = {
      object: 'bucket',
      start_time: noon,
      end_time: noon + DAY,
      results: [{ object: 'organization.usage.embeddings.result', input_tokens: n, num_model_requests: 1 }],
    };
    return page([...days(w.start, w.end), extra]);
  });
  await assert.rejects(
    fetchWindows(memoryContext(transport), {
      endpoint: 'embeddings',
      query: QUERY,
      windows,
      concurrency: 1,
      budget: { used: 0, max: 100 },
      onPage: () => undefined,
    }),
    (e: unknown) =>
      e instanceof MalformedResponseError &&
      /^bucket 2025-01-07T12:00:00Z \(start_time 1736251200\) sent twice with different content$/.test(e.detail),
  );
});
