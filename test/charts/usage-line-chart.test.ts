import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeLabel } from '../../lib/charts/escape-label';
import { usageLineChart } from '../../lib/charts/usage-line-chart';
import { rawMarkup } from './figure-strings';
import { HOSTILE, hourlySeries } from './sample-data';

test('usage line chart draws one line per series with hourly hover dates', () => {
  const fig = usageLineChart(hourlySeries, { metric: 'input_tokens', bucketWidth: '1h' });
  assert.equal(fig.id, 'tokens-over-time');
  assert.equal(fig.title, 'Hourly Input tokens over time');
  assert.equal(fig.data.length, 2);
  const line = fig.data[0];
  assert.ok(line?.type === 'scatter');
  assert.deepEqual(line.y, hourlySeries.series[0]?.y);
  assert.equal(line.customdata[1]?.[0], '2025-01-12 01:00');
  assert.deepEqual(rawMarkup(fig), []);
});

test('usage line chart switches to WebGL above 5,000 points and notes it', () => {
  const n = 6000;
  const fig = usageLineChart(
    {
      x: Array.from({ length: n }, (_, i) => 1_736_640_000 + i * 60),
      series: [{ name: 'a', y: new Array<number>(n).fill(1) }],
    },
    { metric: 'requests', bucketWidth: '1m', id: 'requests-per-minute' },
  );
  assert.equal(fig.data[0]?.type, 'scattergl');
  assert.match(fig.subtitle ?? '', /6,000 points per series, drawn with WebGL/);
});

test('usage line chart rejects mismatched series and bad ids', () => {
  assert.throws(
    () => usageLineChart({ x: [1, 2], series: [{ name: 'a', y: [1] }] }, { metric: 'm', bucketWidth: '1d' }),
    /invalid series length of a: 1/,
  );
  assert.throws(
    () => usageLineChart(hourlySeries, { metric: 'm', bucketWidth: '1d', id: 'Bad Id' }),
    /invalid figure id: "Bad Id"/,
  );
});

const MIDNIGHT = 1_736_640_000; // 2025-01-12 00:00 UTC

test('usage line chart over days: dates on a daily axis, markers on short series, the range in the subtitle', () => {
  const x = [0, 1, 2].map((d) => MIDNIGHT + d * 86_400);
  const fig = usageLineChart(
    { x, series: [{ name: 'gpt-4o', y: [1000, 2000, 1500] }] },
    { metric: 'num_model_requests', bucketWidth: '1d' },
  );
  assert.equal(fig.title, 'Daily Num model requests over time');
  assert.equal(fig.subtitle, '2025-01-12 to 2025-01-14 (UTC)');
  const line = fig.data[0];
  assert.ok(line?.type === 'scatter');
  assert.deepEqual(line.x, ['2025-01-12', '2025-01-13', '2025-01-14']);
  assert.equal(line.mode, 'lines+markers');
  assert.deepEqual(line.customdata[1], ['2025-01-13', 'gpt-4o', '2,000']);
  assert.equal(fig.layout.xaxis?.type, 'date');
  assert.equal(fig.layout.xaxis?.tick0, '2025-01-12');
  assert.equal(fig.layout.xaxis?.title?.text, 'Time bucket (UTC)');
  assert.equal(fig.layout.yaxis?.title?.text, 'Num model requests');
});

test('usage line chart per minute: "YYYY-MM-DD HH:MM" buckets, markers only up to 60 points', () => {
  const series = (n: number): Parameters<typeof usageLineChart>[0] => ({
    x: Array.from({ length: n }, (_, i) => MIDNIGHT + i * 60),
    series: [{ name: 'a', y: new Array<number>(n).fill(1) }],
  });
  const sixty = usageLineChart(series(60), { metric: 'Requests', bucketWidth: '1m' });
  assert.equal(sixty.title, 'Per-minute Requests over time');
  assert.equal(sixty.data[0]?.type === 'scatter' ? sixty.data[0].mode : '', 'lines+markers');
  assert.equal(sixty.subtitle, '2025-01-12 00:00 to 2025-01-12 00:59 (UTC)');
  assert.deepEqual(sixty.layout.xaxis, { type: 'date', title: { text: 'Time bucket (UTC)' }, automargin: true });
  const more = usageLineChart(series(61), { metric: 'Requests', bucketWidth: '1m' });
  assert.equal(more.data[0]?.type === 'scatter' ? more.data[0].mode : '', 'lines');
});

test('usage line chart: WebGL from 5,001 points per series, SVG up to 5,000', () => {
  const at = (n: number): string | undefined =>
    usageLineChart(
      {
        x: Array.from({ length: n }, (_, i) => MIDNIGHT + i * 60),
        series: [{ name: 'a', y: new Array<number>(n).fill(0) }],
      },
      { metric: 'm', bucketWidth: '1m' },
    ).data[0]?.type;
  assert.equal(at(5000), 'scatter');
  assert.equal(at(5001), 'scattergl');
});

test('usage line chart with names: legends show names, hover adds the ID; caller colours win', () => {
  const fig = usageLineChart(
    {
      x: [MIDNIGHT],
      series: [
        { name: 'proj_1', y: [5] },
        { name: 'proj_2', y: [7] },
      ],
    },
    {
      metric: 'requests',
      bucketWidth: '1h',
      names: new Map([['proj_1', `Search ${HOSTILE}`]]),
      colors: { proj_2: '#020202' },
      title: 'Requests per project',
      id: 'requests-per-project',
    },
  );
  assert.equal(fig.id, 'requests-per-project');
  assert.equal(fig.title, 'Requests per project');
  const [named, plain] = fig.data;
  assert.ok(named?.type === 'scatter' && plain?.type === 'scatter');
  // 40 characters of the raw name (20 + "…" + 19), then escaped.
  assert.equal(named.name, 'Search &lt;/script&gt;&lt;img…1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;');
  assert.equal(named.customdata[0]?.[1], `Search ${escapeLabel(HOSTILE)}<br>ID: proj_1`);
  assert.equal(plain.name, 'proj_2');
  assert.equal(plain.customdata[0]?.[1], 'proj_2');
  assert.equal(plain.line.color, '#020202');
  assert.deepEqual(rawMarkup(fig), []);
});

test('usage line chart without points or series is an empty state; bad input is named', () => {
  const opts = { metric: 'requests', bucketWidth: '1d' } as const;
  const empty = usageLineChart({ x: [], series: [] }, opts);
  assert.equal(empty.layout.annotations?.[0]?.text, 'No usage data for this range');
  assert.equal(empty.title, 'Daily Requests over time');
  assert.equal(usageLineChart({ x: [1], series: [] }, opts).data.length, 0);
  assert.throws(() => usageLineChart(null as never, opts), /^Error: invalid series: null$/);
  assert.throws(
    () => usageLineChart({ x: [1, Number.NaN], series: [{ name: 'a', y: [1, 2] }] }, opts),
    /^Error: invalid x: NaN$/,
  );
  assert.throws(
    () => usageLineChart({ x: [1], series: [{ name: 'a', y: [Infinity] }] }, opts),
    /^Error: invalid value of a: Infinity$/,
  );
  assert.throws(() => usageLineChart(hourlySeries, { metric: ' ', bucketWidth: '1d' }), /^Error: invalid metric: " "$/);
  assert.throws(
    () => usageLineChart(hourlySeries, { metric: 'm', bucketWidth: '1w' as never }),
    /^Error: invalid bucketWidth: "1w"$/,
  );
});
