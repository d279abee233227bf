import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dailyDateAxis } from '../../lib/charts/date-axis';

const DAY_MS = 86_400_000;

test('a date axis starting on the first day, "YYYY-MM-DD" ticks kept clear of the value axis', () => {
  assert.deepEqual(dailyDateAxis('2025-01-11', 5), {
    type: 'date',
    title: { text: 'Date (UTC)' },
    tickformat: '%Y-%m-%d',
    automargin: true,
    ticklabelstandoff: 10,
    tick0: '2025-01-11',
    dtick: DAY_MS,
  });
});

test('tick step: every day up to 16 days, every other day up to 35, weekly up to 120, then monthly', () => {
  const step = (days: number): number | string | undefined => dailyDateAxis('2025-01-01', days).dtick;
  for (const days of [1, 7, 16]) assert.equal(step(days), DAY_MS, `${days} days`);
  for (const days of [17, 31, 35]) assert.equal(step(days), 2 * DAY_MS, `${days} days`);
  for (const days of [36, 90, 120]) assert.equal(step(days), 7 * DAY_MS, `${days} days`);
  for (const days of [121, 366, 5000]) assert.equal(step(days), 'M1', `${days} days`);
});

test('each call gives its own axis: a chart changing its axis does not change another chart', () => {
  const a = dailyDateAxis('2025-01-01', 3);
  a.title = { text: 'Changed' };
  assert.deepEqual(dailyDateAxis('2025-01-01', 3).title, { text: 'Date (UTC)' });
});
