import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { utcDate } from '../../lib/shared/utc-date';

test('utcDate (memoized per day) is the UTC date of any time, before 1970 and at day boundaries too', () => {
  const direct = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
  fc.assert(
    fc.property(fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }), (t) => {
      for (const x of [t, t - (t % 86_400), t - (t % 86_400) - 1]) assert.equal(utcDate(x), direct(x), String(x));
    }),
    { numRuns: 2000 },
  );
  assert.equal(utcDate(1_764_979_199.5), '2025-12-05');
  assert.equal(utcDate(1_764_979_200), '2025-12-06');
});
