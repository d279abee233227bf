import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';
import { costTable } from '../../lib/frames/index';
import { daySpend, projectDaySpend } from '../../lib/insights/day-spend';
import { reconciliationByModel, savingsByModel, totalSavings } from '../../lib/insights/per-model';

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

test('projectDaySpend and daySpend give each cost row its UTC day (and project)', () => {
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
  assert.deepEqual(daySpend(table), [
    { date: '2026-01-01', amount: 1.5 },
    { date: '2026-01-01', amount: 2 },
    { date: '2026-01-02', amount: 4 },
  ]);
});
