import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { costTable, usageTable } from '../../lib/frames/index';
import { priceUsage } from '../../lib/insights/price-usage';
import { reconcile } from '../../lib/insights/reconcile';
import { savings } from '../../lib/insights/savings';
import { alone, assertKeptApart, merged, organizationData } from './two-organizations';

const DAY1 = 1_764_979_200; // 2025-12-06
const DAY2 = DAY1 + 86_400;
const use = (model: string, input: number, cached: number, output: number, batch = false): WireCompletionsResult => ({
  object: 'organization.usage.completions.result',
  input_tokens: input,
  output_tokens: output,
  num_model_requests: 10,
  input_cached_tokens: cached,
  input_uncached_tokens: input - cached,
  model,
  batch,
  service_tier: batch ? 'batch' : 'default',
  project_id: null,
  user_id: null,
  api_key_id: null,
});
const cost = (lineItem: string, value: number): WireCostsResult => ({
  object: 'organization.costs.result',
  amount: { value, currency: 'usd' },
  line_item: lineItem,
  project_id: null,
});

const usage: WireBucket<WireCompletionsResult>[] = [
  {
    object: 'bucket',
    start_time: DAY1,
    end_time: DAY2,
    results: [use('gpt-4o-mini-2024-07-18', 1e6, 4e5, 2e5), use('gpt-4o-2024-08-06', 2e6, 0, 1e6, true)],
  },
  {
    object: 'bucket',
    start_time: DAY2,
    end_time: DAY2 + 86_400,
    results: [use('gpt-image-2.5-flare', 5e5, 0, 1e5), use('gpt-4o-mini-2024-07-18', 1e6, 0, 0)],
  },
];
const costs: WireBucket<WireCostsResult>[] = [
  {
    object: 'bucket',
    start_time: DAY1,
    end_time: DAY2,
    results: [
      cost('gpt-4o-mini-2024-07-18, input', 0.09),
      cost('gpt-4o-mini-2024-07-18, cached input', 0.03),
      cost('gpt-4o-mini-2024-07-18, output', 0.13),
      cost('batch | gpt-4o-2024-08-06, input', 2.5),
      cost('batch | gpt-4o-2024-08-06, output', 5),
      cost('web search tool calls', 0.4),
    ],
  },
  {
    object: 'bucket',
    start_time: DAY2,
    end_time: DAY2 + 86_400,
    results: [cost('gpt-image-2.5-flare image, output', 1.5), cost('gpt-4o-mini-2024-07-18, input', 0.15)],
  },
];

test('billed vs estimated per day and model, worked out by hand from the published rates', () => {
  const priced = priceUsage([usageTable('completions', usage)]);
  const rows = reconcile(priced, costTable(costs));
  const get = (date: string, model: string) => rows.find((r) => r.date === date && r.model === model);
  // gpt-4o-mini: 0.6M × $0.15 + 0.4M × $0.075 + 0.2M × $0.60 = $0.24; billed 0.09 + 0.03 + 0.13 = $0.25.
  const mini = get('2025-12-06', 'gpt-4o-mini-2024-07-18');
  assert.ok(mini !== undefined && mini.estimated_usd !== null && mini.difference_usd !== null);
  assert.ok(
    Math.abs(mini.billed_usd - 0.25) < 1e-12 &&
      Math.abs(mini.estimated_usd - 0.24) < 1e-12 &&
      Math.abs(mini.difference_usd - 0.01) < 1e-12,
  );
  // gpt-4o batch: (2M × $2.50 + 1M × $10) / 2 = $7.50, billed the same.
  const big = get('2025-12-06', 'gpt-4o-2024-08-06');
  assert.ok(
    big !== undefined &&
      big.estimated_usd !== null &&
      Math.abs(big.estimated_usd - 7.5) < 1e-12 &&
      Math.abs(big.billed_usd - 7.5) < 1e-12,
  );
  // A tool line item keeps its billed amount, with no estimate.
  assert.deepEqual(get('2025-12-06', 'web search tool calls'), {
    date: '2025-12-06',
    model: 'web search tool calls',
    billed_usd: 0.4,
    estimated_usd: null,
    difference_usd: null,
  });
  // A model the price data lacks: no estimate (not $0), and listed as unpriced.
  assert.equal(get('2025-12-07', 'gpt-image-2.5-flare')?.estimated_usd, null);
  assert.deepEqual(priced.unpriced, [
    { model: 'gpt-image-2.5-flare', requests: 10, input_tokens: 5e5, output_tokens: 1e5 },
  ]);
  // Nothing billed is lost: the billed column adds up to the costs' total.
  const total = rows.reduce((a, r) => a + r.billed_usd, 0);
  assert.ok(Math.abs(total - (0.25 + 7.5 + 0.4 + 1.5 + 0.15)) < 1e-12);
});

test('savings per day and model: cached input and batch against list prices', () => {
  const rows = savings(priceUsage([usageTable('completions', usage)]));
  const mini = rows.find((r) => r.date === '2025-12-06' && r.model === 'gpt-4o-mini-2024-07-18');
  assert.ok(
    mini !== undefined &&
      Math.abs(mini.cached_savings_usd - 0.4 * (0.15 - 0.075)) < 1e-12 &&
      mini.batch_savings_usd === 0,
  );
  const big = rows.find((r) => r.model === 'gpt-4o-2024-08-06');
  assert.ok(big !== undefined && Math.abs(big.batch_savings_usd - 7.5) < 1e-12 && big.cached_savings_usd === 0);
  assert.equal(
    rows.some((r) => r.model === 'gpt-image-2.5-flare'),
    false,
  );
});

test('several organizations with the same models: billed vs estimated per organization, each as it alone gives it', () => {
  fc.assert(
    fc.property(organizationData(4), organizationData(4), (acme, globex) => {
      const both = merged(acme, globex);
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return reconcile(priceUsage([own.usage]), own.costs);
      });
      assertKeptApart(reconcile(priceUsage([both.usage]), both.costs), expected, 'id');
    }),
    { numRuns: 60 },
  );
});

test('one organization (untagged results) gives no organization columns', () => {
  const rows = reconcile(priceUsage([usageTable('completions', usage)]), costTable(costs));
  assert.deepEqual(
    new Set(rows.flatMap((r) => Object.keys(r))),
    new Set(['date', 'model', 'billed_usd', 'estimated_usd', 'difference_usd']),
  );
});
