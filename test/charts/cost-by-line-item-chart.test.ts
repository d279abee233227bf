import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costByLineItemChart } from '../../lib/charts/cost-by-line-item-chart';
import { rawMarkup } from './figure-strings';
import { lineItemPivot } from './sample-data';

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
  assert.deepEqual(
    first.y,
    lineItemPivot.values.map((row) => row[1]),
  );
  assert.ok((fig.layout.legend?.x ?? 0) > 1, 'legend outside the plot on the right');
  assert.deepEqual(rawMarkup(fig), []);
});

test('cost by line item with only zero costs is an empty state', () => {
  const fig = costByLineItemChart({
    rows: ['2025-01-11'],
    columns: ['a'],
    values: [[0]],
    rowTotals: [0],
    columnTotals: [0],
  });
  assert.equal(fig.data.length, 0);
  assert.equal(fig.layout.annotations?.[0]?.text, 'No cost data for this range');
});

test('cost by line item stacks the largest line items and folds the rest into one grey "Other" series', () => {
  const columns = Array.from({ length: 20 }, (_, i) => `model-${i}, input`);
  const rows = ['2025-01-11', '2025-01-12', '2025-01-13'];
  // Column i costs (i + 1) dollars a day, plus the day index: totals grow with i.
  const values = rows.map((_, r) => columns.map((_, i) => i + 1 + r));
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const fig = costByLineItemChart(
    {
      rows,
      columns,
      values,
      rowTotals: values.map(sum),
      columnTotals: columns.map((_, i) => sum(values.map((v) => v[i] ?? 0))),
    },
    { maxSeries: 5 },
  );
  assert.equal(fig.data.length, 6);
  assert.deepEqual(
    fig.data.slice(0, 5).map((t) => t.name.split(' (')[0]),
    ['model-19, input', 'model-18, input', 'model-17, input', 'model-16, input', 'model-15, input'],
  );
  const other = fig.data[5];
  assert.ok(other !== undefined && other.type === 'bar');
  assert.match(other.name, /^Other \(15 line items\) \(\$/);
  // Folded days: columns 0..14 -> sum over i of (i + 1 + r) = 120 + 15r.
  assert.deepEqual(other.y, [120, 135, 150]);
  assert.equal(other.marker.color, '#bdbdbd');
  // Nothing is lost: every day's stacked total equals the pivot's day total.
  const stacked = rows.map((_, r) => sum(fig.data.map((t) => (t.type === 'bar' ? Number(t.y[r]) : 0))));
  assert.deepEqual(stacked, values.map(sum));
  assert.match(fig.subtitle ?? '', /20 line items \(top 5 shown/);
  assert.throws(
    () => costByLineItemChart({ rows, columns, values, rowTotals: [], columnTotals: [] }, { maxSeries: 0 }),
    /invalid maxSeries: 0/,
  );
});

test('cost by line item keeps 10 line items by default, so the legend and its "Other" entry fit without scrolling', () => {
  const rows = ['2026-11-01', '2026-11-02'];
  const columns = Array.from({ length: 14 }, (_, i) => `model-${i}, input`);
  const values = rows.map(() => columns.map((_, i) => i + 1));
  const fig = costByLineItemChart({ rows, columns, values, rowTotals: [], columnTotals: [] });
  assert.equal(fig.data.length, 11);
  assert.match(fig.data[10]?.name ?? '', /^Other \(4 line items\)/);
  // The rotated first date label keeps clear of the "$0" tick.
  assert.equal(fig.layout.xaxis?.ticklabelstandoff, 10);
});
