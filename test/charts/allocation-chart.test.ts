import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocationChart } from '../../lib/charts/allocation-chart';
import type { AllocationRow } from '../../lib/insights/index';

test('the allocation chart stacks keys, keeps unattributable cost and states the methods', () => {
  const rows: AllocationRow[] = [
    { date: '2025-12-05', project_id: 'p', api_key_id: 'key_a', user_id: 'u1', cost_usd: 3, method: 'token_share' },
    { date: '2025-12-05', project_id: 'p', api_key_id: null, user_id: null, cost_usd: 1, method: 'unattributable' },
    { date: '2025-12-06', project_id: 'p', api_key_id: 'key_a', user_id: 'u1', cost_usd: 2, method: 'costs_api' },
    { date: '2025-12-06', project_id: 'p', api_key_id: 'key_b', user_id: null, cost_usd: 6, method: 'costs_api' },
  ];
  const fig = allocationChart(rows, { top: 1 });
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ['key_b', 'Other (1)', 'Unattributable'],
  );
  const sums = [0, 1].map((i) => fig.data.reduce((a, t) => a + (t.type === 'bar' ? Number(t.y[i]) : NaN), 0));
  assert.deepEqual(sums, [4, 8]);
  assert.match(
    fig.subtitle ?? '',
    /2025-12-05 to 2025-12-05: estimated from each key's token share .* 2025-12-06 to 2025-12-06: Costs API grouped by api_key_id/,
  );
});

test('with names, keys show their names and the ID on hover', () => {
  const fig = allocationChart(
    [{ date: '2025-12-06', project_id: 'p', api_key_id: 'key_a', user_id: null, cost_usd: 2, method: 'costs_api' }],
    { names: new Map([['key_a', 'Support <bot>']]) },
  );
  const [t] = fig.data;
  assert.equal(t?.name, 'Support &lt;bot&gt;');
  assert.match(t?.type === 'bar' ? (t.customdata[0]?.[3] ?? '') : '', /ID: key_a/);
});

test('per user, cost without a user is said to come from service-account keys, not "(none)"', () => {
  const rows: AllocationRow[] = [
    { date: '2025-12-06', project_id: 'p', api_key_id: 'key_a', user_id: 'u1', cost_usd: 2, method: 'costs_api' },
    { date: '2025-12-06', project_id: 'p', api_key_id: 'key_s', user_id: null, cost_usd: 5, method: 'costs_api' },
  ];
  assert.deepEqual(
    allocationChart(rows, { by: 'user_id' }).data.map((t) => t.name),
    ['(no user: service-account keys)', 'u1'],
  );
});

test("the money axis is scaled by the largest day's total, summed over its keys, not by the largest row", () => {
  const row = (date: string, key: string, cost: number): AllocationRow => ({
    date,
    project_id: 'p',
    api_key_id: key,
    user_id: null,
    cost_usd: cost,
    method: 'costs_api',
  });
  // Every row below $10; the second day's rows add up to $12 (whole dollars on the axis), the first day's to $6.
  const rows = [
    row('2025-12-06', 'a', 3),
    row('2025-12-07', 'a', 4),
    row('2025-12-06', 'b', 3),
    row('2025-12-07', 'b', 8),
  ];
  assert.equal(allocationChart(rows).layout.yaxis?.tickformat, ',.0f');
  assert.equal(allocationChart(rows.filter((r) => r.date === '2025-12-06')).layout.yaxis?.tickformat, ',.2f');
});
