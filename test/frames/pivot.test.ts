import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNGROUPED, dictColumn } from '../../lib/frames/dict-column';
import { pivot } from '../../lib/frames/pivot';

test('pivot fills zeros, orders columns by total desc and rows by label', () => {
  const rowKey = dictColumn(['d2', 'd1', 'd1', 'd2', 'd3']);
  const colKey = dictColumn(['x', 'y', 'x', 'y', null]);
  const p = pivot(rowKey, colKey, [1, 5, 2, 7, 0.5]);
  assert.deepEqual(p.rows, ['d1', 'd2', 'd3']);
  assert.deepEqual(p.columns, ['y', 'x', UNGROUPED]);
  assert.deepEqual(p.values, [
    [5, 2, 0],
    [7, 1, 0],
    [0, 0, 0.5],
  ]);
  assert.deepEqual(p.rowTotals, [7, 8, 0.5]);
  assert.deepEqual(p.columnTotals, [12, 3, 0.5]);
  assert.throws(() => pivot(rowKey, colKey, [1]), /invalid pivot/);
});
