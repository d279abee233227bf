import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costFrame } from '../../lib/frames/cost-frame';
import { costTable } from '../../lib/frames/cost-table';
import { COSTS } from './fixtures';

test('costFrame follows the seed column order, then api_key_id, quantity, quantity_unit, user_id, api_source', () => {
  const df = costFrame(costTable(COSTS));
  assert.deepEqual(df.columns, [
    'start_time',
    'end_time',
    'amount_value',
    'currency',
    'line_item',
    'project_id',
    'start_datetime',
    'end_datetime',
    'api_key_id',
    'quantity',
    'quantity_unit',
    'user_id',
    'api_source',
  ]);
  assert.equal(df.dtypes[2], 'float32');
  assert.equal(df.shape[0], 6);
});

test('each row carries its result: times as UTC text, amounts as numbers (numeric strings parsed), nulls kept', () => {
  const df = costFrame(costTable(COSTS));
  const rows = (df.values as unknown[][]).map((r) => Object.fromEntries(df.columns.map((c, i) => [c, r[i]])));
  const results = COSTS.flatMap((b) => b.results.map((r) => ({ b, r })));
  assert.equal(rows.length, results.length);
  rows.forEach((row, i) => {
    const { b, r } = results[i] ?? assert.fail('a row per result');
    const amount = r.amount?.value;
    assert.deepEqual(
      [row['start_time'], row['end_time'], row['amount_value'], row['line_item'], row['project_id']],
      [
        b.start_time,
        b.end_time,
        amount === null || amount === undefined ? 0 : Number(amount),
        r.line_item,
        r.project_id,
      ],
    );
    assert.equal(row['start_datetime'], new Date(b.start_time * 1000).toISOString().replace('T', ' ').slice(0, 19));
    assert.equal(row['quantity'], r.quantity ?? null);
    assert.equal(row['api_key_id'], r.api_key_id ?? null);
  });
});

test('an empty range is an empty frame with the thirteen columns', () => {
  const df = costFrame(costTable([]));
  assert.deepEqual(df.shape, [0, 13]);
  assert.equal(df.columns[2], 'amount_value');
  assert.equal(df.dtypes[2], 'float32');
});
