import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { CURRENT_VERSION } from '../../lib/store/migrations';
import { openStore } from '../../lib/store/open-store';
import { StoreLockedError, StoreOpenError, StoreSchemaError } from '../../lib/store/store';
import { allTableSchemas } from '../../lib/store/table-schema';
import { ENDPOINTS } from '../../lib/catalogue/index';
import { otherProcessOpensDuckDb, tempDir } from './helpers';

/** Runs SQL on a raw DuckDB file (to hand-make stores of other versions). */
async function rawSql(file: string, statements: readonly string[]): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  for (const s of statements) await conn.run(s);
  conn.closeSync();
  instance.closeSync();
}

describe('DuckDB store', () => {
  const tmp = tempDir('store-duck-');
  after(() => tmp.remove());

  test('a fresh store has a table per catalogue endpoint, columns named as in the API, coverage and schema_version', async () => {
    const store = await DuckDbStore.open(path.join(tmp.dir, 'nested', 'fresh.duckdb'));
    try {
      assert.equal(await store.schemaVersion(), CURRENT_VERSION);
      const tables = (await store.query('SELECT table_name FROM information_schema.tables')).map(
        (r) => r['table_name'],
      );
      for (const spec of Object.values(ENDPOINTS)) {
        const t = allTableSchemas().find((s) => s.endpoint === spec.name);
        assert.ok(t !== undefined && tables.includes(t.table), spec.name);
        const cols = (
          await store.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [t.table])
        ).map((r) => r['column_name']);
        for (const g of spec.groupBy) assert.ok(cols.includes(g), `${t.table}.${g}`);
        for (const m of spec.metrics) assert.ok(cols.includes(m) || cols.includes(`${m}_value`), `${t.table}.${m}`);
      }
      for (const t of ['coverage', 'schema_version', 'directory']) assert.ok(tables.includes(t), t);
    } finally {
      await store.close();
    }
  });

  test('a version-1 store is migrated (rows kept, group_by filled from coverage); a newer one is refused', async () => {
    const file = path.join(tmp.dir, 'v1.duckdb');
    await rawSql(file, [
      'CREATE TABLE schema_version (version BIGINT, migrated_at BIGINT)',
      'INSERT INTO schema_version VALUES (1, 1700000000)',
      'CREATE TABLE coverage (endpoint TEXT, group_by TEXT, bucket_width TEXT, start_time BIGINT, end_time BIGINT, final BOOLEAN, synced_at BIGINT)',
      "INSERT INTO coverage VALUES ('vector_stores', 'project_id', '1d', 1739059200, 1739145600, true, 1739200000)",
      'CREATE TABLE usage_vector_stores (start_time BIGINT, end_time BIGINT, bucket_width TEXT, project_id TEXT, usage_bytes FLOAT8, extra TEXT)',
      "INSERT INTO usage_vector_stores VALUES (1739059200, 1739145600, '1d', 'proj_a', 1234, NULL), (1739059200, 1739145600, '1d', 'proj_b', 66, NULL)",
    ]);
    const store = await DuckDbStore.open(file);
    try {
      assert.equal(await store.schemaVersion(), CURRENT_VERSION);
      const buckets = await store.readRange('vector_stores', {
        start: 1739059200,
        end: 1739145600,
        width: '1d',
        groupBy: ['project_id'],
      });
      assert.deepEqual(
        buckets.map((b) => b.results.map((r) => [r['project_id'], r['usage_bytes']])),
        [
          [
            ['proj_a', 1234],
            ['proj_b', 66],
          ],
        ],
      );
      const total = await store.readRange('vector_stores', { start: 1739059200, end: 1739145600, width: '1d' });
      assert.equal(total[0]?.results[0]?.['usage_bytes'], 1300);
      assert.ok(
        (await store.query('SELECT * FROM directory')).length === 0,
        'tables the old version lacked are created',
      );
    } finally {
      await store.close();
    }
    const newer = path.join(tmp.dir, 'v99.duckdb');
    await rawSql(newer, [
      'CREATE TABLE schema_version (version BIGINT, migrated_at BIGINT)',
      'INSERT INTO schema_version VALUES (99, 1)',
    ]);
    await assert.rejects(
      DuckDbStore.open(newer),
      (e: unknown) => e instanceof StoreSchemaError && e.message.includes(newer) && /version 99, newer/.test(e.message),
    );
  });

  test('a corrupt file is a clear error naming the file', async () => {
    const file = path.join(tmp.dir, 'corrupt.duckdb');
    writeFileSync(file, 'not a database '.repeat(500));
    await assert.rejects(
      openStore(file),
      (e: unknown) =>
        e instanceof StoreOpenError && e.message.includes(file) && /not a valid DuckDB database/.test(e.message),
    );
  });

  test('a second writer in the same process stops with a clear message; after unlock it proceeds', async () => {
    const file = path.join(tmp.dir, 'lock.duckdb');
    const a = await DuckDbStore.open(file);
    const b = await DuckDbStore.open(file);
    try {
      await a.lock();
      await assert.rejects(b.lock(), (e: unknown) => e instanceof StoreLockedError && e.message.includes(file));
      await a.unlock();
      await b.lock();
      await b.unlock();
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('stores open on one file in one process share it: the others see the writes, other processes stay out until the last closes', async () => {
    const file = path.join(tmp.dir, 'shared.duckdb');
    const a = await DuckDbStore.open(file);
    const b = await DuckDbStore.open(file);
    const otherProcessOpens = (): boolean => otherProcessOpensDuckDb(file);
    try {
      await a.exec('CREATE TABLE shared_probe (x BIGINT)');
      await a.exec('INSERT INTO shared_probe VALUES (41), (1)');
      assert.deepEqual(await b.query('SELECT sum(x) AS s FROM shared_probe'), [{ s: 42 }]);
      assert.equal(otherProcessOpens(), false);
      await a.close();
      // Two instances of one file in one process would drop the process's file lock here, under b.
      assert.equal(otherProcessOpens(), false, 'the file stays locked while b is open');
      assert.deepEqual(await b.query('SELECT count(*) AS n FROM shared_probe'), [{ n: 2 }]);
    } finally {
      await a.close();
      await b.close();
    }
    assert.equal(otherProcessOpens(), true, 'free once the last store closed');
    assert.equal(existsSync(`${file}.wal`), false, 'the last close leaves no WAL to replay');
    // Reopened while the last one is still checkpointing and closing: the new store waits for that close, which
    // would otherwise drop the process's lock under it.
    const c = await DuckDbStore.open(file);
    await c.exec('INSERT INTO shared_probe VALUES (1)');
    const closing = c.close();
    const d = await DuckDbStore.open(file);
    try {
      await closing;
      assert.equal(otherProcessOpens(), false, 'the reopened store holds the file');
      assert.deepEqual(await d.query('SELECT count(*) AS n FROM shared_probe'), [{ n: 3 }]);
    } finally {
      await d.close();
    }
  });
});
