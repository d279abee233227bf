import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDaysChart } from '../../lib/charts/local-days-chart';

test('the local-days chart names the days without 24 hours', () => {
  const fig = localDaysChart(
    [
      { local_date: '2026-03-08', hours: 23, keys: {}, values: { input_tokens: 230 } },
      { local_date: '2026-03-09', hours: 24, keys: {}, values: { input_tokens: 240 } },
    ],
    { metric: 'input_tokens', timeZone: 'America/New_York' },
  );
  const [bars] = fig.data;
  assert.deepEqual(bars?.type === 'bar' ? bars.y : null, [230, 240]);
  assert.match(fig.subtitle ?? '', /2026-03-08 \(23 h\)$/);
});
