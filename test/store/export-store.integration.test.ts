import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { exportStore, exportTables, withDuckDb } from '../../lib/store/export-store';
import { sqlString } from '../../lib/store/sql-driver';
import { tempDir } from '../../tools/temp-dir';
import { writeSample } from './export-fixture';
import { MemoryStore } from './memory-store';

// A DuckDB file store exports its own tables (no copy); the files must hold what the copy route writes.
const tmp = tempDir('export-store-int-');
let store: DuckDbStore;
before(async () => {
  store = await DuckDbStore.open(path.join(tmp.dir, 'usage.duckdb'));
  await writeSample(store);
});
after(async () => {
  await store.close();
  tmp.remove();
});

async function parquetRows(file: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})`)).getRowObjectsJson();
    return rows.map((r) => JSON.stringify(r)).sort();
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

test('a DuckDB store runs the export on its own tables: no copy is made', async () => {
  const statements: string[] = [];
  const result = await withDuckDb(store, exportTables(), async (run) => {
    await run('CREATE TEMP TABLE probe AS SELECT count(*) AS n FROM costs');
    statements.push('ran');
    return 'done';
  });
  assert.equal(result, 'done');
  assert.deepEqual(await store.query('SELECT n FROM probe'), [{ n: 2 }], 'ran on the store itself');
  assert.deepEqual(statements, ['ran']);
});

test('the direct route and the copy route write the same Parquet rows for the same data', async () => {
  const copied = await MemoryStore.open();
  try {
    await writeSample(copied);
    const direct = await exportStore(store, 'parquet', path.join(tmp.dir, 'direct'));
    const viaCopy = await exportStore(copied, 'parquet', path.join(tmp.dir, 'copy'));
    assert.equal(direct.length, viaCopy.length);
    for (const [i, file] of direct.entries()) {
      const other = viaCopy[i];
      assert.ok(other !== undefined && path.basename(other) === path.basename(file));
      // Coverage and directory carry the moment of the write: equal here, both written by writeSample.
      assert.deepEqual(await parquetRows(file), await parquetRows(other), path.basename(file));
    }
  } finally {
    await copied.close();
  }
});
