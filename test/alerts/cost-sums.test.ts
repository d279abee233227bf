import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addTo, DaySums } from '../../lib/alerts/cost-sums';
import { forecastMonth, type DaySpend } from '../../lib/insights/index';

const DAY_MS = 86_400_000;
const isoDay = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * DAY_MS).toISOString().slice(0, 10);

test('addTo keeps a running sum per key, in the order the amounts come', () => {
  const sums = new Map<string, number>();
  addTo(sums, 'a', 0.1);
  addTo(sums, 'b', 2);
  addTo(sums, 'a', 0.2);
  assert.deepEqual(
    [...sums],
    [
      ['a', 0 + 0.1 + 0.2],
      ['b', 2],
    ],
  );
});

test('DaySums: a day is the sum of its rows, 0 without any; a bad row is what the forecast is handed', () => {
  const days = new DaySums();
  days.add('2026-11-01', 1.5);
  days.add('2026-11-01', 2);
  days.add('2026-11-02', 4);
  assert.equal(days.on('2026-11-01'), 3.5);
  assert.equal(days.on('2026-11-03'), 0);
  // The open day (asOf) and later are never read.
  assert.deepEqual(days.forecastDays('2026-11-02'), [{ date: '2026-11-01', amount: 3.5 }]);
  const bad = new DaySums();
  bad.add('2026-11-01', 1);
  bad.add('2026-11-02', Number.NaN);
  bad.add('2026-11-03', 1);
  assert.deepEqual(bad.forecastDays('2026-11-04'), [{ date: '2026-11-02', amount: Number.NaN }]);
  const badDate = new DaySums();
  badDate.add('Nov 1', 1);
  assert.deepEqual(badDate.forecastDays('2026-11-04'), [{ date: 'Nov 1', amount: 1 }]);
});

test('property: the forecast over forecastDays equals the forecast over every row', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({ day: fc.integer({ min: 0, max: 120 }), amount: fc.double({ min: 0, max: 500, noNaN: true }) }),
        {
          maxLength: 200,
        },
      ),
      fc.integer({ min: 0, max: 130 }),
      (rows, asOfDay) => {
        const sorted = [...rows].sort((a, b) => a.day - b.day);
        const days = new DaySums();
        const every: DaySpend[] = [];
        for (const r of sorted) {
          days.add(isoDay(r.day), r.amount);
          every.push({ date: isoDay(r.day), amount: r.amount });
        }
        const asOf = isoDay(asOfDay);
        // The same answer, or the same refusal (e.g. too few days to forecast).
        const outcome = (spend: readonly DaySpend[]): unknown => {
          try {
            return forecastMonth(spend, { asOf });
          } catch (err) {
            return err instanceof Error ? `${err.name}: ${err.message}` : err;
          }
        };
        assert.deepEqual(outcome(days.forecastDays(asOf)), outcome(every));
      },
    ),
    { numRuns: 200 },
  );
});
