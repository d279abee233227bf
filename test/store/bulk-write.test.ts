import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ENDPOINTS } from '../../lib/api/endpoints';
import type { WireBucket } from '../../lib/api/wire';
import { BucketColumns } from '../../lib/store/column-batch';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { tableSchema } from '../../lib/store/table-schema';
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

describe('bulk writes (column-major cells, DuckDB data chunks)', () => {
  const tmp = tempDir('store-bulk-');
  after(() => tmp.remove());

  test('a costs bucket becomes columns: money split into value and currency, unknown keys kept as JSON', () => {
    const schema = tableSchema(ENDPOINTS.costs);
    const cells = new BucketColumns(schema, 2);
    cells.add('org-a', '1d', 'project_id,line_item', {
      object: 'bucket',
      start_time: T0,
      end_time: T0 + 86_400,
      results: [
        {
          object: 'organization.costs.result',
          amount: { value: 1.25, currency: 'usd' },
          quantity: 3,
          quantity_unit: 'tokens',
          project_id: 'proj_a',
          line_item: 'gpt-4o, input',
          future_field: { a: 1 },
        },
        { object: 'organization.costs.result', amount: null, project_id: 'proj_b' },
      ],
    });
    const column = (name: string): unknown[] => {
      const i = schema.columns.findIndex((c) => c.name === name);
      return cells.values[i]?.slice(0, cells.rowCount) ?? [];
    };
    assert.equal(cells.rowCount, 2);
    assert.deepEqual(column('start_time'), [T0, T0]);
    assert.deepEqual(column('group_by'), ['project_id,line_item', 'project_id,line_item']);
    assert.deepEqual(column('amount_value'), [1.25, null]);
    assert.deepEqual(column('amount_currency'), ['usd', null]);
    assert.deepEqual(column('quantity'), [3, null]);
    assert.deepEqual(column('quantity_unit'), ['tokens', null]);
    assert.deepEqual(column('line_item'), ['gpt-4o, input', null]);
    assert.deepEqual(column('extra'), ['{"future_field":{"a":1}}', null]);
    assert.throws(
      () =>
        new BucketColumns(schema).add('org-a', '1d', '', {
          object: 'bucket',
          start_time: T0,
          end_time: T0 + 86_400,
          results: [{ amount: { value: 'lots' } }],
        }),
      /invalid amount\.value: "lots"/,
    );
  });

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
