import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { resolveBudget } from '../../lib/insights/budget';
import { forecastMonth, forecastStart, type DaySpend } from '../../lib/insights/forecast';
import { DAY_MS, series, weekdayTen } from './day-series';

test('a steady weekday pattern forecasts the calendar by hand: $10 weekdays, $2 weekends', () => {
  const f = forecastMonth(series('2025-12-01', '2026-01-14', weekdayTen), {
    asOf: '2026-01-15',
    budget: { amount: 200, source: 'parameter' },
  });
  // Jan 1-14 2026 (Jan 1 is a Thursday): 10 weekdays + 4 weekend days = $108; Jan 15-31: 12 weekdays + 5 weekend days = $130.
  assert.equal(f.month, '2026-01');
  assert.equal(f.spent_to_date_usd, 108);
  assert.equal(f.forecast_usd, 238);
  assert.deepEqual([f.low_usd, f.high_usd], [238, 238]);
  // Cumulative: 108 → Jan 26 reaches 196, Jan 27 206.
  assert.equal(f.crosses_budget_on, '2026-01-27');
  assert.equal(f.budget_source, 'parameter');
  assert.equal(f.days.length, 31);
});

test('the band grows with the spread of the days around their weekday means', () => {
  // Weekdays alternate $10 / $12 week by week: residuals ±1 on the 20 weekdays of the 4 trailing weeks, 0 on weekends.
  const f = forecastMonth(
    series('2025-12-18', '2026-01-14', (date, w) =>
      w === 0 || w === 6 ? 2 : Math.floor((Date.parse(date) / DAY_MS + 4) / 7) % 2 === 0 ? 10 : 12,
    ),
    { asOf: '2026-01-15' },
  );
  const sigma = Math.sqrt(20 / (28 - 7));
  const half = 1.2816 * sigma * Math.sqrt(17);
  assert.ok(Math.abs(f.high_usd - f.forecast_usd - half) < 1e-9, `${f.high_usd - f.forecast_usd} vs ${half}`);
  assert.ok(Math.abs(f.forecast_usd - f.low_usd - half) < 1e-9);
  assert.equal(f.crosses_budget_on, null);
  assert.equal(f.budget_usd, null);
});

test('bad input gets a clear message', () => {
  assert.throws(() => resolveBudget(-5), /invalid budget: -5 \(expected a positive amount in USD/);
  assert.throws(
    () => forecastMonth(series('2026-01-10', '2026-01-14', weekdayTen), { asOf: '2026-01-15' }),
    /invalid forecast input: 5 complete days of data before 2026-01-15 \(needs at least 7/,
  );
  assert.throws(() => forecastMonth([], { asOf: '15.01.2026' }), /invalid asOf/);
});

test('the budget comes from the parameter, else the spend limit, else the lowest alert', () => {
  assert.deepEqual(resolveBudget(100, { spendLimit: 500 }), { amount: 100, source: 'parameter' });
  assert.deepEqual(resolveBudget(null, { spendLimit: 500, spendAlerts: [300] }), {
    amount: 500,
    source: 'spend_limit',
  });
  assert.deepEqual(resolveBudget(undefined, { spendAlerts: [300, 150] }), { amount: 150, source: 'spend_alert' });
  assert.equal(resolveBudget(null), null);
});

/** forecastMonth's answer, or its error's message. */
function outcome(days: readonly DaySpend[], options: Parameters<typeof forecastMonth>[1]): unknown {
  try {
    return forecastMonth(days, options);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return e.message;
  }
}

test('property: forecastMonth over the days from forecastStart is forecastMonth over every day', () => {
  // Dense or gappy histories of one to three months, asOf anywhere (month ends included), with or without the 1st.
  const arb = fc.record({
    start: fc.integer({ min: 0, max: 70 }),
    present: fc.array(
      fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      { minLength: 0, maxLength: 100, size: 'max' },
    ),
    amounts: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 100, maxLength: 100 }),
    asOf: fc.integer({ min: 0, max: 120 }),
    trailingWeeks: fc.integer({ min: 1, max: 6 }),
    budget: fc.integer({ min: 100, max: 2000 }),
  });
  let compared = 0;
  fc.assert(
    fc.property(arb, ({ start, present, amounts, asOf, trailingWeeks, budget }) => {
      const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * DAY_MS).toISOString().slice(0, 10);
      const days = present.flatMap((p, i) => (p ? [{ date: day(start + i), amount: amounts[i] ?? 0 }] : []));
      const options = { asOf: day(asOf), trailingWeeks, budget: { amount: budget, source: 'parameter' as const } };
      const from = forecastStart(
        days.map((d) => d.date),
        options.asOf,
        trailingWeeks,
      );
      assert.deepEqual(outcome(days.slice(from), options), outcome(days, options));
      if (from > 0) compared++;
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 400) },
  );
  assert.ok(compared > 0, 'some histories were cut');
});
