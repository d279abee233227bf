import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { openStore } from '../../lib/store/open-store';
import { LOCK_KEY } from '../../lib/store/postgres-store';
import type { UsageStore } from '../../lib/store/store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import {
  createDatabase,
  pgQuery,
  skipWithoutPostgres,
  startTestPostgres,
  type TestPostgres,
} from '../../tools/postgres';
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
  until,
  type ScriptExit,
  type ScriptRun,
} from './helpers';

const ENDPOINTS = KILL_TEST_ENDPOINTS;
const SINCE = NOW - 10 * DAY;

/** The backend holding the sync lock (the session advisory lock on LOCK_KEY) in a database, if any. */
async function lockHolder(pg: TestPostgres, database: string): Promise<number | undefined> {
  // pg_locks shows a bigint advisory key as its high and low 32 bits.
  const rows = await pgQuery(
    pg.url,
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.granted AND d.datname = $1 AND l.classid = $2 AND l.objid = $3`,
    [database, Math.floor(LOCK_KEY / 2 ** 32), LOCK_KEY % 2 ** 32],
  );
  return rows[0] === undefined ? undefined : Number(rows[0]['pid']);
}

/** Rows of the coverage table. */
async function coverageCount(url: string): Promise<number> {
  return Number((await pgQuery(url, 'SELECT count(*) AS n FROM coverage'))[0]?.['n']);
}

async function backendAlive(pg: TestPostgres, pid: number): Promise<boolean> {
  const rows = await pgQuery(pg.url, 'SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1', [pid]);
  return Number(rows[0]?.['n']) > 0;
}

/**
 * Freezes the sync whose backend is `holder` inside its next window write: a SHARE lock on coverage lets the
 * window's transaction replace its rows, then blocks it where it records the coverage. Returns the release.
 */
async function freezeInWrite(pg: TestPostgres, url: string, holder: number): Promise<() => Promise<void>> {
  const blocker = new Client({ connectionString: url });
  await blocker.connect();
  const release = async (): Promise<void> => {
    await blocker.query('ROLLBACK');
    await blocker.end();
  };
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE coverage IN SHARE MODE');
    await until(
      async () =>
        (
          await pgQuery(
            pg.url,
            `SELECT pid FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM coverage %'`,
            [holder],
          )
        ).length > 0,
      60_000,
      'the sync to be blocked recording a window',
    );
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

/** How the server logs the end of a session whose client vanished while it recorded a window's coverage. */
const LOST_IN_WRITE = /FATAL: +connection to client lost.*\n.*STATEMENT: +DELETE FROM coverage /g;

