import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { dictColumn, type DictColumn } from '../../lib/frames/dict-column';
import { groupCodes, groupNumbers, type Grouping } from '../../lib/frames/group-codes';

/** The grouping computed another way: a Map keyed by the JSON of each row's value tuple. */
function reference(rows: readonly (readonly (string | null)[])[]): { groupOf: number[]; firstRows: number[] } {
  const index = new Map<string, number>();
  const firstRows: number[] = [];
  const groupOf = rows.map((row, i) => {
    const key = JSON.stringify(row);
    let g = index.get(key);
    if (g === undefined) {
      g = firstRows.length;
      index.set(key, g);
      firstRows.push(i);
    }
    return g;
  });
  return { groupOf, firstRows };
}

function columnsOf(rows: readonly (readonly (string | null)[])[], width: number): DictColumn[] {
  return Array.from({ length: width }, (_, k) => dictColumn(rows.map((r) => r[k] ?? null)));
}

function assertMatchesReference(grouping: Grouping, columns: DictColumn[], rows: (string | null)[][]): void {
  const expected = reference(rows);
  assert.deepEqual([...grouping.groupOf], expected.groupOf);
  assert.equal(grouping.count, expected.firstRows.length);
  // Each group's key codes decode to the values of the row that opened it.
  columns.forEach((column, k) => {
    assert.deepEqual(
      Array.from(grouping.keyCodes[k] ?? [], (code) => column.values[code]),
      expected.firstRows.map((row) => rows[row]?.[k] ?? null),
    );
  });
}

test('rows group by the tuple of their values, "a-b"+"c" apart from "a"+"b-c", null apart from "null"', () => {
  const rows = [
    ['a-b', 'c'],
    ['a', 'b-c'],
    [null, 'x'],
    ['null', 'x'],
    ['a-b', 'c'],
    [null, 'x'],
  ];
  const columns = columnsOf(rows, 2);
  const g = groupCodes(columns, rows.length);
  assert.deepEqual([...g.groupOf], [0, 1, 2, 3, 0, 2]);
  assert.equal(g.count, 4);
  assertMatchesReference(g, columns, rows);
});

test('no rows: no groups; no columns: every row in one group', () => {
  const none = groupCodes([dictColumn([])], 0);
  assert.equal(none.count, 0);
  assert.deepEqual([...(none.keyCodes[0] ?? [])], []);
  const all = groupCodes([], 3);
  assert.deepEqual([...all.groupOf], [0, 0, 0]);
  assert.equal(all.count, 1);
  assert.deepEqual(all.keyCodes, []);
});

test('property: the same groups, in order of first appearance, as a Map over the value tuples', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }).chain((width) =>
        fc.tuple(
          fc.constant(width),
          fc.array(
            fc.array(fc.option(fc.constantFrom('a', 'b', 'a-b', '', '__proto__'), { nil: null }), {
              minLength: width,
              maxLength: width,
            }),
            { maxLength: 40 },
          ),
        ),
      ),
      ([width, rows]) => {
        const columns = columnsOf(rows, width);
        assertMatchesReference(groupCodes(columns, rows.length), columns, rows);
      },
    ),
  );
});

test('wide dictionaries (a lookup Map beyond 2^22 combinations, string keys beyond 2^53) group the same way', () => {
  // 3000 × 3000 = 9e6 combinations: the Map path with numeric keys.
  const n = 3000;
  const wide = Array.from({ length: n }, (_, i) => [`m${i}`, `p${(i * 7) % n}`]);
  wide.push(['m5', `p${35 % n}`], ['m0', 'p0']);
  const wideColumns = columnsOf(wide, 2);
  assertMatchesReference(groupCodes(wideColumns, wide.length), wideColumns, wide);
  // 4 columns of 10^4 values: 10^16 combinations, above Number.MAX_SAFE_INTEGER; mixed-radix keys would round.
  const m = 10_000;
  const huge = Array.from({ length: m }, (_, i) => [`a${i}`, `b${m - 1 - i}`, `c${i}`, `d${(i * 3) % m}`]);
  huge.push(['a1', `b${m - 2}`, 'c1', 'd3'], ['a1', `b${m - 2}`, 'c1', 'd4']);
  const hugeColumns = columnsOf(huge, 4);
  const g = groupCodes(hugeColumns, huge.length);
  assertMatchesReference(g, hugeColumns, huge);
  assert.equal(g.count, m + 1);
});

test('numbers group by exact value in order of first sight, runs or not', () => {
  const { groupOf, keys } = groupNumbers(Float64Array.from([300, 300, 100, 300, 200, 100, 0.5, 0.5]));
  assert.deepEqual([...groupOf], [0, 0, 1, 0, 2, 1, 3, 3]);
  assert.deepEqual(keys, [300, 100, 200, 0.5]);
  const empty = groupNumbers(new Float64Array(0));
  assert.deepEqual([[...empty.groupOf], empty.keys], [[], []]);
});

test('property: groupNumbers agrees with a Map over the values', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.integer({ min: 0, max: 5 }).map((d) => 1_736_640_000 + d * 86_400),
        { maxLength: 50 },
      ),
      (starts) => {
        const { groupOf, keys } = groupNumbers(Float64Array.from(starts));
        const distinct = [...new Set(starts)];
        assert.deepEqual(keys, distinct);
        assert.deepEqual(
          [...groupOf],
          starts.map((s) => distinct.indexOf(s)),
        );
      },
    ),
  );
});
