import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient, type UsageQuery } from '../../lib/api/index';
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
} from '../../lib/notebook/store-source';
import { loadDirectory } from '../../lib/api/index';
import { directoryEntries } from '../../lib/store/directory-entries';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { syncStore } from '../../lib/store/sync';
import { validateQuery } from '../../lib/api/query';
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

  test('source "store" names IDs from the directory the sync stored, with no request', async () => {
    const location = path.join(tmp.dir, 'names.duckdb');
    const directory = await loadDirectory(client);
    const store = await DuckDbStore.open(location);
    try {
      await syncStore({
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
    const names = await storeNamesLoader(reader)();
    const project = directory.projects.find((p) => p.name !== null);
    assert.ok(project !== undefined && names.available);
    assert.equal(names.nameOf('project_id', project.id), project.name);
    const user = directory.users.find((u) => u.email !== null);
    assert.ok(user !== undefined);
    assert.equal(names.nameOf('user_id', user.id), user.email);
    assert.equal(emu.requests.length, 0, 'no request for names either');
  });

  test('source "store" without end_time reads up to the last sync of a grouping that can answer it', async () => {
    const location = path.join(tmp.dir, 'ends.duckdb');
    const store = await DuckDbStore.open(location);
    try {
      await syncStore({
        client,
        store,
        now: NOW - 600,
        since: NOW - 3 * DAY,
        endpoints: ['costs'],
        groupings: { costs: ['line_item'] },
        tiers: [{ width: '1d', maxAgeSeconds: null }],
      });
      await syncStore({
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
