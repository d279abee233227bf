import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { median, scaledMad, sortedDeviationMedian, sortedMedian, windowMedian } from '../../lib/insights/robust-stats';

test('median: the middle value, the mean of the two middle ones for even lengths, NaN for none', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.ok(Number.isNaN(median([])));
  const input = [5, 1, 4];
  median(input);
  assert.deepEqual(input, [5, 1, 4], 'the input is not sorted in place');
});

test('scaledMad: 1.4826 × the median absolute deviation', () => {
  // Deviations from the median 3: 2, 1, 0, 1, 97 → their median 1.
  assert.equal(scaledMad([1, 2, 3, 4, 100]), 1.4826);
  assert.equal(scaledMad([5, 5, 5]), 0);
  // Around a given centre 0: deviations 1, 2, 3 → 2.
  assert.equal(scaledMad([1, -2, 3], 0), 2 * 1.4826);
});

test('property: the median has as many values at or below it as at or above it', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }), (xs) => {
      const m = median(xs);
      assert.ok(xs.filter((x) => x <= m).length * 2 >= xs.length);
      assert.ok(xs.filter((x) => x >= m).length * 2 >= xs.length);
    }),
  );
});

test('property: windowMedian is median (and scaledMad before its factor) of a window, to the bit: -0, ties, NaN', () => {
  const value = fc.oneof(
    fc.constantFrom(0, -0, 1, 1, 2.5, -3, Number.NaN, 1e-300),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  );
  fc.assert(
    fc.property(
      fc.array(value, { minLength: 1, maxLength: 28 }),
      fc.option(value, { nil: undefined }),
      (xs, center) => {
        // Filled past the window, as a reused buffer is: only the first n values count.
        const values = Float64Array.from([...xs, 99, -99]);
        const work = new Float64Array(values.length);
        const got = windowMedian(values, xs.length, work, center);
        // What detectAnomalies computes from it: the median itself, or 1.4826 × it for the scale.
        const same = center === undefined ? Object.is(got, median(xs)) : Object.is(1.4826 * got, scaledMad(xs, center));
        assert.ok(same, String(got));
      },
    ),
    { numRuns: 2000 },
  );
});

test('sortedMedian and sortedDeviationMedian read an ascending buffer (only its first n values)', () => {
  const sorted = Float64Array.from([1, 2, 4, 10, 99]);
  assert.equal(sortedMedian(sorted, 4), 3);
  assert.equal(sortedMedian(sorted, 3), 2);
  // Deviations of 1, 2, 4, 10 from 3: 2, 1, 1, 7 → sorted 1, 1, 2, 7 → (1 + 2) / 2.
  assert.equal(sortedDeviationMedian(sorted, 4, 3), 1.5);
  // Of 1, 2, 4 from 2: 1, 0, 2 → 1.
  assert.equal(sortedDeviationMedian(sorted, 3, 2), 1);
  // A centre outside the values: every deviation on one side.
  assert.equal(sortedDeviationMedian(sorted, 3, 100), 98);
  assert.equal(sortedDeviationMedian(sorted, 3, -1), 3);
});

test('property: sortedMedian and sortedDeviationMedian are median and scaledMad (before its factor), to the bit', () => {
  const value = fc.oneof(
    fc.constantFrom(0, 1, 1, 2.5, -3, 1e-300, 0.1, 0.2, 0.3),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  );
  fc.assert(
    fc.property(fc.array(value, { minLength: 1, maxLength: 28 }), fc.option(value, { nil: undefined }), (xs, given) => {
      // Sorted by a plain sort, and filled past the window, as a reused buffer is.
      const sorted = Float64Array.from([...[...xs].sort((a, b) => a - b), -99, 99]);
      const m = sortedMedian(sorted, xs.length);
      assert.ok(Object.is(m, median(xs)), `${m} vs ${median(xs)}`);
      // Around the median (what detectAnomalies asks) or any centre.
      const center = given ?? m;
      const mad = 1.4826 * sortedDeviationMedian(sorted, xs.length, center);
      assert.ok(Object.is(mad, scaledMad(xs, center)), `${mad} vs ${scaledMad(xs, center)}`);
    }),
    { numRuns: 3000 },
  );
});
