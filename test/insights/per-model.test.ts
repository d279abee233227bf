import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';
import { costTable, type CostTable, type UsageTable } from '../../lib/frames/index';
import { daySpend, projectDaySpend } from '../../lib/insights/day-spend';
import { reconciliationByModel, savingsByModel, totalSavings } from '../../lib/insights/per-model';
import fc from 'fast-check';
import { priceUsage } from '../../lib/insights/price-usage';
import { reconcile } from '../../lib/insights/reconcile';
import { savings } from '../../lib/insights/savings';
import { alone, assertKeptApart, merged, organizationData, type OrganizationData } from './two-organizations';

test('reconciliationByModel sums each model over the days, largest bill first, null when a day has no estimate', () => {
  const rows = [
    { date: '2026-01-01', model: 'gpt-4o', billed_usd: 2, estimated_usd: 1.5, difference_usd: 0.5 },
    { date: '2026-01-02', model: 'gpt-4o', billed_usd: 3, estimated_usd: 3.5, difference_usd: -0.5 },
    { date: '2026-01-01', model: 'mystery', billed_usd: 1, estimated_usd: 1, difference_usd: 0 },
    { date: '2026-01-02', model: 'mystery', billed_usd: 9, estimated_usd: null, difference_usd: null },
  ];
  assert.deepEqual(reconciliationByModel(rows), [
    { model: 'mystery', billed_usd: 10, estimated_usd: null },
    { model: 'gpt-4o', billed_usd: 5, estimated_usd: 5 },
  ]);
});

test('savingsByModel sums each model, largest total first; totalSavings adds both kinds', () => {
  const rows = [
    { date: '2026-01-01', model: 'a', cached_savings_usd: 1, batch_savings_usd: 0 },
    { date: '2026-01-02', model: 'b', cached_savings_usd: 0.5, batch_savings_usd: 2 },
    { date: '2026-01-02', model: 'a', cached_savings_usd: 0.25, batch_savings_usd: 0 },
  ];
  assert.deepEqual(savingsByModel(rows), [
    { model: 'b', cached_savings_usd: 0.5, batch_savings_usd: 2 },
    { model: 'a', cached_savings_usd: 1.25, batch_savings_usd: 0 },
  ]);
  assert.equal(totalSavings(rows), 3.75);
});

test('projectDaySpend gives each cost row its UTC day and project; daySpend each day its sum', () => {
  const cost = (value: number, project: string | null): WireCostsResult => ({
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item: null,
    project_id: project,
  });
  const buckets: WireBucket<WireCostsResult>[] = [
    {
      object: 'bucket',
      start_time: 1_767_225_600,
      end_time: 1_767_312_000,
      results: [cost(1.5, 'proj_a'), cost(2, null)],
    },
    { object: 'bucket', start_time: 1_767_312_000, end_time: 1_767_398_400, results: [cost(4, 'proj_a')] },
  ];
  const table = costTable(buckets);
  assert.deepEqual(projectDaySpend(table), [
    { date: '2026-01-01', project_id: 'proj_a', amount: 1.5 },
    { date: '2026-01-01', project_id: null, amount: 2 },
    { date: '2026-01-02', project_id: 'proj_a', amount: 4 },
  ]);
  // One row per day, its rows summed (1.5 + 2).
  assert.deepEqual(daySpend(table), [
    { date: '2026-01-01', amount: 3.5 },
    { date: '2026-01-02', amount: 4 },
  ]);
});

test('several organizations with the same models: per organization and model, each as it alone gives it', () => {
  const perModel = (costs: CostTable, usage: UsageTable) => {
    const priced = priceUsage([usage]);
    return { reconciled: reconciliationByModel(reconcile(priced, costs)), saved: savingsByModel(savings(priced)) };
  };
  const own = (data: OrganizationData) => {
    const t = alone(data);
    return perModel(t.costs, t.usage);
  };
  fc.assert(
    fc.property(organizationData(4), organizationData(4), (acme, globex) => {
      const both = merged(acme, globex);
      const got = perModel(both.costs, both.usage);
      const expected = [own(acme), own(globex)];
      assertKeptApart(
        got.reconciled,
        expected.map((e) => e.reconciled),
      );
      assertKeptApart(
        got.saved,
        expected.map((e) => e.saved),
      );
      // Largest first across organizations, as the tables show them.
      const billed = got.reconciled.map((r) => r.billed_usd);
      assert.deepEqual(
        billed,
        [...billed].sort((a, b) => b - a),
      );
    }),
    { numRuns: 60 },
  );
});
