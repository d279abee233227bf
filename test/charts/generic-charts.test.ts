import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barByGroup, colorScale, sharePie, usageLineChart } from '../../lib/charts/index';
import { rawMarkup } from './figure-strings';
import { hourlySeries, modelGroups, userGroups } from './sample-data';

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

test('share pie sums by label and folds slices under 2% into Other', () => {
  const fig = sharePie(modelGroups, {
    id: 'model-share-pie',
    title: 'Tokens by model',
    labelKey: 'model',
    valueLabel: 'Tokens',
  });
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.deepEqual(pie.labels, ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'o1-mini-2024-09-12', 'Other']);
  assert.deepEqual(pie.values, [50_000, 30_000, 19_000, 1_000]);
  assert.deepEqual(rawMarkup(fig), []);
});

test('share pie formats currency and rejects an unknown label key', () => {
  const fig = sharePie([{ keys: { project_id: 'p' }, value: 1234.5 }], {
    id: 'cost-by-project-pie',
    title: 'Cost by project',
    labelKey: 'project_id',
    valueFormat: 'currency',
  });
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.equal(pie.customdata[0]?.[1], '$1,234.50');
  assert.throws(
    () => sharePie(modelGroups, { id: 'x', title: 'x', labelKey: 'user_id' }),
    /invalid labelKey: "user_id"/,
  );
  assert.equal(
    sharePie([], { id: 'x', title: 'x', labelKey: 'm', valueFormat: 'currency' }).layout.annotations?.[0]?.text,
    'No cost data for this range',
  );
});

test('bar by group puts the largest group on top and labels null keys', () => {
  const fig = barByGroup(userGroups, {
    id: 'requests-by-user',
    title: 'Requests by user',
    labelKey: 'user_id',
    valueLabel: 'Requests',
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.orientation, 'h');
  assert.equal(bars.y[bars.y.length - 1], 'user-abc');
  assert.equal(bars.x[bars.x.length - 1], 1_234);
  assert.ok(bars.y.includes('(no user: service-account keys)'), 'a null user is said to be a service-account key');
  assert.deepEqual(rawMarkup(fig), []);
});

test('bar by group folds the tail beyond the limit into one Other bar', () => {
  const groups = Array.from({ length: 10 }, (_, i) => ({ keys: { api_key_id: `key_${i}` }, value: 100 - i }));
  const fig = barByGroup(groups, {
    id: 'requests-by-api-key',
    title: 'By key',
    labelKey: 'api_key_id',
    valueLabel: 'Requests',
    limit: 3,
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.y.length, 4);
  assert.equal(bars.y[0], 'Other (7 more)');
  assert.equal(bars.x[0], 97 + 96 + 95 + 94 + 93 + 92 + 91);
  assert.throws(
    () => barByGroup(groups, { id: 'a', title: 'b', labelKey: 'api_key_id', valueLabel: 'c', limit: 0 }),
    /invalid limit: 0/,
  );
});

test('colour scale is deterministic, order-independent and collision-free up to twenty names', () => {
  const names = Array.from({ length: 20 }, (_, i) => `proj_${i}`);
  const a = colorScale(names);
  const b = colorScale([...names].reverse());
  for (const n of names) assert.equal(a.get(n), b.get(n));
  assert.equal(new Set(names.map((n) => a.get(n))).size, 20);
  assert.equal(a.get('Other'), '#bdbdbd');
});
