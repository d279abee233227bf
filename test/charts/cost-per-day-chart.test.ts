import assert from 'node:assert/strict';
import { test } from 'node:test';
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
