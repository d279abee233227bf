import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { costByLineItemChart } from '../../lib/charts/cost-by-line-item-chart';
import { rawMarkup } from './figure-strings';
import { HOSTILE, lineItemPivot } from './sample-data';

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

/** A pivot from rows × columns of values, with its totals. */
function pivot(rows: string[], columns: string[], values: number[][]): Parameters<typeof costByLineItemChart>[0] {
  return {
    rows,
    columns,
    values,
    rowTotals: values.map((r) => r.reduce((a, v) => a + v, 0)),
    columnTotals: columns.map((_, c) => values.reduce((a, r) => a + (r[c] ?? 0), 0)),
  };
}

test('cost by line item: hover says day, line item and cost; legend names are shortened, totals kept', () => {
  const long = 'assistants api | file search, vector store storage, long name';
  const fig = costByLineItemChart(
    pivot(
      ['2025-01-11', '2025-01-12'],
      [long, 'b'],
      [
        [1.5, 0.25],
        [0.5, 0],
      ],
    ),
  );
  const [first, second] = fig.data;
  assert.ok(first?.type === 'bar' && second?.type === 'bar');
  assert.equal(first.name, 'assistants api | fil… storage, long name ($2.00)');
  assert.deepEqual(first.customdata, [
    ['2025-01-11', long, '$1.50'],
    ['2025-01-12', long, '$0.50'],
  ]);
  assert.deepEqual(second.y, [0.25, 0]);
  assert.equal(fig.subtitle, 'Total: $2.25 · 2 line items');
  assert.equal(fig.layout.yaxis?.tickformat, ',.2f', 'largest day $1.75');
  assert.equal(fig.layout.xaxis?.type, 'date');
  assert.equal(fig.layout.xaxis?.tick0, '2025-01-11');
  assert.equal(fig.layout.legend?.title?.text, 'Line item');
});

test('cost by line item: rows that are not dates get a category axis; escaped like the rest', () => {
  const fig = costByLineItemChart(pivot(['week 1', HOSTILE], ['a'], [[1], [2]]));
  assert.deepEqual(fig.layout.xaxis, { type: 'category', automargin: true });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.x[1], '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;');
  assert.deepEqual(rawMarkup(fig), []);
});

test('cost by line item in euros, with caller colours; the folded series stays grey', () => {
  const fig = costByLineItemChart(pivot(['2025-01-11'], ['a', 'b', 'c'], [[30, 20, 10]]), {
    currency: 'eur',
    colors: { a: '#010101', c: '#030303' },
    maxSeries: 1,
  });
  assert.deepEqual(
    fig.data.map((t) => [t.name, t.type === 'bar' ? t.marker.color : '']),
    [
      ['a (30.00 EUR)', '#010101'],
      ['Other (2 line items) (30.00 EUR)', '#bdbdbd'],
    ],
  );
  assert.equal(fig.layout.yaxis?.title?.text, 'Total Cost (EUR)');
  assert.equal(fig.layout.yaxis?.tickprefix, undefined);
  assert.equal(fig.layout.yaxis?.tickformat, ',.0f', 'a day of 60');
});

test('cost by line item names a bad pivot, title, currency or colour', () => {
  assert.throws(() => costByLineItemChart(null as never), /^Error: invalid pivot: null$/);
  assert.throws(() => costByLineItemChart({ rows: [], columns: 'a' } as never), /^Error: invalid pivot: /);
  assert.throws(
    () => costByLineItemChart({ ...pivot(['2025-01-11'], ['a'], [[1]]), values: [] }),
    /^Error: invalid pivot values rows: 0$/,
  );
  assert.throws(() => costByLineItemChart(lineItemPivot, { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => costByLineItemChart(lineItemPivot, { currency: '$' }), /^Error: invalid currency: "\$"$/);
  assert.throws(() => costByLineItemChart(lineItemPivot, { colors: [] as never }), /^Error: invalid colors: \[\]$/);
  assert.throws(() => costByLineItemChart(lineItemPivot, { maxSeries: 1.5 }), /^Error: invalid maxSeries: 1.5$/);
  assert.equal(costByLineItemChart(pivot([], ['a'], [])).layout.annotations?.[0]?.text, 'No cost data for this range');
});

test('property: every day stacks to its total, the largest line items keep their own series, the rest one "Other"', () => {
  const input = fc
    .record({
      days: fc.integer({ min: 1, max: 6 }),
      columns: fc.integer({ min: 1, max: 14 }),
      maxSeries: fc.integer({ min: 1, max: 8 }),
    })
    .chain(({ days, columns, maxSeries }) =>
      fc.record({
        maxSeries: fc.constant(maxSeries),
        columns: fc.constant(Array.from({ length: columns }, (_, c) => `item-${c}`)),
        rows: fc.constant(Array.from({ length: days }, (_, d) => `2025-01-${String(10 + d)}`)),
        values: fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: columns, maxLength: columns }), {
          minLength: days,
          maxLength: days,
        }),
      }),
    );
  fc.assert(
    fc.property(input, ({ rows, columns, values, maxSeries }) => {
      const fig = costByLineItemChart(pivot(rows, columns, values), { maxSeries });
      const totals = columns.map((name, c) => ({ name, total: values.reduce((a, r) => a + (r[c] ?? 0), 0) }));
      const nonZero = totals.filter((t) => t.total !== 0);
      if (nonZero.length === 0) {
        assert.equal(fig.data.length, 0);
        return;
      }
      const folds = nonZero.length > maxSeries;
      assert.equal(fig.data.length, folds ? maxSeries + 1 : nonZero.length);
      rows.forEach((_, r) => {
        const stacked = fig.data.reduce((a, t) => a + (t.type === 'bar' ? Number(t.y[r]) : 0), 0);
        assert.equal(
          stacked,
          (values[r] ?? []).reduce((a, v) => a + v, 0),
        );
      });
      // Each own series is at least as large as any folded line item.
      const shownTotals = fig.data
        .slice(0, folds ? maxSeries : undefined)
        .map((t) => (t.type === 'bar' ? t.y.reduce<number>((a, v) => a + Number(v), 0) : 0));
      const kept = new Set(fig.data.map((t) => t.name.replace(/ \(\$[\d,.]+\)$/, '')));
      const foldedMax = Math.max(0, ...nonZero.filter((t) => !kept.has(t.name)).map((t) => t.total));
      for (const total of shownTotals) assert.ok(total >= foldedMax);
      for (let i = 1; i < shownTotals.length; i++) assert.ok((shownTotals[i - 1] ?? 0) >= (shownTotals[i] ?? 0));
    }),
    { numRuns: 100 },
  );
});
