import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCompletionsResult } from '../../lib/catalogue/index';
import { usageTable } from '../../lib/frames/index';
import { KEY_NULL, USER_NULL } from '../../lib/insights/allocation-rows';
import { NO_SIZE, OTHER_SIZE, TIER_BITS, usageCells } from '../../lib/insights/allocation-usage';

const D0 = 1_764_979_200;
const row = (r: Partial<WireCompletionsResult>): WireCompletionsResult => ({
  object: 'organization.usage.completions.result',
  input_tokens: 0,
  output_tokens: 0,
  num_model_requests: 0,
  ...r,
});
const bucket = (day: number, results: WireCompletionsResult[]): WireBucket<WireCompletionsResult> => ({
  object: 'bucket',
  start_time: D0 + day * 86_400,
  end_time: D0 + (day + 1) * 86_400,
  results,
});

test('rows grouped by day, project and model, in row order; keys, users, tiers and metrics per row', () => {
  const table = usageTable('completions', [
    bucket(0, [
      row({
        model: 'm',
        project_id: 'p',
        api_key_id: 'k',
        user_id: 'u',
        input_tokens: 10,
        input_cached_tokens: 4,
        input_uncached_tokens: 6,
        input_cache_write_tokens: 2,
      }),
      row({ model: 'n', project_id: 'p', api_key_id: null, user_id: null, output_tokens: 7, batch: true }),
      row({
        model: 'm',
        project_id: 'p',
        api_key_id: 'k',
        user_id: null,
        input_tokens: 5,
        input_uncached_tokens: 5,
        service_tier: 'flex',
      }),
    ]),
    bucket(1, [row({ model: null, project_id: 'p', num_model_requests: 3 })]),
  ]);
  // Numbers as allocateCosts gives them: model m 0, n 1; project p 0; key k 0 (null 1); user u 0 (null 1).
  const cells = usageCells(
    [{ table, models: [0, 1, -1], projects: [0], keys: [0, 1], users: [0, 1] }],
    { days: 2, projects: 1, models: 2 },
    D0 / 86_400,
    { project: 0, key: 1, user: 1 },
  );
  const m = cells.cellOf(0, 0, 0);
  const n = cells.cellOf(0, 0, 1);
  assert.equal(cells.cellOf(1, 0, 0), -1, 'no usage of m on day 1 (the row without a model is left out)');
  const rowsOf = (c: number): number[] => {
    const out: number[] = [];
    for (let e = cells.first[c] ?? 0; e < (cells.first[c + 1] ?? 0); e++) out.push(e);
    return out;
  };
  assert.equal(rowsOf(m).length, 2);
  assert.equal(rowsOf(n).length, 1);
  assert.equal(cells.largest, 2);
  const [first, third] = rowsOf(m);
  const [second] = rowsOf(n);
  if (first === undefined || third === undefined || second === undefined) throw new Error('rows');
  assert.deepEqual(
    [first, second, third].map((e) => [cells.keyNumber[e], cells.userNumber[e], cells.nulls[e], cells.tierBit[e]]),
    [
      [0, 0, 0, TIER_BITS['default']],
      [1, 1, KEY_NULL | USER_NULL, TIER_BITS['batch']],
      [0, 1, USER_NULL, TIER_BITS['flex']],
    ],
  );
  // "<model>, input" bills uncached + cache-write tokens, less the cache writes where those are billed apart.
  const billed = cells.weight('billed_input');
  const noWrites = cells.weight('billed_input_no_writes');
  assert.deepEqual([billed[first], billed[third], noWrites[first]], [6 + 2, 5, 6]);
  assert.equal(cells.weight('output_tokens')[second], 7);
  assert.equal(cells.weight('seconds')[first], 0, 'a metric the table lacks reads as 0');
  assert.equal(cells.size[first], NO_SIZE);
  assert.equal(cells.sizeNumber(null), NO_SIZE);
  assert.equal(cells.sizeNumber('1024x1024'), OTHER_SIZE);
});
