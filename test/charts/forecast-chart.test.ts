import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forecastChart } from '../../lib/charts/forecast-chart';
import { forecastMonth } from '../../lib/insights/index';

test('the forecast chart draws actual, expected, band, budget and the crossing day', () => {
  const days = Array.from({ length: 14 }, (_, i) => ({
    date: `2026-01-${String(i + 1).padStart(2, '0')}`,
    amount: 10,
  }));
  const f = forecastMonth(days, { asOf: '2026-01-15', budget: { amount: 250, source: 'spend_limit' } });
  const fig = forecastChart(f);
  const byName = new Map(fig.data.map((t) => [t.name, t]));
  const actual = byName.get('Actual');
  const expected = byName.get('Expected');
  assert.ok(actual?.type === 'scatter' && expected?.type === 'scatter');
  assert.equal(actual.y[actual.y.length - 1], 140);
  // Joined at Jan 14, then $10 a day to Jan 31: 140 + 17 × 10.
  assert.deepEqual([expected.x[0], expected.y[expected.y.length - 1]], ['2026-01-14', 310]);
  const cross = byName.get('Budget reached');
  assert.ok(cross?.type === 'scatter');
  assert.deepEqual([cross.x, cross.y], [['2026-01-25'], [250]]);
  assert.match(fig.subtitle ?? '', /budget \$250\.00 \(spend_limit\), reached on 2026-01-25/);
});
