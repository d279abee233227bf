import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictColumn } from '../../lib/frames/dict-column';
import { pivot } from '../../lib/frames/pivot';
import { recordsFrame } from '../../lib/frames/records-frame';
import { toTabular } from '../../lib/frames/tabular';

test('records: columns in order of first appearance over every row, a missing key reads null', () => {
  const grid = toTabular([{ b: 1 }, { a: 'x', b: 2 }, { c: true }]);
  assert.deepEqual(grid, {
    columns: ['b', 'a', 'c'],
    rows: [
      [1, null, null],
      [2, 'x', null],
      [null, null, true],
    ],
  });
  assert.deepEqual(toTabular([]), { columns: [], rows: [] });
});

test('records: NaN and undefined read null; a "__proto__" column is a column, not the prototype', () => {
  const proto = JSON.parse('{"__proto__": "p", "n": 1}') as Record<string, string | number>;
  // A key present with undefined (plain JS notebook code can make one; the type cannot say it).
  const withUndefined = Object.defineProperty({ n: 3 }, 'x', { value: undefined, enumerable: true });
  const grid = toTabular([{ n: Number.NaN }, proto, withUndefined]);
  assert.deepEqual(grid.columns, ['n', '__proto__', 'x']);
  assert.deepEqual(grid.rows, [
    [null, null, null],
    [1, 'p', null],
    [3, null, null],
  ]);
});

test('a Pivot: the row header first (default ""), each row its label then its values', () => {
  const p = pivot(dictColumn(['d1', 'd2', 'd1']), dictColumn(['x', 'y', 'y']), [1, 2, 3]);
  assert.deepEqual(toTabular(p, 'date'), {
    columns: ['date', 'y', 'x'],
    rows: [
      ['d1', 3, 1],
      ['d2', 2, 0],
    ],
  });
  assert.equal(toTabular(p).columns[0], '');
});

test('a DataFrame: its columns and values in order, a missing cell null', () => {
  const df = recordsFrame([
    { model: 'gpt-4o', n: 2 },
    { model: null, n: 0.5 },
  ]);
  assert.deepEqual(toTabular(df), {
    columns: ['model', 'n'],
    rows: [
      ['gpt-4o', 2],
      [null, 0.5],
    ],
  });
});
