import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addCoverage, missingRanges, normalizeCoverage, type CoverageInterval } from '../../lib/store/coverage';

const H = 3600;

describe('coverage intervals', () => {
  test('a write replaces what it overlaps and merges with same-flag neighbours', () => {
    let c = addCoverage([], { start: 0, end: 10 * H, final: true });
    c = addCoverage(c, { start: 8 * H, end: 12 * H, final: false });
    assert.deepEqual(c, [
      { start: 0, end: 8 * H, final: true },
      { start: 8 * H, end: 12 * H, final: false },
    ]);
    c = addCoverage(c, { start: 8 * H, end: 10 * H, final: true });
    assert.deepEqual(c, [
      { start: 0, end: 10 * H, final: true },
      { start: 10 * H, end: 12 * H, final: false },
    ]);
    assert.deepEqual(
      normalizeCoverage([
        { start: 5, end: 9, final: true },
        { start: 0, end: 5, final: true },
      ]),
      [{ start: 0, end: 9, final: true }],
    );
  });

  test('missing ranges skip final coverage only', () => {
    const c = [
      { start: 10, end: 20, final: true },
      { start: 20, end: 30, final: false },
      { start: 40, end: 50, final: true },
    ];
    assert.deepEqual(missingRanges(c, 0, 60), [
      { start: 0, end: 10 },
      { start: 20, end: 40 },
      { start: 50, end: 60 },
    ]);
    assert.deepEqual(missingRanges(c, 12, 18), []);
    assert.deepEqual(
      missingRanges(c, 0, 60, () => true),
      [
        { start: 0, end: 10 },
        { start: 30, end: 40 },
        { start: 50, end: 60 },
      ],
    );
  });
});

/** Intervals over unit cells 0..40 (a cell is one second here): small enough to model cell by cell. */
const interval = (final?: boolean) =>
  fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), fc.boolean())
    .map(([start, length, f]): CoverageInterval => ({ start, end: start + length, final: final ?? f }));

/** Which cells the intervals cover, with the flag of the last one covering each. */
function cells(intervals: readonly CoverageInterval[]): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const i of intervals) for (let t = i.start; t < i.end; t++) out.set(t, i.final);
  return out;
}

const sorted = (m: Map<number, boolean>): Array<[number, boolean]> => [...m.entries()].sort(([a], [b]) => a - b);

describe('coverage intervals: properties', () => {
  test('normalizeCoverage of one flag: the same cells, sorted, no empty interval, no two that overlap or touch', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(interval(), { maxLength: 8 }), (final, raw) => {
        const intervals = raw.map((i) => ({ ...i, final }));
        const out = normalizeCoverage(intervals);
        assert.deepEqual(sorted(cells(out)), sorted(cells(intervals)));
        for (const i of out) assert.ok(i.end > i.start);
        for (let k = 1; k < out.length; k++) assert.ok((out[k - 1]?.end ?? 0) < (out[k]?.start ?? 0));
      }),
    );
  });

  test('normalizeCoverage leaves its input as it was', () => {
    const input = [
      { start: 5, end: 9, final: true },
      { start: 0, end: 6, final: true },
    ];
    const copy = structuredClone(input);
    normalizeCoverage(input);
    assert.deepEqual(input, copy);
  });

  test('addCoverage: each cell keeps the flag of the last write covering it; the result is disjoint and merged', () => {
    fc.assert(
      fc.property(fc.array(interval(), { maxLength: 10 }), (writes) => {
        let covered: CoverageInterval[] = [];
        for (const w of writes) covered = addCoverage(covered, w);
        assert.deepEqual(sorted(cells(covered)), sorted(cells(writes)));
        for (let k = 1; k < covered.length; k++) {
          const [a, b] = [covered[k - 1], covered[k]];
          assert.ok(a !== undefined && b !== undefined);
          assert.ok(a.end <= b.start, 'disjoint and sorted');
          assert.ok(a.end < b.start || a.final !== b.final, 'touching intervals differ in flag');
        }
      }),
    );
  });

  test('missingRanges: exactly the runs of cells of [start, end) no accepted interval covers', () => {
    fc.assert(
      fc.property(
        fc.array(interval(), { maxLength: 8 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 20 }),
        fc.boolean(),
        (covered, start, length, anyFlag) => {
          const end = start + length;
          const accept = anyFlag ? () => true : (i: CoverageInterval) => i.final;
          const held = cells(covered.filter(accept));
          const runs: Array<{ start: number; end: number }> = [];
          for (let t = start; t < end; t++) {
            if (held.has(t)) continue;
            const last = runs[runs.length - 1];
            if (last !== undefined && last.end === t) last.end = t + 1;
            else runs.push({ start: t, end: t + 1 });
          }
          assert.deepEqual(
            anyFlag ? missingRanges(covered, start, end, accept) : missingRanges(covered, start, end),
            runs,
          );
        },
      ),
    );
  });
});
