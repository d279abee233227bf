import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { WireBucket } from '../../lib/catalogue/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { tempDir } from './helpers';

const HOUR = 3600;
const T0 = 1_739_059_200;

/** `n` completions results of one hour; result i has i input tokens, a null user every third, batch every fifth. */
function hour(start: number, n: number, tokens: (i: number) => number): WireBucket<unknown> {
  return {
    object: 'bucket',
    start_time: start,
    end_time: start + HOUR,
    results: Array.from({ length: n }, (_, i) => ({
      object: 'organization.usage.completions.result',
      input_tokens: tokens(i),
      output_tokens: 1,
      num_model_requests: 2,
      project_id: `proj_${i}`,
      user_id: i % 3 === 0 ? null : `user_${i % 7}`,
      api_key_id: 'key_a',
      model: 'gpt-4o',
      batch: i % 5 === 0,
    })),
  };
}

describe('bulk writes (DuckDB data chunks)', () => {
  const tmp = tempDir('store-bulk-');
  after(() => tmp.remove());

  test('windows over several data chunks: every row once, nulls and booleans kept; a rewrite replaces them', async () => {
    const file = path.join(tmp.dir, 'bulk.duckdb');
    const store = await DuckDbStore.open(file);
    const window = (buckets: WireBucket<unknown>[]) => ({
      organizationId: 'org-a',
      endpoint: 'completions' as const,
      grouping: 'project_id,user_id,api_key_id,model,batch',
      width: '1h' as const,
      start: T0,
      end: T0 + 3 * HOUR,
      buckets,
      final: true,
      syncedAt: T0 + 4 * HOUR,
    });
    // 2500 + 2100 + 900 rows: more than two 2048-row chunks, with chunk borders inside buckets.
    const sizes = [2500, 2100, 900];
    try {
      const first = sizes.map((n, h) => hour(T0 + h * HOUR, n, (i) => i));
      assert.equal(await store.writeWindow(window(first)), 5500);
      const sum = (n: number): number => (n * (n - 1)) / 2;
      const nullUsers = (n: number): number => Math.ceil(n / 3);
      const batches = (n: number): number => Math.ceil(n / 5);
      const read = async (): Promise<Record<string, unknown> | undefined> =>
        (
          await store.query(
            'SELECT count(*) AS n, sum(input_tokens) AS tokens, count(*) FILTER (WHERE user_id IS NULL) AS null_users, ' +
              'count(*) FILTER (WHERE batch) AS batches, count(DISTINCT start_time) AS hours, ' +
              'count(*) FILTER (WHERE extra IS NOT NULL OR service_tier IS NOT NULL) AS non_null FROM usage_completions',
          )
        )[0];
      assert.deepEqual(await read(), {
        n: 5500,
        tokens: sizes.reduce((s, n) => s + sum(n), 0),
        null_users: sizes.reduce((s, n) => s + nullUsers(n), 0),
        batches: sizes.reduce((s, n) => s + batches(n), 0),
        hours: 3,
        non_null: 0,
      });
      // The API revised the window: fewer results, other values. The old rows go, none doubles.
      const revised = [hour(T0, 2049, (i) => 2 * i), hour(T0 + 2 * HOUR, 10, () => 7)];
      assert.equal(await store.writeWindow(window(revised)), 2059);
      assert.deepEqual(await read(), {
        n: 2059,
        tokens: 2 * sum(2049) + 70,
        null_users: nullUsers(2049) + nullUsers(10),
        batches: batches(2049) + batches(10),
        hours: 2,
        non_null: 0,
      });
    } finally {
      await store.close();
    }
    // Closing folds the write-ahead log into the file (the checkpoint threshold is raised while writing).
    assert.equal(existsSync(`${file}.wal`), false);
    const reopened = await DuckDbStore.open(file);
    try {
      assert.deepEqual(await reopened.query('SELECT count(*) AS n FROM usage_completions'), [{ n: 2059 }]);
    } finally {
      await reopened.close();
    }
  });
});
