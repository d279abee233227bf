import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PieTrace } from '../../lib/charts/figure';
import { formatCount } from '../../lib/charts/format';
import { OTHER_COLOR } from '../../lib/charts/palette';
import { type PieSpec, namedSlices, pieFigure } from '../../lib/charts/pie-figure';
import { rawMarkup } from './figure-strings';
import { HOSTILE } from './sample-data';

const spec = (over: Partial<PieSpec> = {}): PieSpec => ({
  id: 'test-pie',
  title: 'Requests by project',
  valueName: 'Requests',
  format: formatCount,
  scale: new Map([
    ['a', '#111111'],
    ['b', '#222222'],
  ]),
  ...over,
});

function pieOf(fig: ReturnType<typeof pieFigure>): PieTrace {
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  return pie;
}

test('slices largest first, zero and negative ones left out; shares of the slices drawn, "12.3% (1,234)"', () => {
  const fig = pieFigure(
    [
      { label: 'b', value: 250 },
      { label: 'zero', value: 0 },
      { label: 'a', value: 750 },
      { label: 'refund', value: -40 },
    ],
    spec(),
  );
  assert.equal(fig.id, 'test-pie');
  assert.equal(fig.title, 'Requests by project');
  assert.ok(!('subtitle' in fig));
  const pie = pieOf(fig);
  assert.deepEqual(pie.labels, ['a', 'b']);
  assert.deepEqual(pie.values, [750, 250]);
  assert.deepEqual(pie.customdata, [
    ['a', '750', '75.0%', ''],
    ['b', '250', '25.0%', ''],
  ]);
  assert.equal(pie.texttemplate, '%{customdata[2]}<br>(%{customdata[1]})');
  assert.equal(pie.sort, false, "our order, not Plotly's");
  assert.equal(pie.direction, 'clockwise');
  assert.equal(pie.rotation, 0);
  assert.deepEqual(pie.marker.colors, ['#111111', '#222222']);
});

test("colours: the caller's first, then the scale, by ID when the slice has one; unknown slices grey", () => {
  const pie = pieOf(
    pieFigure(
      [
        { label: 'Search', id: 'a', value: 3 },
        { label: 'b', value: 2 },
        { label: 'c', value: 1 },
      ],
      spec({ colors: { b: '#abcdef' } }),
    ),
  );
  assert.deepEqual(pie.marker.colors, ['#111111', '#abcdef', OTHER_COLOR]);
  assert.equal(pie.customdata[0]?.[0], 'Search<br>ID: a');
});

test('a note becomes a hover line; labels are escaped and kept usable as plotly.js object keys', () => {
  const pie = pieOf(
    pieFigure(
      [
        { label: HOSTILE, value: 2, note: '3 projects <under> 5%' },
        { label: '__proto__', value: 1 },
      ],
      spec(),
    ),
  );
  assert.deepEqual(pie.labels, [
    '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;',
    '\u200b__proto__',
  ]);
  assert.equal(pie.customdata[0]?.[3], '<br>3 projects &lt;under&gt; 5%');
  assert.deepEqual(rawMarkup(pie), []);
});

test('a subtitle is kept plain on the figure; the top margin leaves 40 px for outside labels', () => {
  const fig = pieFigure([{ label: 'a', value: 1 }], spec({ subtitle: 'Total: 1 <b>' }));
  assert.equal(fig.subtitle, 'Total: 1 <b>');
  assert.equal(fig.layout.title.subtitle?.text, 'Total: 1 &lt;b&gt;');
  assert.equal(fig.layout.margin.t, 84 + 40);
  assert.equal(fig.layout.margin.l, 24);
  assert.equal(pieFigure([{ label: 'a', value: 1 }], spec()).layout.margin.t, 64 + 40);
  assert.equal(fig.layout.legend?.x, 1.02);
});

test('no positive slice: an empty pie trace (the charts show their empty state before this)', () => {
  const pie = pieOf(pieFigure([{ label: 'a', value: 0 }], spec()));
  assert.deepEqual(pie.values, []);
  assert.deepEqual(pie.customdata, []);
});

test('property: every positive slice drawn once, largest first, shares within rounding of 100%', () => {
  const slice = fc.record({ label: fc.string({ maxLength: 6 }), value: fc.integer({ min: -5, max: 10_000 }) });
  fc.assert(
    fc.property(fc.array(slice, { maxLength: 30 }), (slices) => {
      const pie = pieOf(pieFigure(slices, spec()));
      const positive = slices.filter((s) => s.value > 0);
      assert.deepEqual(
        [...pie.values].sort((a, b) => a - b),
        positive.map((s) => s.value).sort((a, b) => a - b),
      );
      for (let i = 1; i < pie.values.length; i++) assert.ok((pie.values[i - 1] ?? 0) >= (pie.values[i] ?? 0));
      const sum = positive.reduce((a, s) => a + s.value, 0);
      pie.customdata.forEach((row, i) => {
        assert.match(row[2] ?? '', /^\d+\.\d%$/);
        const exact = (100 * (pie.values[i] ?? 0)) / sum;
        assert.ok(Math.abs(Number.parseFloat(row[2] ?? '') - exact) <= 0.05 + 1e-9, `${row[2]} for ${exact}`);
      });
      const shares = pie.customdata.reduce((a, row) => a + Number.parseFloat(row[2] ?? ''), 0);
      if (positive.length > 0) assert.ok(Math.abs(shares - 100) <= 0.05 * positive.length + 1e-9, String(shares));
    }),
    { numRuns: 300 },
  );
});

test('namedSlices: slices the names know show the name and carry the ID; "Other" and unknown IDs stay as they are', () => {
  const names = new Map([['proj_1', 'Search']]);
  assert.deepEqual(
    namedSlices(
      [
        { label: 'proj_1', value: 5 },
        { label: 'Other', value: 2 },
        { label: 'proj_2', value: 1 },
      ],
      names,
    ),
    [
      { label: 'Search', value: 5, id: 'proj_1' },
      { label: 'Other', value: 2 },
      { label: 'proj_2', value: 1 },
    ],
  );
  assert.deepEqual(namedSlices([{ label: 'proj_1', value: 5 }], undefined), [{ label: 'proj_1', value: 5 }]);
  assert.deepEqual(namedSlices([], names), []);
});
