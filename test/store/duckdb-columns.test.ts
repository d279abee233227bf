// A DuckDB result read as columns from the vectors' memory: the same cells as DuckDB's own value API gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { resultColumns } from '../../lib/store/duckdb-columns';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
after(() => {
  conn.closeSync();
  instance.closeSync();
});

/** The cells as DuckDB's value API reads them (BIGINT as a number). */
async function byValueApi(sql: string): Promise<unknown[][]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getColumns().map((column) => column.map((v: DuckDBValue) => (typeof v === 'bigint' ? Number(v) : v)));
}

test('doubles, ENUMs of every width, text, BIGINT and booleans over several chunks, nulls anywhere', async () => {
  // 5000 rows: three chunks of up to 2048; nulls on both sides of each 64-row word of the validity mask.
  const sql = `
    SELECT
      CASE WHEN i % 7 = 0 OR i % 64 = 63 THEN NULL ELSE CAST(i * 0.25 - 3 AS DOUBLE) END AS d,
      CASE WHEN i % 5 = 0 THEN NULL ELSE CAST('v' || (i % 3) AS ENUM('v0', 'v1', 'v2')) END AS e8,
      CASE WHEN i % 11 = 0 THEN NULL ELSE CAST('w' || (i % 300) AS ENUM(${Array.from({ length: 300 }, (_, k) => `'w${k}'`).join(', ')})) END AS e16,
      CASE WHEN i % 13 = 0 THEN NULL ELSE 't' || i END AS t,
      CASE WHEN i % 17 = 0 THEN NULL ELSE i * 1000 END AS b,
      CASE WHEN i % 19 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
      CAST(NULL AS DOUBLE) AS none,
      CASE WHEN i % 23 = 0 THEN NULL ELSE CAST(i - 2500 AS INTEGER) END AS n32,
      NULL AS untyped,
      CASE WHEN i = 4999 THEN 'last' ELSE NULL END AS rare
    FROM range(5000) AS r(i)`;
  const read = await resultColumns(await conn.run(sql));
  assert.equal(read.rowCount, 5000);
  assert.deepEqual(read.names, ['d', 'e8', 'e16', 't', 'b', 'flag', 'none', 'n32', 'untyped', 'rare']);
  const expected = await byValueApi(sql);
  for (const [c, name] of read.names.entries()) assert.deepEqual(read.values[c], expected[c], name);
  // Spot values computed here, not by DuckDB's reader.
  assert.deepEqual(read.values[0]?.slice(0, 3), [null, -2.75, -2.5]);
  assert.equal(read.values[0]?.[63], null);
  assert.deepEqual(read.values[1]?.slice(0, 4), [null, 'v1', 'v2', 'v0']);
  assert.equal(read.values[2]?.[299], 'w299');
  assert.equal(
    read.values[6]?.every((v) => v === null),
    true,
  );
});

test('no rows: every column empty', async () => {
  const read = await resultColumns(await conn.run("SELECT 1.5 AS x, CAST(NULL AS ENUM('a')) AS y WHERE false"));
  assert.deepEqual(read, { names: ['x', 'y'], rowCount: 0, values: [[], []] });
});

test('the bindings read directly are the very ones node-api loads (one pinned version: one native module)', () => {
  const ours: unknown = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const api: unknown = JSON.parse(
    readFileSync(path.join(path.dirname(require.resolve('@duckdb/node-api/package.json')), 'package.json'), 'utf8'),
  );
  const pin = (pkg: unknown, field: string): unknown =>
    Reflect.get(Object(Reflect.get(Object(pkg), field)), '@duckdb/node-bindings');
  assert.equal(typeof pin(ours, 'dependencies'), 'string');
  assert.equal(pin(ours, 'dependencies'), pin(api, 'dependencies'));
});
