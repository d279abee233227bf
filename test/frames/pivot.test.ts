import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UNGROUPED, dictColumn } from '../../lib/frames/dict-column';
import { costTable } from '../../lib/frames/cost-table';
import { costByLineItem, dayColumn, pivot } from '../../lib/frames/pivot';
import { bucketStarts } from '../../lib/frames/usage-table';
import { bucket, cost } from './cost-buckets';
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

test('rowOrder "total" ranks rows by total, ties by label; rowLabels add zero rows in order', () => {
  const rowKey = dictColumn(['b', 'a', 'c', 'a']);
  const colKey = dictColumn(['x', 'x', 'x', 'x']);
  const byTotal = pivot(rowKey, colKey, [2, 1, 2, 3], { rowOrder: 'total' });
  assert.deepEqual(byTotal.rows, ['a', 'b', 'c']);
  assert.deepEqual(byTotal.rowTotals, [4, 2, 2]);
  const filled = pivot(rowKey, colKey, [2, 1, 2, 3], { rowLabels: ['2025-01-02', 'a', '0'] });
  assert.deepEqual(filled.rows, ['0', '2025-01-02', 'a', 'b', 'c']);
  assert.deepEqual(filled.values, [[0], [0], [4], [2], [2]]);
});

test('a null key and a literal "(none)" share one row and one column', () => {
  const p = pivot(dictColumn([null, UNGROUPED, 'r']), dictColumn([UNGROUPED, null, null]), [1, 2, 4]);
  assert.deepEqual(p.rows, [UNGROUPED, 'r']);
  assert.deepEqual(p.columns, [UNGROUPED]);
  assert.deepEqual(p.values, [[3], [4]]);
});

test('bad options and mismatched lengths are refused by name; no rows give an empty pivot', () => {
  const k = dictColumn(['a']);
  assert.throws(() => pivot(k, k, [1], { rowOrder: 'size' as 'total' }), /^TypeError: invalid rowOrder: size$/);
  assert.throws(
    () => pivot(k, dictColumn(['a', 'b']), [1]),
    /^RangeError: invalid pivot: key and value lengths differ \(1, 2, 1\)$/,
  );
  assert.deepEqual(pivot(dictColumn([]), dictColumn([]), []), {
    rows: [],
    columns: [],
    values: [],
    rowTotals: [],
    columnTotals: [],
  });
});

test('property: every cell is the sum of its rows (a Map over the raw triples), totals add up, columns by total', () => {
  const key = fc.option(fc.constantFrom('a', 'b', 'c', '(none)', '__proto__'), { nil: null });
  fc.assert(
    fc.property(fc.array(fc.tuple(key, key, fc.integer({ min: 0, max: 1000 })), { maxLength: 60 }), (triples) => {
      const p = pivot(
        dictColumn(triples.map((t) => t[0])),
        dictColumn(triples.map((t) => t[1])),
        triples.map((t) => t[2]),
      );
      const expected = new Map<string, number>();
      const label = (v: string | null): string => v ?? UNGROUPED;
      for (const [r, c, v] of triples) {
        const k = JSON.stringify([label(r), label(c)]);
        expected.set(k, (expected.get(k) ?? 0) + v);
      }
      p.rows.forEach((r, ri) =>
        p.columns.forEach((c, ci) =>
          assert.equal(p.values[ri]?.[ci], expected.get(JSON.stringify([r, c])) ?? 0, `${r} × ${c}`),
        ),
      );
      assert.equal(p.rows.length, new Set(triples.map((t) => label(t[0]))).size);
      const total = triples.reduce((s, t) => s + t[2], 0);
      assert.equal(
        p.rowTotals.reduce((a, b) => a + b, 0),
        total,
      );
      assert.equal(
        p.columnTotals.reduce((a, b) => a + b, 0),
        total,
      );
      for (let i = 1; i < p.columnTotals.length; i++)
        assert.ok((p.columnTotals[i - 1] ?? 0) >= (p.columnTotals[i] ?? 0), 'columns by total desc');
      assert.deepEqual(p.rows, [...p.rows].sort(), 'rows by label');
    }),
  );
});

test('dayColumn: each row the UTC date of its bucket start, one code per day', () => {
  const starts = [1_736_553_600, 1_736_553_600, 1_736_640_000 - 1, 1_736_640_000, 1_736_553_600];
  const days = dayColumn(Float64Array.from(starts));
  assert.deepEqual(
    Array.from(days.codes, (c) => days.values[c]),
    ['2025-01-11', '2025-01-11', '2025-01-11', '2025-01-12', '2025-01-11'],
  );
  assert.deepEqual(days.values, ['2025-01-11', '2025-01-12']);
  assert.equal(dayColumn(new Float64Array(0)).codes.length, 0);
});

test('costByLineItem: without bucket spans only days with costs; a table of two currencies is refused', () => {
  const p = costByLineItem(costTable(COSTS));
  assert.deepEqual(p.rows, ['2025-01-11', '2025-01-13']);
  const two = bucket(0, [cost(1, 'p', 'x', 'usd'), cost(2, 'p', 'x', 'eur')]);
  assert.throws(() => costByLineItem(costTable([two])), /invalid costs for costByLineItem: amounts in 2 currencies/);
});
