import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UNGROUPED, dictColumn } from '../../lib/frames/dict-column';
import { costTable } from '../../lib/frames/cost-table';
import { costByLineItem, pivot } from '../../lib/frames/pivot';
import { bucketStarts } from '../../lib/frames/usage-table';
import { COSTS } from './fixtures';

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

test('costByLineItem pivots dates x line items with null items labelled and zeros filled', () => {
  const p = costByLineItem(costTable(COSTS), bucketStarts(COSTS));
  assert.deepEqual(p.rows, ['2025-01-11', '2025-01-12', '2025-01-13']);
  assert.equal(p.columns[0], 'Text tokens');
  assert.ok(p.columns.includes(UNGROUPED));
  const ft = p.columns.indexOf('ft-gpt-4o-2024-08-06, input');
  assert.equal(p.values[0]?.[ft], 0.12744);
  assert.equal(p.values[2]?.[ft], 9.888144383403077);
  assert.deepEqual(
    p.values[1],
    p.columns.map(() => 0),
  );
});
