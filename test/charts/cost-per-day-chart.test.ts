import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { costPerDayChart } from '../../lib/charts/cost-per-day-chart';
import { dailyCosts } from './sample-data';

test('cost per day is one sky-blue bar per day with currency hover text', () => {
  const fig = costPerDayChart(dailyCosts);
  assert.equal(fig.id, 'cost-per-day');
  assert.equal(fig.title, 'Total Cost per Day (Last 5 Days)');
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.deepEqual(
    bars.x,
    dailyCosts.map((d) => d.date),
  );
  assert.deepEqual(
    bars.y,
    dailyCosts.map((d) => d.amount),
  );
  assert.deepEqual(bars.customdata[4], ['2025-01-15', '$1,234.50']);
  assert.deepEqual(bars.customdata[0], ['2025-01-11', '$0.13']);
  assert.equal(fig.layout.yaxis?.tickprefix, '$');
  let total = 0;
  for (const d of dailyCosts) total += d.amount;
  assert.match(fig.subtitle ?? '', new RegExp(`Total: \\$${total.toFixed(2).replace('1244', '1,244')}`));
});

test('cost per day without days says there is no cost data', () => {
  const fig = costPerDayChart([]);
  assert.equal(fig.data.length, 0);
  assert.equal(fig.layout.annotations?.[0]?.text, 'No cost data for this range');
  assert.equal(fig.layout.xaxis?.visible, false);
});

test('cost per day rejects bad dates and currencies early', () => {
  assert.throws(() => costPerDayChart([{ date: '11/01/2025', amount: 1 }]), /invalid date: "11\/01\/2025"/);
  assert.throws(() => costPerDayChart(dailyCosts, { currency: 'dollars' }), /invalid currency: "dollars"/);
});

test('cost per day sorts the days, and titles the range given or the days covered', () => {
  const days = [
    { date: '2025-01-13', amount: 3 },
    { date: '2025-01-11', amount: 1 },
    { date: '2025-01-12', amount: 2 },
  ];
  const fig = costPerDayChart(days);
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.deepEqual(bars.x, ['2025-01-11', '2025-01-12', '2025-01-13']);
  assert.deepEqual(bars.y, [1, 2, 3]);
  assert.equal(fig.title, 'Total Cost per Day (Last 3 Days)');
  assert.equal(fig.subtitle, 'Total: $6.00 · 2025-01-11 to 2025-01-13 (UTC)');
  assert.equal(costPerDayChart(days, { rangeSeconds: 30 * 86_400 }).title, 'Total Cost per Day (Last 30 Days)');
  assert.equal(costPerDayChart(days, { title: 'Spend' }).title, 'Spend');
  assert.equal(fig.layout.xaxis?.tick0, '2025-01-11');
  assert.equal(fig.layout.yaxis?.tickformat, ',.2f', 'two decimals while every day is under $10');
  assert.equal(fig.layout.bargap, 0.3);
});

test('cost per day in another currency: the code after the amount, no "$" on the axis', () => {
  const fig = costPerDayChart([{ date: '2025-01-11', amount: 1234.5 }], { currency: 'EUR' });
  assert.equal(fig.subtitle, 'Total: 1,234.50 EUR · 2025-01-11 to 2025-01-11 (UTC)');
  assert.equal(fig.layout.yaxis?.title?.text, 'Total Cost (EUR)');
  assert.equal(fig.layout.yaxis?.tickprefix, undefined);
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.deepEqual(bars.customdata, [['2025-01-11', '1,234.50 EUR']]);
});

test('cost per day names a bad amount, a date the calendar lacks, a bad title or range', () => {
  assert.throws(() => costPerDayChart([{ date: '2025-01-11', amount: Number.NaN }]), /^Error: invalid amount: NaN$/);
  assert.throws(() => costPerDayChart([{ date: '2025-02-30', amount: 1 }]), /^Error: invalid date: "2025-02-30"$/);
  assert.throws(() => costPerDayChart(dailyCosts, { title: ' ' }), /^Error: invalid title: " "$/);
  assert.throws(() => costPerDayChart([], { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => costPerDayChart(dailyCosts, { rangeSeconds: 0 }), /^RangeError: invalid rangeSeconds: 0$/);
  assert.throws(() => costPerDayChart(null as never), /^Error: invalid days: null$/);
  assert.equal(costPerDayChart([], { title: 'Spend' }).title, 'Spend');
});

test('property: one bar per day in date order, each amount drawn as given, the subtitle total their sum', () => {
  const day = fc
    .integer({ min: 0, max: 3000 })
    .map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
  const days = fc.uniqueArray(fc.record({ date: day, amount: fc.integer({ min: 0, max: 10_000_000 }) }), {
    minLength: 1,
    maxLength: 40,
    selector: (d) => d.date,
  });
  fc.assert(
    fc.property(days, (input) => {
      // Whole cents, so the expected total is exact.
      const cents = input.map((d) => ({ date: d.date, amount: d.amount / 100 }));
      const fig = costPerDayChart(cents);
      const bars = fig.data[0];
      assert.ok(bars?.type === 'bar');
      const byDate = [...cents].sort((a, b) => a.date.localeCompare(b.date));
      assert.deepEqual(
        bars.x,
        byDate.map((d) => d.date),
      );
      assert.deepEqual(
        bars.y,
        byDate.map((d) => d.amount),
      );
      const totalCents = input.reduce((acc, d) => acc + d.amount, 0);
      const dollars = `${Math.floor(totalCents / 100).toLocaleString('en-US')}.${String(totalCents % 100).padStart(2, '0')}`;
      assert.ok((fig.subtitle ?? '').startsWith(`Total: $${dollars} · `), `${fig.subtitle} vs ${dollars}`);
    }),
    { numRuns: 200 },
  );
});
