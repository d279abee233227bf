// The kill campaign of issue 19: `npm run sync` SIGKILLed at seeded random moments several times in a row, then
// resumed (DuckDB and PostgreSQL); PostgreSQL restarted mid-sync; a DuckDB file on a full disk. Every time the store
// holds only whole windows, and the resumed store equals an uninterrupted sync and the emulator's raw totals.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { openStore } from '../../lib/store/open-store';
import type { UsageStore } from '../../lib/store/store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { CampaignFigures, fuzzRuns, fuzzSeed } from '../helpers/fault-campaign';
import { createDatabase, skipWithoutPostgres, startTestPostgres, type TestPostgres } from '../../tools/postgres';
import {
  DAY,
  NOW,
  KILL_TEST_ENDPOINTS,
  aggregates,
  assertAggregatesClose,
  assertOnlyWholeWindows,
  assertSameStore,
  defaultTierRanges,
  dumpTables,
  killTestArgs,
  rawAggregates,
  runSync,
  tempDir,
  until,
  type ScriptRun,
} from '../store/helpers';

const ENDPOINTS = KILL_TEST_ENDPOINTS;
const SINCE = NOW - 10 * DAY;
const figures = new CampaignFigures('kill');
after(() => figures.print());

/** Kills in a row per store: 3 in `npm test`; FUZZ_RUNS, at most 12, with `npm run test:fuzz` (each costs a sync). */
const KILLS = Math.min(fuzzRuns(3), 12);

/** Seeded kill moments: after how many answered requests, plus a few milliseconds into the next. */
function killMoments(salt: number): Array<{ requests: number; extraMs: number }> {
  return fc.sample(
    fc.record({ requests: fc.integer({ min: 1, max: 14 }), extraMs: fc.integer({ min: 0, max: 120 }) }),
    {
      seed: fuzzSeed() + salt,
      numRuns: KILLS,
    },
  );
}

/** Fills the reference store with an uninterrupted in-process sync. */
async function syncReference(emu: RunningEmulator, store: UsageStore): Promise<void> {
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  try {
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: NOW,
      since: SINCE,
      endpoints: ENDPOINTS,
    });
  } finally {
    client.close();
  }
}

/**
 * SIGKILLs `npm run sync` at each moment in turn, checking after each kill that the store holds only whole windows;
 * a run that finished before its moment counts as such. Then one last run completes the store.
 */
async function killRepeatedly(
  emu: RunningEmulator,
  store: string,
  open: () => Promise<UsageStore>,
  reference: UsageStore,
  salt: number,
): Promise<void> {
  const spawned: ScriptRun[] = [];
  try {
    for (const moment of killMoments(salt)) {
      emu.resetRequests();
      const run = runSync(emu, killTestArgs(store, ENDPOINTS));
      spawned.push(run);
      await until(
        () => emu.requests.length >= moment.requests || run.child.exitCode !== null,
        120_000,
        `${moment.requests} requests`,
      );
      await new Promise((resolve) => setTimeout(resolve, moment.extraMs));
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      const exit = await run.done;
      if (exit.signal === 'SIGKILL') figures.add('kills survived');
      else {
        assert.equal(exit.code, 0, exit.stderr);
        figures.add('syncs finished before their kill');
      }
      const partial = await open();
      try {
        await assertOnlyWholeWindows(partial, reference, ENDPOINTS, NOW);
      } finally {
        await partial.close();
      }
    }
    const last = await runSync(emu, killTestArgs(store, ENDPOINTS)).done;
    assert.equal(last.code, 0, last.stderr);
    assert.ok(!last.stdout.includes(emu.adminKey) && !last.stderr.includes(emu.adminKey), 'the key is never printed');
  } finally {
    for (const r of spawned) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  }
  const resumed = await open();
  try {
    await assertSameStore(resumed, reference, ENDPOINTS);
    assertAggregatesClose(
      await aggregates(resumed),
      await rawAggregates(emu, ENDPOINTS, defaultTierRanges(SINCE, NOW)),
    );
  } finally {
    await resumed.close();
  }
}

