import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usageLineChart } from '../../lib/charts/usage-line-chart';
import { rawMarkup } from './figure-strings';
import { hourlySeries } from './sample-data';

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
