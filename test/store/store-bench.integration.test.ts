import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runStoreBench, storeBenchLine, storeBenchTable } from '../../bench/store-bench';
import { postgresBinDir } from '../../tools/postgres';

describe('store benchmark (what npm run bench prints for the store)', () => {
  test('a tiny run measures every figure, or says why not, and prints the one-line summary', async () => {
    const r = await runStoreBench({ days: 3, rows: 3000, postgres: true, sync: true });
    assert.ok(r.rows > 1000, `rows ${r.rows}`);
    assert.ok(r.duckdb.rowsPerSecond > 0 && r.duckdb.fileMb > 0);
    // The store's aggregation and the one over fetched JSON find the same groups.
    assert.equal(r.aggregation.groups, r.aggregation.jsonGroups);
    if (postgresBinDir() === undefined) {
      assert.ok(!r.postgres.measured && /NOT MEASURED: PostgreSQL server not installed/.test(r.postgres.reason));
    } else {
      assert.ok(r.postgres.measured && r.postgres.rowsPerSecond > 0);
    }
    assert.ok(r.sync.measured);
    if (r.sync.measured) assert.ok(r.sync.secondRequests > 0 && r.sync.secondRequests <= r.sync.firstRequests);
    assert.match(
      storeBenchLine(r),
      /^store: duckdb=\d+ postgres=(\d+|not-measured) file=\d+\.\d aggregation=\d+\.\d second-sync=\d+\.\d% \(requests \d+\/\d+\)$/,
    );
    const table = storeBenchTable(r);
    for (const m of ['DuckDB write', 'PostgreSQL write', 'DuckDB file', 'tokens per model and hour', 'second sync'])
      assert.ok(table.includes(m), m);
  });
});
