import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient, type UsageQuery, loadDirectory, validateQuery } from '../../lib/api/index';
import type { WireBucket } from '../../lib/catalogue/index';
import {
  costByLineItemChart,
  costPerDayChart,
  requestsByModelProjectChart,
  tokenUsageChart,
} from '../../lib/charts/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import {
  bucketStarts,
  costByLineItem,
  costPerDay,
  costTable,
  requestsByModelProject,
  tokensPerBucket,
  usageTable,
} from '../../lib/frames/index';
import {
  parseSource,
  storeFilters,
  storeNamesLoader,
  storeReader,
  type StoreReader,
} from '../../lib/notebook/store-reader';
import {
  directoryEntries,
  DuckDbStore,
  StorePartialBucketError,
  organizationByName,
  syncStore,
} from '../../lib/store/index';
import { DAY, NOW, tempDir } from '../store/helpers';

/** Figure JSON with floats at 12 significant digits: cost sums differ in the last bit with summation order. */
function figureJson(fig: unknown): string {
  return JSON.stringify(fig, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
  );
}

/** Figure by figure, reporting the first differing characters (figure JSON is long). */
function assertSame(actual: readonly string[], expected: readonly string[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] ?? '';
    let at = 0;
    while (at < a.length && a[at] === e[at]) at++;
    assert.ok(
      a === e,
      `figure ${i} differs at ${at}: ${a.slice(Math.max(0, at - 80), at + 80)} vs ${e.slice(Math.max(0, at - 80), at + 80)}`,
    );
  });
}

