import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { exportStore } from '../../lib/store/export-store';
import { CURRENT_VERSION } from '../../lib/store/migrations';
import { openStore } from '../../lib/store/open-store';
import { StoreLockedError, StoreOpenError } from '../../lib/store/store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { allTableSchemas } from '../../lib/store/table-schema';
import {
  createDatabase,
  pgQuery,
  skipWithoutPostgres,
  startTestPostgres,
  type TestPostgres,
} from '../../tools/postgres';
import { DAY, NOW, aggregates, contentOf, duplicateKeys, dumpTables, tempDir } from './helpers';

const ENDPOINTS = ['completions', 'images', 'vector_stores', 'costs'] as const;

describe('PostgreSQL store', { skip: skipWithoutPostgres() }, () => {
  let pg: TestPostgres;
  let emu: RunningEmulator;
  let client: UsageClient;
  const tmp = tempDir('store-pgt-');
  before(async () => {
    pg = await startTestPostgres();
    emu = await startEmulator({ now: () => NOW, seed: 5, dataset: { streams: 30 } });
    client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => NOW * 1000 });
  });
  after(async () => {
    client.close();
    await emu.close();
    pg.stop();
    tmp.remove();
  });

  test('a partial first bucket (range from inside a day) reads back from PostgreSQL as the API sent it', async () => {
    const since = NOW - 5 * DAY - 1234;
    // Its own database: the other tests compare the shared one with DuckDB row for row.
    const admin = await openStore(pg.url);
    try {
      await admin.query('CREATE DATABASE partial_first');
    } finally {
      await admin.close();
    }
    const pgStore = await openStore(pg.url.replace(/\/postgres$/, '/partial_first'));
    try {
      const only = { costs: ['project_id'], completions: ['model'] };
      for (const endpoint of ['costs', 'completions'] as const) {
        await syncStore({
          organization: organizationByName('default'),
          client,
          store: pgStore,
          now: NOW,
          since,
          exactStart: true,
          endpoints: [endpoint],
          groupings: { [endpoint]: only[endpoint] },
          tiers: [{ width: '1d', maxAgeSeconds: null }],
        });
        const query = { start_time: since, end_time: NOW, bucket_width: '1d' as const, group_by: only[endpoint] };
        const fromApi = await client.fetchAll(endpoint, query);
        const stored = await pgStore.readRange(endpoint, {
          start: Math.floor(since / 60) * 60,
          end: NOW,
          width: '1d',
          groupBy: only[endpoint],
        });
        assert.deepEqual(
          stored.map((b) => [b.start_time, b.end_time, b.results.length]),
          fromApi.map((b) => [b.start_time, b.end_time, b.results.length]),
        );
        const total = (bs: readonly { results: readonly unknown[] }[], key: string): number =>
          bs[0]?.results.reduce<number>((sum, r) => {
            const v = (r as Record<string, unknown>)[key];
            return sum + (typeof v === 'number' ? v : Number((v as { value: number }).value));
          }, 0) ?? NaN;
        const key = endpoint === 'costs' ? 'amount' : 'input_tokens';
        assert.ok(Math.abs(total(stored, key) - total(fromApi, key)) < 1e-9, `${endpoint} first bucket ${key}`);
      }
    } finally {
      await pgStore.close();
    }
  });

  test('after the same sync, DuckDB and PostgreSQL hold identical rows and aggregates', async () => {
    const pgStore = await openStore(pg.url);
    const duck = await DuckDbStore.open(path.join(tmp.dir, 'same.duckdb'));
    try {
      assert.equal(pgStore.kind, 'postgres');
      for (const s of [pgStore, duck]) {
        await syncStore({
          organization: organizationByName('default'),
          client,
          store: s,
          now: NOW,
          since: NOW - 5 * DAY,
          endpoints: ENDPOINTS,
        });
        await syncStore({
          organization: organizationByName('default'),
          client,
          store: s,
          now: NOW,
          since: NOW - 7 * DAY,
          endpoints: ENDPOINTS,
        });
      }
      const pgRows = await dumpTables(pgStore, ENDPOINTS);
      assert.ok(pgRows.length > 1000, `rows: ${pgRows.length}`);
      assert.deepEqual(pgRows, await dumpTables(duck, ENDPOINTS));
      assert.deepEqual(await aggregates(pgStore), await aggregates(duck));
      for (const e of ENDPOINTS) assert.equal(await duplicateKeys(pgStore, e), 0, e);
      const range = {
        start: Math.floor((NOW - 3 * DAY) / DAY) * DAY,
        end: NOW,
        width: '1h' as const,
        groupBy: ['model'],
      };
      assert.deepEqual(
        contentOf(await pgStore.readRange('completions', range)),
        contentOf(await duck.readRange('completions', range)),
      );
      const files = await exportStore(pgStore, 'parquet', path.join(tmp.dir, 'pg-export'));
      assert.ok(files.every((f) => existsSync(f)) && files.length === allTableSchemas().length + 3);
    } finally {
      await pgStore.close();
      await duck.close();
    }
  });

  test('the advisory lock: a second writer stops with a clear message, or waits for the first', async () => {
    const a = await openStore(pg.url);
    const b = await openStore(pg.url);
    try {
      await a.lock();
      await assert.rejects(
        b.lock(),
        (e: unknown) => e instanceof StoreLockedError && /locked by another sync/.test(e.message),
      );
      const waiting = b.lock({ waitMs: 10_000 });
      setTimeout(() => void a.unlock(), 300);
      await waiting;
      await b.unlock();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('stores opened at once on a fresh database create one schema, without an error', async () => {
    const url = await createDatabase(pg.url, 'opened_at_once');
    const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
    try {
      for (const s of stores) assert.equal(await s.schemaVersion(), CURRENT_VERSION);
      const versions = await pgQuery(url, 'SELECT count(*) AS n FROM schema_version');
      assert.equal(Number(versions[0]?.['n']), 1, 'one schema_version row');
    } finally {
      for (const s of stores) await s.close();
    }
  });

  test('a refused connection names the store without its password', async () => {
    const url = pg.url.replace('postgres@', 'postgres:s3cret@').replace(/:(\d+)\//, ':1/');
    await assert.rejects(
      openStore(url),
      (e: unknown) =>
        e instanceof StoreOpenError &&
        e.message.includes('cannot connect to store postgres://postgres:***@127.0.0.1:1/') &&
        !e.message.includes('s3cret'),
    );
  });
});
