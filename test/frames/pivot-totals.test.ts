import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pivotTotals } from '../../lib/frames/pivot-totals';

test('pivotTotals lists column totals as records in column order', () => {
  const p = {
    rows: ['d1', 'd2'],
    columns: ['a', 'b'],
    values: [
      [1, 2],
      [3, 4],
    ],
    rowTotals: [3, 7],
    columnTotals: [4, 6],
  };
  assert.deepEqual(pivotTotals(p, 'line_item'), [
    { line_item: 'a', total: 4 },
    { line_item: 'b', total: 6 },
  ]);
  assert.throws(() => pivotTotals(p, 'total'), /invalid labelKey: "total"/);
});
