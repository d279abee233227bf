import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { exportStore, exportTables, withDuckDb } from '../../lib/store/export-store';
import { bookkeepingTables } from '../../lib/store/migrations';
import { sqlString } from '../../lib/store/sql-driver';
import { allTableSchemas } from '../../lib/store/table-schema';
import { tempDir } from '../../tools/temp-dir';
import { HOSTILE_ITEM, writeSample } from './export-fixture';
import { MemoryStore } from './memory-store';

// The export through a copy: the store (an in-memory DuckDB adapter without statements of its own, as PostgreSQL)
// has its rows copied into a DuckDB of the export's own, then written by DuckDB's CSV and Parquet writers.
const tmp = tempDir('export-store-');
let store: MemoryStore;
before(async () => {
  store = await MemoryStore.open();
  await writeSample(store);
});
after(async () => {
  await store.close();
  tmp.remove();
});

/** Rows of a Parquet or CSV file as DuckDB reads them back (another DuckDB, another route than the writer's). */
async function readBack(file: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const reader = file.endsWith('.csv')
      ? `read_csv(${sqlString(file)}, header = true)`
      : `read_parquet(${sqlString(file)})`;
    const rows = (await conn.runAndReadAll(`SELECT * FROM ${reader} ORDER BY ${orderBy}`)).getRowObjectsJS();
    return rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

test('exportTables: every data table with its columns, then coverage, directory and organizations', () => {
  const tables = exportTables();
  const data = allTableSchemas().map((t): [string, readonly unknown[]] => [t.table, t.columns]);
  const bookkeeping = bookkeepingTables().filter(([n]) => ['coverage', 'directory', 'organizations'].includes(n));
  assert.deepEqual(tables, [...data, ...bookkeeping]);
  const names = tables.map(([n]) => n);
  for (const left of ['schema_version', 'partial_coverage', 'alert_events', 'alert_deliveries'])
    assert.ok(!names.includes(left), left);
  assert.ok(!names.some((n) => n.endsWith('_partial')), 'partial buckets are not the stored history');
});

test('an unknown format is refused by name before any folder is made', async () => {
  const out = path.join(tmp.dir, 'never');
  await assert.rejects(exportStore(store, 'xml' as 'csv', out), {
    name: 'RangeError',
    message: 'invalid --export: "xml" (one of parquet, csv, focus)',
  });
  assert.equal(existsSync(out), false);
});

test('Parquet: one file per table, every row and value as stored (types kept)', async () => {
  const out = path.join(tmp.dir, 'nested', 'parquet');
  const files = await exportStore(store, 'parquet', out);
  assert.deepEqual(
    files,
    exportTables().map(([t]) => path.resolve(out, `${t}.parquet`)),
  );
  for (const [table, order] of [
    ['costs', 'project_id NULLS FIRST'],
    ['usage_completions', 'batch'],
    ['coverage', 'endpoint'],
    ['directory', 'id'],
  ] as const) {
    const stored = await store.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    assert.ok(stored.length > 0, table);
    assert.deepEqual(await readBack(path.resolve(out, `${table}.parquet`), order), stored, table);
  }
  assert.deepEqual(await readBack(path.resolve(out, 'usage_embeddings.parquet'), 'start_time'), [], 'empty tables too');
});

test('CSV: a header per table; text with commas, quotes and line breaks reads back whole', async () => {
  const out = path.join(tmp.dir, 'csv');
  await exportStore(store, 'csv', out);
  const costs = await readBack(path.resolve(out, 'costs.csv'), 'project_id NULLS FIRST');
  assert.deepEqual(
    costs.map((r) => [r['project_id'], r['line_item'], r['amount_value'], r['quantity'], r['extra']]),
    [
      [null, null, 0.5, null, null],
      ['proj_a', HOSTILE_ITEM, 1.25, 3_000_000, '{"surprise":{"nested":[1,"two"]}}'],
    ],
  );
  const header = readFileSync(path.resolve(out, 'directory.csv'), 'utf8').split('\n')[0];
  assert.equal(header, 'organization_id,kind,id,name,parent_id,attributes,synced_at');
  assert.deepEqual(
    (await readBack(path.resolve(out, 'directory.csv'), 'id')).map((r) => r['name']),
    ['Ann\'s, "main"'],
  );
  const completions = await readBack(path.resolve(out, 'usage_completions.csv'), 'batch');
  assert.deepEqual(
    completions.map((r) => [r['batch'], r['input_tokens']]),
    [
      [false, 9_007_199_254_740_991],
      [true, 10],
    ],
  );
});

test('withDuckDb copies only the tables asked for, and closes its copy even when the work fails', async () => {
  const seen: string[] = [];
  const counts = await withDuckDb(store, [['coverage', bookkeepingTables()[1]?.[1] ?? []]], async (run) => {
    await run(`COPY coverage TO ${sqlString(path.join(tmp.dir, 'cov.csv'))} (FORMAT csv, HEADER true)`);
    await assert.rejects(run('SELECT * FROM costs'), /costs/, 'a table not asked for is not there');
    seen.push('ran');
    return 2;
  });
  assert.equal(counts, 2);
  assert.deepEqual(seen, ['ran']);
  await assert.rejects(
    withDuckDb(store, [], () => Promise.reject(new Error('work failed'))),
    /work failed/,
  );
});
