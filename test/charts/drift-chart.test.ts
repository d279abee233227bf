import assert from 'node:assert/strict';
import { test } from 'node:test';
import { driftChart } from '../../lib/charts/drift-chart';

test('the drift chart draws billed and estimated per day over estimated models, the rest in its subtitle', () => {
  const fig = driftChart([
    { date: '2025-12-07', model: 'a', billed_usd: 2, estimated_usd: 1.5, difference_usd: 0.5 },
    { date: '2025-12-06', model: 'a', billed_usd: 1, estimated_usd: 1, difference_usd: 0 },
    { date: '2025-12-06', model: 'b', billed_usd: 3, estimated_usd: 2, difference_usd: 1 },
    { date: '2025-12-06', model: 'web search tool calls', billed_usd: 0.25, estimated_usd: null, difference_usd: null },
  ]);
  const [billed, estimated, diff] = fig.data;
  assert.deepEqual(billed?.type === 'scatter' ? [billed.x, billed.y] : null, [
    ['2025-12-06', '2025-12-07'],
    [4, 2],
  ]);
  assert.deepEqual(estimated?.type === 'scatter' ? estimated.y : null, [3, 1.5]);
  assert.deepEqual(diff?.type === 'bar' ? diff.y : null, [1, 0.5]);
  assert.match(fig.subtitle ?? '', /\$0\.25/);
  assert.equal(driftChart([]).data.length, 0);
});
