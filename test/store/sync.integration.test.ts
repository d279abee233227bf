import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ENDPOINTS as ENDPOINTS_SPEC } from '../../lib/catalogue/index';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { StoreCoverageError } from '../../lib/store/store';
import { defaultGrouping } from '../../lib/store/plan-sync';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { DAY, NOW, contentOf, duplicateKeys, dumpTables, floorTo, rawBuckets, tempDir } from './helpers';

const ENDPOINTS = ['completions', 'vector_stores', 'costs'] as const;

describe('sync into DuckDB against the emulator', () => {
  let emu: RunningEmulator;
  let client: UsageClient;
  const tmp = tempDir('store-sync-');
  const clients: UsageClient[] = [];
  const emus: RunningEmulator[] = [];
  const newClient = (e: RunningEmulator): UsageClient => {
    const c = new UsageClient({
      apiKey: e.adminKey,
      baseURL: e.baseURL,
      now: () => NOW * 1000,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    clients.push(c);
    return c;
  };
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 7, dataset: { streams: 30 } });
    emus.push(emu);
    client = newClient(emu);
  });
  after(async () => {
    for (const c of clients) c.close();
    for (const e of emus) await e.close();
    tmp.remove();
  });

  test('the store holds exactly what the API sends, per width, with the open bucket stored but not final', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'exact.duckdb'));
    try {
      const since = NOW - 5 * DAY;
      const report = await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since,
        endpoints: ENDPOINTS,
      });
      assert.ok(report.rows > 1000, `rows: ${report.rows}`);
      for (const endpoint of ENDPOINTS) {
        for (const [width, from] of [
          ['1d', floorTo(since, '1d')],
          ['1h', floorTo(since, '1h')],
          ['1m', floorTo(NOW - DAY, '1m')],
        ] as const) {
          if (endpoint === 'costs' && width !== '1d') continue;
          const groupBy = defaultGrouping(endpoint);
          const raw = await rawBuckets(emu, endpoint, from, NOW, width, groupBy);
          const stored = await store.readRange(endpoint, { start: from, end: NOW, width, groupBy });
          assert.equal(stored.length, raw.length, `${endpoint} ${width} buckets`);
          assert.deepEqual(contentOf(stored), contentOf(raw), `${endpoint} ${width}`);
          const last = stored[stored.length - 1];
          assert.equal(last?.end_time, NOW, 'the open bucket ends now');
        }
        const cov = await store.coverage({
          organizationId: 'name:default',
          endpoint,
          grouping: defaultGrouping(endpoint).join(','),
          width: '1d',
        });
        const open = cov.find((c) => c.end === NOW);
        assert.equal(open?.final, false, 'the range ending now is not final');
      }
      // A coarser grouping is summed from the stored one, exactly as the API would answer it.
      const day = floorTo(NOW - 2 * DAY, '1d');
      const byModel = await store.readRange('completions', {
        start: day,
        end: day + DAY,
        width: '1d',
        groupBy: ['model'],
      });
      const rawByModel = await rawBuckets(emu, 'completions', day, day + DAY, '1d', ['model']);
      assert.deepEqual(contentOf(byModel), contentOf(rawByModel));
    } finally {
      await store.close();
    }
  });

  test('overlapping ranges and re-runs never duplicate a row; a second sync re-reads only the trailing window', async () => {
    const a = await DuckDbStore.open(path.join(tmp.dir, 'overlap.duckdb'));
    const b = await DuckDbStore.open(path.join(tmp.dir, 'once.duckdb'));
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: a,
        now: NOW,
        since: NOW - 6 * DAY,
        until: NOW - 3 * DAY,
        endpoints: ENDPOINTS,
      });
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: a,
        now: NOW,
        since: NOW - 4 * DAY,
        endpoints: ENDPOINTS,
      });
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: a,
        now: NOW,
        since: NOW - 6 * DAY,
        endpoints: ENDPOINTS,
      });
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: b,
        now: NOW,
        since: NOW - 6 * DAY,
        endpoints: ENDPOINTS,
      });
      emu.resetRequests();
      const again = await syncStore({
        organization: organizationByName('default'),
        client,
        store: a,
        now: NOW,
        since: NOW - 6 * DAY,
        endpoints: ENDPOINTS,
      });
      for (const e of ENDPOINTS) assert.equal(await duplicateKeys(a, e), 0, e);
      assert.deepEqual(await dumpTables(a, ENDPOINTS), await dumpTables(b, ENDPOINTS));
      // Only the trailing window is fetched again: usage from 48 h, costs from 3 days before now.
      assert.equal(again.requests, emu.requests.length);
      assert.ok(again.requests > 0);
      for (const r of emu.requests) {
        const start = Number(new URLSearchParams(r.query).get('start_time'));
        const trailing = r.path.endsWith('/costs') ? 3 * DAY : 2 * DAY;
        const width = (new URLSearchParams(r.query).get('bucket_width') ?? '1d') as '1m' | '1h' | '1d';
        assert.ok(start >= floorTo(NOW - trailing, width), `${r.path} ${r.query} re-read outside the trailing window`);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a closed bucket revised by the API replaces its old values; a vanished result disappears', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'revise.duckdb'));
    try {
      const since = NOW - 4 * DAY;
      await syncStore({
        organization: organizationByName('default'),
        client,
        store,
        now: NOW,
        since,
        endpoints: ['completions', 'costs'],
      });
      const day = floorTo(NOW, '1d') - DAY; // yesterday: closed, inside both trailing windows
      const before = await store.readRange('completions', {
        start: day,
        end: day + DAY,
        width: '1d',
        groupBy: defaultGrouping('completions'),
      });
      const project = before[0]?.results.find((r) => typeof r['project_id'] === 'string')?.['project_id'];
      assert.equal(typeof project, 'string');
      const revisedEmu = await startEmulator({
        now: () => NOW,
        seed: 7,
        dataset: { streams: 30 },
        revision: { start: day, end: day + DAY, scale: 3, dropProjectId: String(project) },
      });
      emus.push(revisedEmu);
      await syncStore({
        organization: organizationByName('default'),
        client: newClient(revisedEmu),
        store,
        now: NOW,
        since,
        endpoints: ['completions', 'costs'],
      });
      for (const endpoint of ['completions', 'costs'] as const) {
        for (const width of endpoint === 'costs' ? (['1d'] as const) : (['1d', '1h'] as const)) {
          const from = floorTo(since, width);
          const groupBy = defaultGrouping(endpoint);
          const raw = await rawBuckets(revisedEmu, endpoint, from, NOW, width, groupBy);
          const stored = await store.readRange(endpoint, { start: from, end: NOW, width, groupBy });
          assert.deepEqual(contentOf(stored), contentOf(raw), `${endpoint} ${width} after revision`);
        }
      }
      const after = await store.query(
        `SELECT count(*) AS n FROM usage_completions WHERE start_time >= $1 AND start_time < $2 AND project_id = $3`,
        [day, day + DAY, String(project)],
      );
      assert.equal(Number(after[0]?.['n']), 0, 'the dropped project is gone from the revised day');
      const kept = await store.query(
        `SELECT count(*) AS n FROM usage_completions WHERE start_time < $1 AND project_id = $2 AND bucket_width = '1d'`,
        [day, String(project)],
      );
      assert.ok(Number(kept[0]?.['n']) > 0, 'days before the revision keep that project');
      for (const e of ['completions', 'costs'] as const) assert.equal(await duplicateKeys(store, e), 0);
    } finally {
      await store.close();
    }
  });

  test('429s and 500s along the way: the sync ends with nothing lost', async () => {
    const clean = await DuckDbStore.open(path.join(tmp.dir, 'clean.duckdb'));
    const faulty = await DuckDbStore.open(path.join(tmp.dir, 'faulty.duckdb'));
    const flaky = await startEmulator({ now: () => NOW, seed: 7, dataset: { streams: 30 } });
    emus.push(flaky);
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: clean,
        now: NOW,
        since: NOW - 3 * DAY,
        endpoints: ENDPOINTS,
      });
      // After every written window, the next request gets a 429 and its retry a 500; the third attempt passes.
      const c = new UsageClient({
        apiKey: flaky.adminKey,
        baseURL: flaky.baseURL,
        now: () => NOW * 1000,
        retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 3 },
      });
      clients.push(c);
      const inject = (): void =>
        flaky.setFaults({ rateLimit: { count: 1, retryAfterMs: 5 }, serverError: { count: 1 } });
      inject();
      await syncStore({
        organization: organizationByName('default'),
        client: c,
        store: faulty,
        now: NOW,
        since: NOW - 3 * DAY,
        endpoints: ENDPOINTS,
        concurrency: 1,
        onProgress: inject,
      });
      const faults = flaky.requests.filter((r) => r.status === 429 || r.status === 500).length;
      assert.ok(faults >= 4, `faults injected: ${faults}`);
      assert.deepEqual(await dumpTables(faulty, ENDPOINTS), await dumpTables(clean, ENDPOINTS));
    } finally {
      await clean.close();
      await faulty.close();
    }
  });

  test('costs by api_key_id are stored from the cut-off on, so a plain sync answers them there (and only there)', async () => {
    const cutoff = ENDPOINTS_SPEC.costs.groupingCutoff?.since ?? assert.fail('costs have a grouping cut-off');
    const now = cutoff + 10 * DAY + 3600;
    const live = await startEmulator({ now: () => now, seed: 11, dataset: { streams: 12 } });
    emus.push(live);
    const c = new UsageClient({ apiKey: live.adminKey, baseURL: live.baseURL, now: () => now * 1000 });
    clients.push(c);
    // Amounts summed from the finer stored grouping differ from the API's sums in the last bits only.
    const money = (buckets: Awaited<ReturnType<typeof rawBuckets>>): Record<number, string[]> =>
      contentOf(
        buckets.map((b) => ({
          start_time: b.start_time,
          results: b.results.map((r) => {
            const amount = r['amount'] as { value: number; currency: string };
            return { ...r, amount: { ...amount, value: Number(amount.value.toPrecision(12)) } };
          }),
        })),
      );
    const store = await DuckDbStore.open(path.join(tmp.dir, 'cutoff.duckdb'));
    try {
      const since = cutoff - 5 * DAY;
      await syncStore({
        organization: organizationByName('default'),
        client: c,
        store,
        now,
        since,
        endpoints: ['costs'],
      });
      const byKey = ['project_id', 'line_item', 'api_key_id'];
      const stored = await store.readRange('costs', { start: cutoff, end: now, width: '1d', groupBy: byKey });
      const raw = await rawBuckets(live, 'costs', cutoff, now, '1d', byKey);
      assert.ok(
        raw.some((b) => b.results.length > 0),
        'the emulator has costs after the cut-off',
      );
      assert.deepEqual(money(stored), money(raw));
      // Before the cut-off the API has no such grouping, and neither does the store.
      await assert.rejects(
        store.readRange('costs', { start: since - (since % DAY), end: now, width: '1d', groupBy: byKey }),
        StoreCoverageError,
      );
      const whole = await store.readRange('costs', {
        start: since - (since % DAY),
        end: now,
        width: '1d',
        groupBy: ['project_id', 'line_item'],
      });
      assert.deepEqual(
        money(whole),
        money(await rawBuckets(live, 'costs', since - (since % DAY), now, '1d', ['project_id', 'line_item'])),
      );
    } finally {
      await store.close();
    }
  });
});
