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
