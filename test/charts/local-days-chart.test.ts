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

test('the local-days value axis says the metric as words ("Model Requests", not "num model requests")', () => {
  const fig = localDaysChart([{ local_date: '2026-03-09', hours: 24, keys: {}, values: { num_model_requests: 5 } }], {
    metric: 'num_model_requests',
    timeZone: 'Europe/Berlin',
  });
  assert.equal(fig.layout.yaxis?.title?.text, 'Model Requests');
});
