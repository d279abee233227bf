import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { aggregateCells, type CellFilter } from '../../lib/emulator/aggregate-cells';
import type { Cell, Dim } from '../../lib/emulator/stream';

const c = (dims: Dim[], metrics: number[]): Cell => ({ dims, metrics });

test('groups by the chosen dims (others null), sums metrics over chunks, in first-seen order', () => {
  const chunks = [
    [c(['p1', 'gpt-4o', true], [1, 10]), c(['p2', 'gpt-4o', false], [2, 20])],
    [c(['p1', 'o3', false], [4, 40])],
  ];
  assert.deepEqual(aggregateCells(chunks, [], [0], 3, 2), [
    { dims: ['p1', null, null], metrics: [5, 50] },
    { dims: ['p2', null, null], metrics: [2, 20] },
  ]);
  assert.deepEqual(aggregateCells(chunks, [], [], 3, 2), [{ dims: [null, null, null], metrics: [7, 70] }]);
  assert.deepEqual(aggregateCells(chunks, [], [1, 2], 3, 2), [
    { dims: [null, 'gpt-4o', true], metrics: [1, 10] },
    { dims: [null, 'gpt-4o', false], metrics: [2, 20] },
    { dims: [null, 'o3', false], metrics: [4, 40] },
  ]);
});

test('filters keep the cells whose dim is allowed; null is a value like any other', () => {
  const chunks = [[c(['p1', null], [1]), c(['p2', 'u'], [2]), c([null, 'u'], [4])]];
  const onlyP1: CellFilter = [{ index: 0, values: new Set<Dim>(['p1']) }];
  assert.deepEqual(aggregateCells(chunks, onlyP1, [], 2, 1), [{ dims: [null, null], metrics: [1] }]);
  const noUser: CellFilter = [{ index: 1, values: new Set<Dim>([null]) }];
  assert.deepEqual(aggregateCells(chunks, noUser, [0], 2, 1), [{ dims: ['p1', null], metrics: [1] }]);
  const both: CellFilter = [...onlyP1, { index: 1, values: new Set<Dim>(['u']) }];
  assert.deepEqual(aggregateCells(chunks, both, [0], 2, 1), []);
});

test('true, "true" and null are different groups; the input cells are never changed', () => {
  const cells = [c([true], [1]), c(['true'], [2]), c([null], [3]), c(['null'], [4])];
  const before = JSON.stringify(cells);
  const groups = aggregateCells([cells], [], [0], 1, 1);
  assert.equal(groups.length, 4);
  groups[0]?.metrics.splice(0, 1, 99);
  assert.equal(JSON.stringify(cells), before);
  assert.deepEqual(aggregateCells([], [], [0], 1, 1), []);
  // Hostile IDs may hold any character: no run of values spells another.
  const nul = [c(['a\u0000', 'b'], [1]), c(['a', '\u0000b'], [2])];
  assert.equal(aggregateCells([nul], [], [0, 1], 2, 1).length, 2);
});

test('property: sums per group equal a naive reference, and totals are kept', () => {
  const dim = fc.constantFrom<Dim>('a', 'b', null, true);
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.tuple(fc.tuple(dim, dim, dim), fc.tuple(fc.nat(1000), fc.nat(1000))), { maxLength: 10 }), {
        maxLength: 4,
      }),
      fc.subarray([0, 1, 2]),
      fc.option(fc.constantFrom<Dim>('a', null)),
      (raw, groupIndexes, keep) => {
        const chunks = raw.map((chunk) => chunk.map(([d, m]) => c([...d], [...m])));
        const filter: CellFilter = keep === null ? [] : [{ index: 2, values: new Set([keep]) }];
        const groups = aggregateCells(chunks, filter, groupIndexes, 3, 2);
        const expected = new Map<string, number[]>();
        for (const cell of chunks.flat()) {
          if (keep !== null && cell.dims[2] !== keep) continue;
          const key = JSON.stringify(groupIndexes.map((i) => cell.dims[i]));
          const sums = expected.get(key) ?? [0, 0];
          expected.set(key, [(sums[0] ?? 0) + (cell.metrics[0] ?? 0), (sums[1] ?? 0) + (cell.metrics[1] ?? 0)]);
        }
        assert.equal(groups.length, expected.size);
        for (const g of groups) {
          assert.deepEqual(g.metrics, expected.get(JSON.stringify(groupIndexes.map((i) => g.dims[i]))));
          for (let i = 0; i < 3; i++) if (!groupIndexes.includes(i)) assert.equal(g.dims[i], null);
        }
      },
    ),
  );
});
