import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { utcDate, utcDateStart } from '../../lib/shared/utc-date';

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

test('utcDateStart: 00:00 UTC of a date, the inverse of utcDate; NaN for what is no date', () => {
  assert.equal(utcDateStart('2025-12-06'), 1_764_979_200);
  assert.equal(utcDateStart('1969-12-31'), -86_400);
  fc.assert(
    fc.property(fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }), (t) => {
      const start = utcDateStart(utcDate(t));
      assert.equal(start, t - (((t % 86_400) + 86_400) % 86_400), String(t));
    }),
    { numRuns: 500 },
  );
  for (const bad of ['', '2025-13-01', 'soon']) assert.ok(Number.isNaN(utcDateStart(bad)), bad);
});
