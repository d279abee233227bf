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

test('a label key that is empty, "total" or not text is refused; an empty pivot has no totals', () => {
  const empty = { rows: [], columns: [], values: [], rowTotals: [], columnTotals: [] };
  assert.deepEqual(pivotTotals(empty, 'line_item'), []);
  assert.throws(() => pivotTotals(empty, ''), /^Error: invalid labelKey: "" \(a column name other than "total"\)$/);
  assert.throws(() => pivotTotals(empty, 42 as never), /^Error: invalid labelKey: 42/);
  assert.throws(() => pivotTotals(empty, undefined as never), /^Error: invalid labelKey: undefined/);
});
