import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINTS, type EndpointSpec } from '../../lib/catalogue/index';
import type { BoundedCache } from '../../lib/emulator/bounded-cache';
import { boundedCache } from '../../lib/emulator/bounded-cache';
import { buildPage } from '../../lib/emulator/build-page';
import { createDataSource } from '../../lib/emulator/data-source';
import { EmulatorHttpError } from '../../lib/emulator/http-error';
import { parseQuery } from '../../lib/emulator/parse-query';
import type { ShapeOptions } from '../../lib/emulator/shape-result';

const DAY = 86_400;
const NOW = 1_739_208_663; // 2025-02-10T17:31:03Z
const SOURCE = createDataSource(42, { streams: 30 });
const SHAPE: ShapeOptions = {
  amountFormat: 'number',
  newFieldsSince: 0,
  extraCostKeys: false,
  quantityWithoutUnit: false,
  bucketIsoTimes: false,
  names: { organizationId: 'org-x', projectName: (id) => id, userEmail: (id) => id },
};

interface Page {
  object: string;
  data: {
    object: string;
    start_time: number;
    end_time: number;
    start_time_iso?: string;
    results: Record<string, unknown>[];
  }[];
  has_more: boolean;
  next_page: string | null;
}

function page(
  spec: EndpointSpec,
  search: string,
  options: { now?: number; shape?: Partial<ShapeOptions>; cache?: BoundedCache<string> } = {},
  revision?: { start: number; end: number; scale: number; dropProjectId?: string },
): Page {
  const text = buildPage(
    SOURCE,
    spec,
    parseQuery(spec, search),
    options.now ?? NOW,
    { ...SHAPE, ...options.shape },
    options.cache ?? boundedCache(100),
    revision,
  );
  return JSON.parse(text) as Page;
}

/** Every page of a query, following the cursors. */
function allPages(spec: EndpointSpec, search: string): Page[] {
  const pages = [page(spec, search)];
  for (let last = pages[0]; last?.next_page !== null && last !== undefined;) {
    last = page(spec, `${search}&page=${encodeURIComponent(last.next_page)}`);
    pages.push(last);
  }
  return pages;
}

function sum(pages: Page[], field: string): number {
  return pages.flatMap((p) => p.data.flatMap((b) => b.results)).reduce((s, r) => s + Number(r[field] ?? 0), 0);
}

test('a page of `limit` buckets on the UTC grid from the start, then a cursor to the rest, up to now', () => {
  const start = NOW - 10 * DAY;
  const pages = allPages(ENDPOINTS.embeddings, `start_time=${start}&limit=4`);
  assert.deepEqual(
    pages.map((p) => [p.data.length, p.has_more]),
    [
      [4, true],
      [4, true],
      [3, false],
    ],
  );
  assert.equal(pages.at(-1)?.next_page, null);
  const buckets = pages.flatMap((p) => p.data);
  assert.equal(buckets[0]?.start_time, start - (start % 60));
  assert.equal(buckets.at(-1)?.end_time, Math.floor(NOW));
  buckets.forEach((b, i) => {
    assert.equal(b.object, 'bucket');
    if (i > 0) assert.equal(b.start_time, buckets[i - 1]?.end_time);
    if (i > 0 && i < buckets.length - 1) assert.equal(b.end_time - b.start_time, DAY);
  });
  for (const p of pages) assert.equal(p.object, 'page');
});

