import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionTokens, TokenPrice } from '../../lib/insights/price-tokens';
import type { PricedUsageRow } from '../../lib/insights/price-usage';
import { totalSavings } from '../../lib/insights/per-model';
import { savings } from '../../lib/insights/savings';
import fc from 'fast-check';
import { priceUsage } from '../../lib/insights/price-usage';
import { alone, assertKeptApart, merged, organizationData } from './two-organizations';

const TOKENS: CompletionTokens = {
  requests: 1,
  input: 0,
  output: 0,
  cached: 0,
  cacheWrite: 0,
  uncached: 0,
  inputAudio: 0,
  cachedAudio: 0,
  inputImage: 0,
  cachedImage: 0,
  outputAudio: 0,
  outputImage: 0,
};

function row(date: string, model: string, cached: number, batch: number, priced = true): PricedUsageRow {
  const price: TokenPrice = {
    estimated: 1,
    noCache: 1 + cached,
    standard: 1 + batch,
    cachedSavings: cached,
    batchSavings: batch,
    notes: [],
  };
  return {
    date,
    start: Date.parse(`${date}T00:00:00Z`) / 1000,
    model: `${model}-2025-01-01`,
    billingModel: model,
    projectId: null,
    apiKeyId: null,
    userId: null,
    batch: batch > 0,
    serviceTier: null,
    tokens: TOKENS,
    price: priced ? price : null,
  };
}

test('savings: summed per UTC day and billing model, sorted by day then model; unpriced rows count for nothing', () => {
  const rows = [
    row('2026-11-02', 'gpt-4o', 0.5, 0),
    row('2026-11-01', 'gpt-4o-mini', 0.25, 0.125),
    row('2026-11-01', 'gpt-4o', 1, 2),
    row('2026-11-01', 'gpt-4o', 0.5, 0.25),
    row('2026-11-01', 'o1', 100, 100, false),
  ];
  const saved = savings({ rows, unpriced: [] });
  assert.deepEqual(saved, [
    { date: '2026-11-01', model: 'gpt-4o', cached_savings_usd: 1.5, batch_savings_usd: 2.25 },
    { date: '2026-11-01', model: 'gpt-4o-mini', cached_savings_usd: 0.25, batch_savings_usd: 0.125 },
    { date: '2026-11-02', model: 'gpt-4o', cached_savings_usd: 0.5, batch_savings_usd: 0 },
  ]);
  // 1 + 2 + 0.5 + 0.25 (gpt-4o, day 1) + 0.25 + 0.125 (mini) + 0.5 (gpt-4o, day 2): the unpriced o1 row adds nothing.
  assert.equal(totalSavings(saved), 4.625);
  assert.deepEqual(savings({ rows: [], unpriced: [] }), []);
});

test('several organizations with the same models: savings per organization, each as it alone gives it', () => {
  fc.assert(
    fc.property(organizationData(4), organizationData(4), (acme, globex) => {
      const expected = [acme, globex].map((data) => savings(priceUsage([alone(data).usage])));
      assertKeptApart(savings(priceUsage([merged(acme, globex).usage])), expected, 'id');
    }),
    { numRuns: 60 },
  );
});