describe('kill campaign: DuckDB', () => {
  let emu: RunningEmulator;
  let reference: DuckDbStore;
  const tmp = tempDir('kill-campaign-');
  before(async () => {
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 }, faults: { latencyMs: 60 } });
    reference = await DuckDbStore.open(path.join(tmp.dir, 'reference.duckdb'));
    await syncReference(emu, reference);
  });
  after(async () => {
    await reference.close();
    await emu.close();
    tmp.remove();
  });

  test(`npm run sync SIGKILLed at ${KILLS} seeded random moments in a row, then resumed: the uninterrupted store`, async () => {
    const file = path.join(tmp.dir, 'killed.duckdb');
    await killRepeatedly(emu, file, () => DuckDbStore.open(file), reference, 0);
    assert.ok(!readFileSync(file).includes(emu.adminKey), 'the admin key is never stored');
  });

  test('a DuckDB file on a full disk: a clear error, and the store still opens with only whole windows', async (t) => {
    const mount = mkdtempSync(path.join(os.tmpdir(), 'full-disk-'));
    // An empty store's size (its tables and views) plus a third of the uninterrupted store's data: the schema fits,
    // and the disk fills mid-way through the sync.
    const emptyFile = path.join(tmp.dir, 'empty.duckdb');
    await (await DuckDbStore.open(emptyFile)).close();
    const empty = statSync(emptyFile).size;
    const data = Math.max(0, statSync(path.join(tmp.dir, 'reference.duckdb')).size - empty);
    const size = Math.max(64 * 1024, Math.floor((empty + data / 3) / 4096) * 4096);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount], { stdio: 'pipe' });
    } catch (error) {
      rmSync(mount, { recursive: true, force: true });
      t.skip(
        `cannot mount a small tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : 'mount failed'})`,
      );
      return;
    }
    try {
      const file = path.join(mount, 'full.duckdb');
      const full = await runSync(emu, killTestArgs(file, ENDPOINTS)).done;
      assert.equal(full.code, 1, `the sync stops on a full disk: ${full.stdout}`);
      assert.match(full.stderr, /^sync: .*(No space left on device|disk is full|out of space|ENOSPC)/im);
      assert.ok(!/\n\s+at /.test(full.stderr), `one line, no stack: ${full.stderr}`);
      figures.add('full-disk stops');
      figures.notes.push(`full disk: ${full.stderr.trim().split('\n').pop() ?? ''}`);
      const partial = await DuckDbStore.open(file);
      try {
        const rows = await assertOnlyWholeWindows(partial, reference, ENDPOINTS, NOW);
        const all = (await dumpTables(reference, ENDPOINTS)).length;
        assert.ok(rows < all, `the disk filled before the end: ${rows} of ${all} rows`);
      } finally {
        await partial.close();
      }
    } finally {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
  });
});

describe('kill campaign: PostgreSQL', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  let emu: RunningEmulator;
  let reference: UsageStore;
  let referenceUrl: string;
  before(async () => {
    pg = await startTestPostgres();
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 }, faults: { latencyMs: 60 } });
    referenceUrl = await createDatabase(pg.url, 'reference');
    reference = await openStore(referenceUrl);
    await syncReference(emu, reference);
  });
  after(async () => {
    await reference.close();
    await emu.close();
    pg.stop();
  });

  test(`npm run sync SIGKILLed at ${KILLS} seeded random moments in a row, then resumed: the uninterrupted store`, async () => {
    const url = await createDatabase(pg.url, 'killed');
    await killRepeatedly(emu, url, () => openStore(url), reference, 1);
  });

  test('PostgreSQL restarted mid-sync: the sync stops with a clear error (or carries on), the next resumes with no gap', async () => {
    const url = await createDatabase(pg.url, 'restarted');
    emu.resetRequests();
    const run = runSync(emu, killTestArgs(url, ENDPOINTS));
    await until(() => emu.requests.length >= 4 || run.child.exitCode !== null, 120_000, 'a few windows');
    assert.equal(run.child.exitCode, null, 'the sync was still running');
    pg.restart();
    figures.add('PostgreSQL restarts');
    // The restart ended the reference's session too: it says so on use, and opens again.
    await assert.rejects(reference.query('SELECT 1'), /terminating connection due to administrator command/);
    await reference.close().catch(() => undefined);
    reference = await openStore(referenceUrl);
    const exit = await run.done;
    if (exit.code === 0) figures.add('syncs that carried on through the restart');
    else {
      assert.equal(exit.code, 1);
      assert.match(
        exit.stderr,
        /^sync: lost the connection to store postgres:\/\/postgres@127\.0\.0\.1:\d+\/restarted: .*(terminating connection|shut ?down|Connection terminated)/im,
        'a clear error naming the lost connection',
      );
      assert.ok(!/\n\s+at /.test(exit.stderr), `one line, no stack: ${exit.stderr}`);
      figures.add('syncs stopped by the restart with a clear error');
      figures.notes.push(`PostgreSQL restart: ${exit.stderr.trim().split('\n').pop() ?? ''}`);
    }
    const partial = await openStore(url);
    try {
      await assertOnlyWholeWindows(partial, reference, ENDPOINTS, NOW);
    } finally {
      await partial.close();
    }
    const again = await runSync(emu, killTestArgs(url, ENDPOINTS)).done;
    assert.equal(again.code, 0, again.stderr);
    const resumed = await openStore(url);
    try {
      await assertSameStore(resumed, reference, ENDPOINTS);
    } finally {
      await resumed.close();
    }
  });
});