test('grouping splits the same totals: grouped and ungrouped pages sum alike', () => {
  const q = `start_time=${NOW - 5 * DAY}&bucket_width=1d&limit=31`;
  const plain = allPages(ENDPOINTS.completions, q);
  const grouped = allPages(ENDPOINTS.completions, `${q}&group_by=model,project_id`);
  const total = sum(plain, 'input_tokens');
  assert.ok(total > 0);
  assert.equal(sum(grouped, 'input_tokens'), total);
  assert.equal(sum(grouped, 'num_model_requests'), sum(plain, 'num_model_requests'));
  for (const r of plain.flatMap((p) => p.data.flatMap((b) => b.results))) assert.equal(r['model'], null);
  // A day bucket holds one result per model and project seen that day.
  const day = grouped[0]?.data[1]?.results ?? [];
  const keys = day.map((r) => `${String(r['model'])}|${String(r['project_id'])}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('a filter keeps only its values; the per-project pages sum to the whole', () => {
  const q = `start_time=${NOW - 3 * DAY}&limit=31`;
  const all = sum(allPages(ENDPOINTS.embeddings, q), 'input_tokens');
  let parts = 0;
  for (const p of SOURCE.org.projects) {
    const pages = allPages(ENDPOINTS.embeddings, `${q}&project_ids=${p.id}&group_by=project_id`);
    for (const r of pages.flatMap((x) => x.data.flatMap((b) => b.results))) assert.equal(r['project_id'], p.id);
    parts += sum(pages, 'input_tokens');
  }
  assert.equal(parts, all);
});

test('no usage in minutes not over yet: the bucket holding now counts only the finished minutes', () => {
  const start = NOW - (NOW % 3600); // 17:00, the hour holding now
  const at = (now: number): number =>
    sum([page(ENDPOINTS.completions, `start_time=${start}&bucket_width=1h`, { now })], 'input_tokens');
  const finished = Math.floor(NOW / 60) * 60;
  // As of the end of the last finished minute, and a little later within the next minute: the same.
  assert.equal(at(NOW), at(finished + 1));
  // The same range asked with end_time and a clock an hour later: whole minutes up to `finished` only.
  const later = sum(
    [page(ENDPOINTS.completions, `start_time=${start}&end_time=${finished}&bucket_width=1h`, { now: NOW + 3600 })],
    'input_tokens',
  );
  assert.equal(at(NOW), later);
  assert.ok(at(NOW + 3600) >= at(NOW));
});

test('a cursor is bound to its query and range: another query, an end outside it or a garbage cursor are 400s on page', () => {
  const q = `start_time=${NOW - 10 * DAY}&limit=3`;
  const first = page(ENDPOINTS.embeddings, q);
  const cursor = encodeURIComponent(first.next_page ?? '');
  const refusedPage = (e: unknown): boolean =>
    e instanceof EmulatorHttpError &&
    e.status === 400 &&
    typeof e.body.error !== 'string' &&
    e.body.error.param === 'page';
  assert.throws(() => page(ENDPOINTS.embeddings, `${q}&group_by=model&page=${cursor}`), refusedPage);
  assert.throws(() => page(ENDPOINTS.completions, `${q}&page=${cursor}`), refusedPage);
  assert.throws(() => page(ENDPOINTS.embeddings, `start_time=${NOW - 10 * DAY}&limit=4&page=${cursor}`), refusedPage);
  assert.throws(() => page(ENDPOINTS.embeddings, `${q}&page=page_nonsense`), refusedPage);
  // The cursor carries the end fixed by the first request: a later clock does not move it.
  const next = page(ENDPOINTS.embeddings, `${q}&page=${cursor}`, { now: NOW + 5 * DAY });
  assert.equal(next.data[0]?.start_time, first.data.at(-1)?.end_time);
});

test('a start at or after now (no end_time) is a 400 on start_time', () => {
  assert.throws(
    () => page(ENDPOINTS.embeddings, `start_time=${NOW + 60}`),
    (e: unknown) =>
      e instanceof EmulatorHttpError &&
      typeof e.body.error !== 'string' &&
      e.body.error.param === 'start_time' &&
      /must be before the end of the range/.test(e.body.error.message),
  );
});

test('buckets before newFieldsSince lack the newer metrics; ISO times on request', () => {
  const start = NOW - 3 * DAY;
  const since = Math.floor(NOW / DAY) * DAY - DAY; // yesterday's midnight
  const p = page(ENDPOINTS.completions, `start_time=${start}&group_by=model`, {
    shape: { newFieldsSince: since, bucketIsoTimes: true },
  });
  for (const b of p.data) {
    const r = b.results[0];
    if (r === undefined) continue;
    const absent = ENDPOINTS.completions.mayBeAbsent.filter((m) => !(m in r));
    assert.equal(absent.length > 0, b.start_time < since, String(b.start_time));
    assert.equal(b.start_time_iso, new Date(b.start_time * 1000).toISOString().replace('.000Z', 'Z'));
  }
});

test('a revision scales the buckets in its range and drops a project’s results; others stay as they were', () => {
  const start = NOW - 4 * DAY;
  const q = `start_time=${start}&group_by=project_id`;
  const dayOne = Math.floor(start / DAY) * DAY + DAY;
  const dropped = SOURCE.org.projects[1]?.id ?? '';
  const before = page(ENDPOINTS.embeddings, q);
  const after = page(
    ENDPOINTS.embeddings,
    q,
    {},
    { start: dayOne, end: dayOne + DAY, scale: 2, dropProjectId: dropped },
  );
  before.data.forEach((b, i) => {
    const a = after.data[i];
    assert.ok(a !== undefined);
    if (b.start_time !== dayOne) {
      assert.deepEqual(a, b);
      return;
    }
    const kept = b.results.filter((r) => r['project_id'] !== dropped);
    assert.ok(kept.length < b.results.length, 'the project had usage that day');
    assert.deepEqual(
      a.results.map((r) => r['input_tokens']),
      kept.map((r) => Math.round(Number(r['input_tokens']) * 2)),
    );
  });
});

test('finished buckets are cached by query and span; the bucket holding now is made again each time', () => {
  const made: string[] = [];
  const store = new Map<string, string>();
  const cache: BoundedCache<string> = {
    get(key, make) {
      const hit = store.get(key);
      if (hit !== undefined) return hit;
      made.push(key);
      const v = make();
      store.set(key, v);
      return v;
    },
  };
  const q = `start_time=${NOW - 3 * DAY}`;
  const first = page(ENDPOINTS.embeddings, q, { cache });
  // 4 buckets: 3 finished days cached, the partial last one (holding now) never.
  assert.equal(first.data.length, 4);
  assert.equal(made.length, 3);
  const second = page(ENDPOINTS.embeddings, q, { cache });
  assert.equal(made.length, 3);
  assert.deepEqual(second, first);
  page(ENDPOINTS.embeddings, `${q}&group_by=model`, { cache });
  assert.equal(made.length, 6, 'another query has its own keys');
});
