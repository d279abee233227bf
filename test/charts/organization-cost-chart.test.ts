import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BarTrace } from '../../lib/charts/figure';
import { organizationProjectCostChart } from '../../lib/charts/organization-cost-chart';

test('same-named projects of two organizations stay two bars, each with its own total; the axis is money', () => {
  const fig = organizationProjectCostChart([
    { project: 'Search (eu)', cost_usd: 3 },
    { project: 'Search (eu)', cost_usd: 1 },
    { project: 'Search (us)', cost_usd: 2 },
    { project: 'Chat', cost_usd: 0.5 },
  ]);
  const [bars] = fig.data as BarTrace[];
  const byLabel = new Map((bars?.y ?? []).map((label, i) => [String(label), bars?.x?.[i]]));
  assert.deepEqual([...byLabel].sort(), [
    ['Chat', 0.5],
    ['Search (eu)', 4],
    ['Search (us)', 2],
  ]);
  assert.equal(fig.layout.xaxis?.tickprefix, '$');
  assert.match(fig.subtitle ?? '', /Total: \$6\.50 · 3 projects/);
});
