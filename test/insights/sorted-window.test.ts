import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SortedWindow } from '../../lib/insights/sorted-window';

test('values added in any order come out ascending; a removal takes one equal value', () => {
  const w = new SortedWindow(5);
  for (const v of [3, 1, 2, 1]) w.add(v);
  assert.deepEqual(Array.from(w.sorted.subarray(0, w.size)), [1, 1, 2, 3]);
  w.remove(1);
  w.remove(3);
  assert.deepEqual(Array.from(w.sorted.subarray(0, w.size)), [1, 2]);
  assert.throws(() => w.remove(7), RangeError);
  w.clear();
  assert.equal(w.size, 0);
});

test('a window holds no more than its capacity', () => {
  const w = new SortedWindow(2);
  w.add(1);
  w.add(2);
  assert.throws(() => w.add(3), RangeError);
});

test('property: slid along a series, the window holds what a sorted copy of the trailing values holds', () => {
  const value = fc.oneof(
    fc.constantFrom(0, 1, 1, 2.5, -3, 1e-300, 1e300),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  );
  fc.assert(
    fc.property(fc.array(value, { maxLength: 80 }), fc.integer({ min: 1, max: 30 }), (xs, size) => {
      const w = new SortedWindow(size);
      for (let i = 0; i < xs.length; i++) {
        if (i >= size) w.remove(xs[i - size] ?? NaN);
        w.add(xs[i] ?? NaN);
        // The oracle: the last `size` values (at most), copied and sorted.
        const expected = xs.slice(Math.max(0, i + 1 - size), i + 1).sort((a, b) => a - b);
        assert.deepEqual(Array.from(w.sorted.subarray(0, w.size)), expected);
      }
    }),
    { numRuns: 500 },
  );
});
