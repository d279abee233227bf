import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { daysInclusive, isIsoDate } from '../../lib/charts/date-span';

const DAY_MS = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

test('daysInclusive: the first and the last day both count', () => {
  assert.equal(daysInclusive('2025-01-11', '2025-01-11'), 1);
  assert.equal(daysInclusive('2025-01-11', '2025-01-15'), 5);
  assert.equal(daysInclusive('2025-01-01', '2025-12-31'), 365);
  assert.equal(daysInclusive('2024-01-01', '2024-12-31'), 366);
  assert.equal(daysInclusive('2025-02-28', '2025-03-01'), 2);
  // Around a European DST change: UTC days are whole days.
  assert.equal(daysInclusive('2025-03-29', '2025-03-31'), 3);
});

test('property: daysInclusive counts the days between two dates, by stepping one day at a time', () => {
  fc.assert(
    fc.property(fc.integer({ min: -40_000, max: 40_000 }), fc.integer({ min: 0, max: 800 }), (start, span) => {
      let steps = 1;
      let d = new Date(start * DAY_MS);
      const last = iso((start + span) * DAY_MS);
      while (iso(d.getTime()) !== last) {
        d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
        steps += 1;
      }
      assert.equal(daysInclusive(iso(start * DAY_MS), last), steps);
    }),
    { numRuns: 200 },
  );
});

test('isIsoDate: YYYY-MM-DD of a real calendar day', () => {
  for (const ok of ['2025-01-11', '2024-02-29', '2000-02-29', '1970-01-01', '9999-12-31']) assert.ok(isIsoDate(ok), ok);
  for (const bad of [
    '2025-1-11',
    '2025-01-11T00:00:00Z',
    ' 2025-01-11',
    '11/01/2025',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-01-32',
    '',
  ])
    assert.ok(!isIsoDate(bad), bad);
  for (const bad of [20250111, null, undefined, new Date(0)]) assert.ok(!isIsoDate(bad), String(bad));
});

test('isIsoDate: a day the month does not have (February 30, April 31) is not a date', () => {
  for (const bad of ['2025-02-29', '2025-02-30', '2024-02-30', '2025-04-31', '1900-02-29'])
    assert.ok(!isIsoDate(bad), bad);
});

test('property: isIsoDate accepts exactly the strings that are some UTC day written as YYYY-MM-DD', () => {
  const parts = fc.tuple(
    fc.integer({ min: 1000, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
  );
  fc.assert(
    fc.property(parts, ([y, m, d]) => {
      const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const real = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
      assert.equal(isIsoDate(text), real, text);
    }),
    { numRuns: 1000 },
  );
});
