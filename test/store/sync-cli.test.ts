import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { ODD_PROJECT_IDS } from '../../lib/emulator/synthetic-org';
import {
  DAY,
  NOW,
  aggregates,
  assertAggregatesClose,
  assertOnlyWholeWindows,
  assertSameStore,
  defaultTierRanges,
  dumpTables,
  rawAggregates,
  KILL_TEST_ENDPOINTS,
  killTestArgs,
  runSync,
  tempDir,
  until,
} from './helpers';

const ENDPOINTS = KILL_TEST_ENDPOINTS;

describe('npm run sync (child processes)', () => {
  let emu: RunningEmulator;
  const tmp = tempDir('store-cli-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 }, faults: { latencyMs: 120 } });
  });
  after(async () => {
    await emu.close();
    tmp.remove();
  });
  const args = (store: string): string[] => killTestArgs(store, ENDPOINTS);

  test('killed with SIGKILL mid-way and run again: no gap, no duplicate (same rows as an uninterrupted sync)', async () => {
    const file = path.join(tmp.dir, 'killed.duckdb');
    const reference = await DuckDbStore.open(path.join(tmp.dir, 'reference.duckdb'));
    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: reference,
        now: NOW,
        since: NOW - 10 * DAY,
        endpoints: ENDPOINTS,
      });
      emu.resetRequests();
      const first = runSync(emu, args(file));
      await until(() => emu.requests.length >= 6, 60_000, 'six requests');
      first.child.kill('SIGKILL');
      const killed = await first.done;
      assert.equal(killed.signal, 'SIGKILL');
      const partial = await DuckDbStore.open(file);
      try {
        const partialRows = await assertOnlyWholeWindows(partial, reference, ENDPOINTS, NOW);
        const full = (await dumpTables(reference, ENDPOINTS)).length;
        assert.ok(partialRows > 0 && partialRows < full, `the kill landed mid-way: ${partialRows} of ${full} rows`);
      } finally {
        await partial.close();
      }
      const again = await runSync(emu, args(file)).done;
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /synced .*killed\.duckdb: \d+ windows/);
      const resumed = await DuckDbStore.open(file);
      try {
        await assertSameStore(resumed, reference, ENDPOINTS);
        assertAggregatesClose(
          await aggregates(resumed),
          await rawAggregates(emu, ENDPOINTS, defaultTierRanges(NOW - 10 * DAY, NOW)),
        );
        assert.ok(!readFileSync(file).includes(emu.adminKey), 'the admin key is never stored');
        const directory = await resumed.readDirectory();
        assert.ok(
          directory.some((e) => e.kind === 'project' && e.name !== null) && directory.some((e) => e.kind === 'api_key'),
          'the directory is synced',
        );
      } finally {
        await resumed.close();
      }
    } finally {
      client.close();
      await reference.close();
    }
  });

  test('--every repeats the sync until stopped, releasing the store between runs', async () => {
    const file = path.join(tmp.dir, 'every.duckdb');
    const runs = runSync(emu, [
      '--store',
      file,
      '--now',
      String(NOW),
      '--since',
      '1d',
      '--endpoints',
      'costs',
      '--every',
      '6s',
      '--quiet',
    ]);
    let out = '';
    runs.child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => (out.match(/^synced /gm) ?? []).length >= 2, 60_000, 'two runs');
      // Between runs the file is free: another process can open it.
      const between = await DuckDbStore.open(file, { waitMs: 30_000 });
      await between.close();
    } finally {
      runs.child.kill('SIGTERM');
    }
    const ended = await runs.done;
    assert.equal(ended.signal, 'SIGTERM');
  });

  test('a second sync on the same store stops with a clear message, or waits with --wait', async () => {
    const file = path.join(tmp.dir, 'locked.duckdb');
    emu.resetRequests();
    const first = runSync(emu, args(file));
    await until(() => emu.requests.length >= 1, 60_000, 'a request');
    const second = await runSync(emu, args(file)).done;
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      /store .*locked\.duckdb is in use by another process \(PID \d+\), probably another sync/,
    );
    const waiting = runSync(emu, [...args(file), '--wait', '2m']);
    const a = await first.done;
    const b = await waiting.done;
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(!b.stderr.includes(emu.adminKey) && !b.stdout.includes(emu.adminKey), 'the admin key is never printed');
  });
});