describe('notebook source: the same charts from the API, the store and sync', () => {
  let emu: RunningEmulator;
  let client: UsageClient;
  const tmp = tempDir('store-nb-');
  const readers: StoreReader[] = [];
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 9, dataset: { streams: 30 } });
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  });
  after(async () => {
    for (const r of readers) await r.close();
    client.close();
    await emu.close();
    tmp.remove();
  });

  const start = Math.floor((NOW - 14 * DAY) / DAY) * DAY;
  const usageQ: UsageQuery = { start_time: start, end_time: NOW, bucket_width: '1d' };
  const groupedQ: UsageQuery = { ...usageQ, group_by: ['model', 'project_id'] };
  const hourlyQ: UsageQuery = {
    start_time: NOW - 3 * DAY - (NOW % 3600),
    end_time: NOW,
    bucket_width: '1h',
    models: ['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18'],
  };
  const costQ: UsageQuery = { start_time: start, end_time: NOW, bucket_width: '1d' };
  const lineQ: UsageQuery = { ...costQ, group_by: ['line_item'] };

  async function figures(read: {
    completions: (q: UsageQuery) => Promise<unknown>;
    costs: (q: UsageQuery) => Promise<unknown>;
  }): Promise<string[]> {
    const u = (await read.completions(usageQ)) as Parameters<typeof usageTable<'completions'>>[1];
    const g = (await read.completions(groupedQ)) as Parameters<typeof usageTable<'completions'>>[1];
    const h = (await read.completions(hourlyQ)) as Parameters<typeof usageTable<'completions'>>[1];
    const c = (await read.costs(costQ)) as Parameters<typeof costTable>[0];
    const l = (await read.costs(lineQ)) as Parameters<typeof costTable>[0];
    return [
      tokenUsageChart(tokensPerBucket(usageTable('completions', u), bucketStarts(u)), {
        bucketWidth: '1d',
        rangeSeconds: NOW - start,
      }),
      requestsByModelProjectChart(requestsByModelProject(usageTable('completions', g)), { rangeSeconds: NOW - start }),
      tokenUsageChart(tokensPerBucket(usageTable('completions', h), bucketStarts(h)), {
        bucketWidth: '1h',
        rangeSeconds: 3 * DAY,
      }),
      costPerDayChart(costPerDay(costTable(c), bucketStarts(c)), { currency: 'usd', rangeSeconds: NOW - start }),
      costByLineItemChart(costByLineItem(costTable(l), bucketStarts(l)), { currency: 'usd' }),
    ].map(figureJson);
  }

  test('sync then store give the API figures; store alone makes no request', async () => {
    const fromApi = await figures({
      completions: (q) => client.fetchAll('completions', q),
      costs: (q) => client.fetchAll('costs', q),
    });
    const location = path.join(tmp.dir, 'nb.duckdb');
    const sync = storeReader({ source: 'sync', location, client, now: NOW });
    readers.push(sync);
    const fromSync = await figures({
      completions: (q) => sync.read('completions', q),
      costs: (q) => sync.read('costs', q),
    });
    await sync.close();
    assertSame(fromSync, fromApi);
    emu.resetRequests();
    const store = storeReader({ source: 'store', location, client, now: NOW });
    readers.push(store);
    const fromStore = await figures({
      completions: (q) => store.read('completions', q),
      costs: (q) => store.read('costs', q),
    });
    assertSame(fromStore, fromApi);
    assert.equal(emu.requests.length, 0, 'source "store" makes no request');
    await assert.rejects(store.read('embeddings', usageQ), /does not hold embeddings at 1d .*run sync/);
  });

  /** Buckets as comparable text: spans and results (keys sorted, floats at 12 digits, nulls dropped), any result order. */
  function bucketsText(buckets: readonly WireBucket<unknown>[]): string[] {
    return buckets.map((b) => {
      const results = b.results.map((r) => {
        // A null field and an absent one read the same (older buckets lack the newer fields).
        const entries = Object.entries(r as Record<string, unknown>)
          .filter(([, v]) => v !== null)
          .sort(([a], [c]) => a.localeCompare(c));
        return figureJson(Object.fromEntries(entries));
      });
      return `${b.start_time}-${b.end_time}: ${results.sort().join(' ')}`;
    });
  }

  test("a range starting inside a bucket: sync stores the API's partial first bucket, store reads it back", async () => {
    const location = path.join(tmp.dir, 'partial.duckdb');
    // 30 days and 17 seconds before NOW, NOW itself off the grid: partial first (from the minute) and last buckets.
    const start = NOW - 30 * DAY - 17;
    const queries: Array<['completions' | 'costs', UsageQuery]> = [
      ['completions', { start_time: start, end_time: NOW, bucket_width: '1d', group_by: ['model'] }],
      ['completions', { start_time: NOW - 2 * DAY - 125, end_time: NOW, bucket_width: '1h' }],
      ['costs', { start_time: start, end_time: NOW, bucket_width: '1d', group_by: ['line_item'] }],
      ['costs', { start_time: start, end_time: NOW, bucket_width: '1d', project_ids: ['proj_demo_01'] }],
    ];
    const sync = storeReader({ source: 'sync', location, client, now: NOW });
    const store = storeReader({ source: 'store', location, client, now: NOW, onNotice: (l) => notices.push(l) });
    const notices: string[] = [];
    readers.push(sync, store);
    for (const [endpoint, q] of queries) {
      const fromApi = await client.fetchAll(endpoint, q);
      const first = fromApi[0];
      assert.ok(first !== undefined && first.start_time === Math.floor(Number(q.start_time) / 60) * 60);
      assert.ok(
        first.end_time - first.start_time < (q.bucket_width === '1h' ? 3600 : DAY),
        'the API sends a partial first bucket',
      );
      assert.deepEqual(bucketsText(await sync.read(endpoint, q)), bucketsText(fromApi), `sync ${endpoint}`);
      emu.resetRequests();
      assert.deepEqual(bucketsText(await store.read(endpoint, q)), bucketsText(fromApi), `store ${endpoint}`);
      assert.equal(emu.requests.length, 0);
    }
    assert.deepEqual(notices, []);
    // A later run starts a few minutes later: the store has no partial bucket for that span, so it gives the
    // whole first day, says so once per endpoint and width, and still makes no request.
    const later: UsageQuery = { start_time: start + 300, end_time: NOW, bucket_width: '1d', group_by: ['model'] };
    const widened = await store.read('completions', later);
    const whole = await client.fetchAll('completions', {
      ...later,
      start_time: Math.floor((start + 300) / DAY) * DAY,
    });
    emu.resetRequests();
    assert.deepEqual(bucketsText(widened), bucketsText(whole));
    await store.read('completions', later);
    assert.equal(emu.requests.length, 0);
    assert.equal(notices.length, 1);
    assert.match(
      notices[0] ?? '',
      /whole 1d buckets of completions.*source "sync" stores the API's exact partial first bucket/,
    );
    // The store API itself refuses the unknown span rather than answering it with an empty or whole bucket.
    const s = await DuckDbStore.open(location);
    try {
      await assert.rejects(
        s.readRange('completions', { start: Math.floor((start + 300) / 60) * 60, end: NOW, width: '1d' }),
        (e: unknown) => e instanceof StorePartialBucketError && /partial first 1d bucket/.test(e.message),
      );
      // One partial bucket per grid bucket and key: a second partial sync of the same day replaces the first.
      const before = await s.query('SELECT count(*) AS n FROM partial_coverage');
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: s,
        now: NOW,
        since: start + 600,
        until: NOW,
        exactStart: true,
        endpoints: ['costs'],
        groupings: { costs: ['line_item'] },
        tiers: [{ width: '1d', maxAgeSeconds: null }],
      });
      assert.deepEqual(await s.query('SELECT count(*) AS n FROM partial_coverage'), before);
      // Whole-bucket tables never hold a partial bucket: their sums stay the API's whole-day sums.
      const offGrid = await s.query(`SELECT count(*) AS n FROM costs WHERE start_time % 86400 <> 0`);
      assert.equal(Number(offGrid[0]?.['n']), 0);
    } finally {
      await s.close();
    }
  });

  test('source "store" names IDs from the directory the sync stored, with no request', async () => {
    const location = path.join(tmp.dir, 'names.duckdb');
    const directory = await loadDirectory(client);
    const store = await DuckDbStore.open(location);
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since: NOW - DAY,
        endpoints: ['costs'],
        listDirectory: () => Promise.resolve(directoryEntries(directory)),
      });
    } finally {
      await store.close();
    }
    emu.resetRequests();
    const reader = storeReader({ source: 'store', location, client, now: NOW });
    readers.push(reader);
    const names = await storeNamesLoader(reader, (line) => assert.fail(line))();
    const project = directory.projects.find((p) => p.name !== null);
    assert.ok(project !== undefined && names.available);
    assert.equal(names.nameOf('project_id', project.id), project.name);
    const user = directory.users.find((u) => u.email !== null);
    assert.ok(user !== undefined);
    assert.equal(names.nameOf('user_id', user.id), user.email);
    assert.equal(emu.requests.length, 0, 'no request for names either');
  });

  test('source "store" whose directory cannot be read: IDs and one notice, names never stop the notebook', async () => {
    const location = path.join(tmp.dir, 'not-a-store.duckdb');
    writeFileSync(location, 'this is not a DuckDB file\n');
    const reader = storeReader({ source: 'store', location, client, now: NOW });
    readers.push(reader);
    const notices: string[] = [];
    const names = storeNamesLoader(reader, (line) => notices.push(line));
    assert.equal((await names()).available, false);
    assert.equal((await names()).available, false);
    assert.equal(notices.length, 1);
    assert.match(
      notices[0] ?? '',
      /^Names unavailable, charts and tables show IDs: the store's directory could not be read \(/,
    );
  });

  test('source "store" without end_time reads up to the last sync of a grouping that can answer it', async () => {
    const location = path.join(tmp.dir, 'ends.duckdb');
    const store = await DuckDbStore.open(location);
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW - 600,
        since: NOW - 3 * DAY,
        endpoints: ['costs'],
        groupings: { costs: ['line_item'] },
        tiers: [{ width: '1d', maxAgeSeconds: null }],
      });
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since: NOW - 3 * DAY,
        endpoints: ['costs'],
        groupings: { costs: [] },
        tiers: [{ width: '1d', maxAgeSeconds: null }],
      });
    } finally {
      await store.close();
    }
    const reader = storeReader({ source: 'store', location, client, now: NOW });
    readers.push(reader);
    const byItem = await reader.read('costs', { start_time: NOW - 2 * DAY, group_by: ['line_item'] });
    assert.equal(byItem[byItem.length - 1]?.end_time, NOW - 600, 'the grouped read ends where its own sync ended');
    const total = await reader.read('costs', { start_time: NOW - 2 * DAY });
    assert.equal(total[total.length - 1]?.end_time, NOW);
  });

  test('source and filter values', () => {
    assert.equal(parseSource(undefined), 'api');
    assert.equal(parseSource('store'), 'store');
    assert.throws(() => parseSource('cache'), /invalid source: "cache" \(one of api, store, sync\)/);
    assert.deepEqual(
      storeFilters(
        'completions',
        validateQuery('completions', { start_time: NOW, models: ['m'], batch: false, project_ids: ['p'] }),
      ),
      { project_id: ['p'], model: ['m'], batch: [false] },
    );
  });
});
