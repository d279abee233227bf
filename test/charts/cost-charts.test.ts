import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costByLineItemChart, costPerDayChart } from '../../lib/charts/index';
import { rawMarkup } from './figure-strings';
import { dailyCosts, lineItemPivot } from './sample-data';

test('cost per day is one sky-blue bar per day with currency hover text', () => {
  const fig = costPerDayChart(dailyCosts);
  assert.equal(fig.id, 'cost-per-day');
  assert.equal(fig.title, 'Total Cost per Day (Last 5 Days)');
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.deepEqual(bars.x, dailyCosts.map((d) => d.date));
  assert.deepEqual(bars.y, dailyCosts.map((d) => d.amount));
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

test('cost by line item stacks non-zero line items, largest first, totals in the legend', () => {
  const fig = costByLineItemChart(lineItemPivot);
  assert.equal(fig.id, 'cost-by-line-item');
  assert.equal(fig.title, 'Total Cost by Line Item');
  assert.equal(fig.layout.barmode, 'stack');
  assert.equal(fig.data.length, 3);
  assert.equal(fig.data[0]?.name, 'ft-gpt-4o-2024-08-06, input ($3.08)');
  assert.equal(fig.data[2]?.name, 'assistants api | file search ($0.31)');
  const first = fig.data[0];
  assert.ok(first?.type === 'bar');
  assert.deepEqual(first.y, lineItemPivot.values.map((row) => row[1]));
  assert.ok((fig.layout.legend?.x ?? 0) > 1, 'legend outside the plot on the right');
  assert.deepEqual(rawMarkup(fig), []);
});

test('cost by line item with only zero costs is an empty state', () => {
  const fig = costByLineItemChart({ rows: ['2025-01-11'], columns: ['a'], values: [[0]], rowTotals: [0], columnTotals: [0] });
  assert.equal(fig.data.length, 0);
  assert.equal(fig.layout.annotations?.[0]?.text, 'No cost data for this range');
});