describe('npm run sync against an odd-ID directory, and flags checked before any banner', () => {
  let emu: RunningEmulator;
  const tmp = tempDir('store-cli-odd-');
  before(async () => {
    emu = await startEmulator({
      now: () => NOW,
      seed: 42,
      dataset: { streams: 20 },
      directory: { oddProjectIds: true },
    });
  });
  after(async () => {
    await emu.close();
    tmp.remove();
  });

  test('usage of every project is stored, every project named, one notice naming the IDs no path carries', async () => {
    const file = path.join(tmp.dir, 'odd.duckdb');
    const run = await runSync(emu, [
      '--store',
      file,
      '--now',
      String(NOW),
      '--since',
      '3d',
      '--endpoints',
      'completions,costs',
      '--widths',
      '1d',
      '--quiet',
    ]).done;
    assert.equal(run.code, 0, run.stderr);
    const notices = run.stderr.split('\n').filter((l) => l.startsWith('Names incomplete'));
    assert.deepEqual(notices, [
      'Names incomplete, their IDs are shown: the API keys and service accounts of projects "..", "proj_eu/west", "" ' +
        'were not listed (no URL path can carry those IDs).',
    ]);
    assert.match(run.stdout, /synced .*odd\.duckdb: .* \d+ directory entries/);
    const store = await DuckDbStore.open(file);
    try {
      assertAggregatesClose(
        await aggregates(store),
        await rawAggregates(emu, ['completions', 'costs'], { '1d': defaultTierRanges(NOW - 3 * DAY, NOW)['1d'] }),
      );
      const directory = await store.readDirectory();
      for (const id of ODD_PROJECT_IDS)
        assert.ok(
          directory.some((e) => e.kind === 'project' && e.id === id && e.name !== null),
          JSON.stringify(id),
        );
      assert.ok(directory.some((e) => e.kind === 'api_key' && e.parent_id === ODD_PROJECT_IDS[0]));
      const costs = await store.query(`SELECT DISTINCT project_id FROM "costs" WHERE project_id = '..'`);
      assert.equal(costs.length, 1, 'usage of the ".." project is stored under its ID');
    } finally {
      await store.close();
    }
  });

  test('a bad flag is an error before any banner or request; --export sends nothing and says no mode', async () => {
    emu.resetRequests();
    for (const [flag, value, message] of [
      ['--since', 'yesterdayish', /^sync: invalid --since: "yesterdayish" \(an ISO date/],
      ['--concurrency', '0', /^sync: invalid --concurrency: "0" \(an integer >= 1\)/],
      ['--export', 'xlsx', /^sync: invalid --export: "xlsx" \(one of parquet, csv, focus\)/],
      ['--every', 'often', /^sync: invalid --every: "often"/],
    ] as const) {
      const run = await runSync(emu, ['--store', path.join(tmp.dir, 'never.duckdb'), flag, value]).done;
      assert.equal(run.code, 1);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr + run.stdout, /Demo mode|Using http/);
    }
    assert.equal(emu.requests.length, 0);
    const exported = await runSync(emu, [
      '--store',
      path.join(tmp.dir, 'odd.duckdb'),
      '--export',
      'csv',
      '--out',
      path.join(tmp.dir, 'csv'),
    ]).done;
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /costs\.csv/);
    assert.doesNotMatch(exported.stderr + exported.stdout, /Demo mode|Using http/);
    assert.equal(emu.requests.length, 0);
  });
});