describe('npm run sync --store postgres://… (child processes)', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  let emu: RunningEmulator;
  let reference: UsageStore;
  before(async () => {
    pg = await startTestPostgres();
    // Some latency as from the real API; the kills are placed by freezing a write (freezeInWrite), not by timing.
    emu = await startEmulator({ now: () => NOW, seed: 11, dataset: { streams: 20 }, faults: { latencyMs: 50 } });
    // The uninterrupted sync, in its own database of the same cluster.
    reference = await openStore(await createDatabase(pg.url, 'reference'));
    const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
    try {
      await syncStore({
        organization: organizationByName('default'),
        client,
        store: reference,
        now: NOW,
        since: SINCE,
        endpoints: ENDPOINTS,
      });
    } finally {
      client.close();
    }
  });
  const spawned: ScriptRun[] = [];
  /** A child sync, killed at the end if a failed test left it running. */
  const startSync = (argv: readonly string[]): ScriptRun => {
    const run = runSync(emu, argv);
    spawned.push(run);
    return run;
  };
  after(async () => {
    for (const r of spawned) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(spawned.map((r) => r.done));
    await reference.close();
    await emu.close();
    pg.stop();
  });
  const args = (store: string): string[] => killTestArgs(store, ENDPOINTS);

  /** The store after the sync is the uninterrupted one, and holds what the emulator's raw JSON adds up to. */
  async function assertComplete(url: string): Promise<void> {
    const store = await openStore(url);
    try {
      await assertSameStore(store, reference, ENDPOINTS);
      assertAggregatesClose(
        await aggregates(store),
        await rawAggregates(emu, ENDPOINTS, defaultTierRanges(SINCE, NOW)),
      );
      const text = JSON.stringify([await dumpTables(store, ENDPOINTS), await store.readDirectory()]);
      assert.ok(!text.includes(emu.adminKey), 'the admin key is never stored');
    } finally {
      await store.close();
    }
  }

  test('killed with SIGKILL mid-way and run again: no gap, no duplicate; meanwhile a second sync stops with a clear message', async () => {
    const url = await createDatabase(pg.url, 'killed');
    const first = startSync(args(url));
    // Locked means opened (the schema exists); then wait for a first window.
    await until(
      async () => (await lockHolder(pg, 'killed')) !== undefined && (await coverageCount(url)) >= 1,
      60_000,
      'a first window written',
    );
    const holder = await lockHolder(pg, 'killed');
    assert.ok(holder !== undefined, 'the running sync holds the lock');

    const lostBefore = (pg.log().match(LOST_IN_WRITE) ?? []).length;
    // Frozen inside a write, so it is certainly still running when the second sync tries, and killed there.
    const release = await freezeInWrite(pg, url, holder);
    let killed: ScriptExit;
    try {
      const second = await startSync(args(url)).done;
      assert.equal(second.code, 1, second.stdout);
      assert.match(
        second.stderr,
        /^sync: store postgres:\/\/postgres@127\.0\.0\.1:\d+\/killed is locked by another sync: wait for it to finish \(or pass --wait\) and try again$/m,
      );
      assert.equal(first.child.exitCode, null, 'the first sync was still running');
      first.child.kill('SIGKILL');
      killed = await first.done;
      // The lock belongs to the session, which the server ends when it sees the client gone, even while the
      // session is still blocked in its write: nothing stale is left, whatever holds up that write.
      await until(async () => !(await backendAlive(pg, holder)), 15_000, "the killed sync's session to end");
      assert.equal(await lockHolder(pg, 'killed'), undefined, 'no stale lock');
    } finally {
      await release();
    }
    assert.equal(killed.signal, 'SIGKILL', 'killed before it finished');
    assert.equal(
      (pg.log().match(LOST_IN_WRITE) ?? []).length,
      lostBefore + 1,
      "the session ended inside the window's transaction (so it was rolled back)",
    );

    const partial = await openStore(url);
    try {
      const rows = await assertOnlyWholeWindows(partial, reference, ENDPOINTS, NOW);
      const full = (await dumpTables(reference, ENDPOINTS)).length;
      assert.ok(rows > 0 && rows < full, `the kill landed mid-way: ${rows} of ${full} rows`);
    } finally {
      await partial.close();
    }

    // Without --wait: nothing of the killed run blocks it.
    const again = await startSync(args(url)).done;
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^synced postgres:\/\/postgres@127\.0\.0\.1:\d+\/killed: \d+ windows/m);
    assert.ok(!again.stderr.includes(emu.adminKey) && !again.stdout.includes(emu.adminKey), 'the key is never printed');
    await assertComplete(url);
  });

  test('a sync with --wait waits for the running one, and takes over when that one is SIGKILLed', async () => {
    const url = await createDatabase(pg.url, 'waited');
    const first = startSync(args(url));
    await until(async () => (await lockHolder(pg, 'waited')) !== undefined, 60_000, 'the first sync to lock');
    const holder = await lockHolder(pg, 'waited');
    assert.ok(holder !== undefined);
    const release = await freezeInWrite(pg, url, holder);
    let waiting: ScriptRun;
    try {
      waiting = startSync([...args(url), '--wait', '2m']);
      // It is waiting once another session of the database has tried the lock.
      await until(
        async () =>
          (
            await pgQuery(
              pg.url,
              `SELECT pid FROM pg_stat_activity WHERE datname = 'waited' AND pid <> $1 AND query LIKE '%pg_try_advisory_lock%'`,
              [holder],
            )
          ).length > 0,
        60_000,
        'the second sync to try the lock',
      );
      assert.equal(first.child.exitCode, null, 'the first sync was still running');
      assert.equal(await lockHolder(pg, 'waited'), holder, 'the waiting sync did not take the lock');
      first.child.kill('SIGKILL');
      assert.equal((await first.done).signal, 'SIGKILL');
      // It takes over as soon as the killed session ends, though that session's write never got unblocked.
      await until(
        async () => ![undefined, holder].includes(await lockHolder(pg, 'waited')),
        15_000,
        'the waiting sync to take the lock',
      );
    } finally {
      await release();
    }
    const waited = await waiting.done;
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(waited.stdout, /^synced postgres:\/\/postgres@127\.0\.0\.1:\d+\/waited: \d+ windows/m);
    await assertComplete(url);
  });
});
