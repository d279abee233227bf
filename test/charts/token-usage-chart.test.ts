import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenUsageChart } from '../../lib/charts/index';
import type { TokenPoint } from '../../lib/charts/inputs';
import { tokenPoints } from './sample-data';

test('token usage chart has grouped Input and Output bars with the raw values per bucket', () => {
  const fig = tokenUsageChart(tokenPoints);
  assert.equal(fig.id, 'token-usage');
  assert.equal(fig.title, 'Daily Input vs Output Token Usage Last 7 Days');
  // The queried range wins over the covered span: 30 days answered a few seconds later is still "Last 30 Days".
  assert.equal(
    tokenUsageChart(tokenPoints, { rangeSeconds: 30 * 86_400 + 5 }).title,
    'Daily Input vs Output Token Usage Last 30 Days',
  );
  assert.equal(
    tokenUsageChart(tokenPoints, { rangeSeconds: 31 * 86_400 }).title,
    'Daily Input vs Output Token Usage Last 31 Days',
  );
  assert.equal(fig.layout.barmode, 'group');
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ['Input Tokens', 'Output Tokens'],
  );
  const [input, output] = fig.data;
  assert.ok(input?.type === 'bar' && output?.type === 'bar');
  assert.deepEqual(
    input.y,
    tokenPoints.map((p) => p.input_tokens),
  );
  assert.deepEqual(
    output.y,
    tokenPoints.map((p) => p.output_tokens),
  );
  assert.deepEqual(input.x.slice(0, 2), ['2025-01-11', '2025-01-12']);
  assert.deepEqual(input.customdata[2], ['2025-01-13', '3,718,360', '107']);
  assert.equal(fig.layout.xaxis?.type, 'date');
});

test('token usage chart titles hourly data and shows the hour in hover dates', () => {
  const hourly: TokenPoint[] = [0, 1, 2].map((i) => ({
    start: 1_736_640_000 + i * 3600,
    end: 1_736_643_600 + i * 3600,
    input_tokens: 10,
    output_tokens: 1,
    input_cached_tokens: 0,
    num_model_requests: 1,
  }));
  const fig = tokenUsageChart(hourly);
  assert.equal(fig.title, 'Hourly Input vs Output Token Usage Last 3 Hours');
  const first = fig.data[0];
  assert.ok(first?.type === 'bar');
  assert.equal(first.customdata[1]?.[0], '2025-01-12 01:00');
});

test('token usage chart sums buckets above 5,000 points and says so in the subtitle', () => {
  const points: TokenPoint[] = Array.from({ length: 12_000 }, (_, i) => ({
    start: 1_736_640_000 + i * 60,
    end: 1_736_640_060 + i * 60,
    input_tokens: i % 7,
    output_tokens: 1,
    input_cached_tokens: 0,
    num_model_requests: 1,
  }));
  let expected = 0;
  for (const p of points) expected += p.input_tokens;
  const fig = tokenUsageChart(points, { bucketWidth: '1m' });
  const input = fig.data[0];
  assert.ok(input?.type === 'bar');
  assert.equal(input.y.length, 4000);
  assert.equal(
    input.y.reduce((a: number, v) => a + Number(v), 0),
    expected,
  );
  assert.match(fig.subtitle ?? '', /12,000 buckets summed into 4,000 bars of 3/);
  assert.match(fig.layout.title.subtitle?.text ?? '', /summed/);
});

test('token usage chart without points is an empty state with hidden axes', () => {
  const fig = tokenUsageChart([]);
  assert.equal(fig.data.length, 0);
  assert.equal(fig.layout.xaxis?.visible, false);
  assert.equal(fig.layout.yaxis?.visible, false);
  assert.equal(fig.layout.annotations?.[0]?.text, 'No usage data for this range');
});

test('token usage chart rejects a bad bucket width early', () => {
  assert.throws(() => tokenUsageChart(tokenPoints, { bucketWidth: '2d' as never }), /invalid bucketWidth: "2d"/);
});
