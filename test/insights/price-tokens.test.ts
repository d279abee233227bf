import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findProvider } from '@pydantic/genai-prices';
import { priceTokens, type CompletionTokens } from '../../lib/insights/price-tokens';
import { listRates } from '../../lib/prices/index';

const zero: CompletionTokens = {
  requests: 0,
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
const close = (a: number, b: number): void =>
  assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const std = { batch: false, serviceTier: 'default' };

test('gpt-4o-mini at the published rates: $0.15 input, $0.075 cached input, $0.60 output per 1M tokens', () => {
  // openai.com/api/pricing (gpt-4o-mini): input $0.15 / 1M, cached input $0.075 / 1M, output $0.60 / 1M.
  const rates = listRates('gpt-4o-mini-2024-07-18');
  assert.ok(rates !== null);
  const t = { ...zero, requests: 10, input: 1_000_000, cached: 400_000, uncached: 600_000, output: 200_000 };
  const p = priceTokens(rates, t, std);
  const byHand = 0.6 * 0.15 + 0.4 * 0.075 + 0.2 * 0.6; // = 0.09 + 0.03 + 0.12 = 0.24
  close(p.estimated, byHand);
  close(p.cachedSavings, 0.4 * (0.15 - 0.075));
  assert.equal(p.batchSavings, 0);
});

test('batch rows get the documented 50% discount and count it as batch savings', () => {
  const rates = listRates('gpt-4o-2024-08-06');
  assert.ok(rates !== null);
  // gpt-4o: input $2.50 / 1M, output $10 / 1M; Batch API: 50% off inputs and outputs.
  const t = { ...zero, requests: 1, input: 2_000_000, uncached: 2_000_000, output: 1_000_000 };
  const p = priceTokens(rates, t, { batch: true, serviceTier: 'batch' });
  close(p.standard, 2 * 2.5 + 10);
  close(p.estimated, (2 * 2.5 + 10) / 2);
  close(p.batchSavings, (2 * 2.5 + 10) / 2);
});

test('cache writes, long context and audio tokens use the rates the price data file gives', () => {
  const openai = findProvider({ providerId: 'openai' });
  const sol = openai?.models.find((m) => m.id === 'gpt-5.6-sol');
  assert.ok(sol !== undefined);
  // Prices changed on 2026-08-21: the data lists dated prices, the newest last.
  const current = Array.isArray(sol.prices) ? sol.prices[sol.prices.length - 1]?.prices : sol.prices;
  const raw = current as Record<string, { base: number; tiers: { start: number; price: number }[] }>;
  const rates = listRates('gpt-5.6-sol');
  assert.ok(rates !== null);
  // Short requests: uncached at the base input rate, cache writes at the base cache-write rate.
  const short = { ...zero, requests: 10, input: 1_100_000, uncached: 1_000_000, cacheWrite: 100_000, output: 0 };
  close(
    priceTokens(rates, short, std).estimated,
    1.0 * (raw['input_mtok']?.base ?? NaN) + 0.1 * (raw['cache_write_mtok']?.base ?? NaN),
  );
  // One request of 300k input tokens is above the 272k threshold: the tier prices apply.
  const long = { ...zero, requests: 1, input: 300_000, uncached: 300_000, output: 10_000 };
  const p = priceTokens(rates, long, std);
  close(
    p.estimated,
    0.3 * (raw['input_mtok']?.tiers[0]?.price ?? NaN) + 0.01 * (raw['output_mtok']?.tiers[0]?.price ?? NaN),
  );
  assert.match(p.notes.join(), /long-context/);
  // gpt-audio-mini: audio input $10 / 1M, text input $0.60 / 1M, audio output $20 / 1M (price data).
  const audio = listRates('gpt-audio-mini-2025-12-15');
  assert.ok(audio !== null);
  const a = {
    ...zero,
    requests: 1,
    input: 1_000_000,
    uncached: 1_000_000,
    inputAudio: 500_000,
    output: 100_000,
    outputAudio: 100_000,
  };
  close(priceTokens(audio, a, std).estimated, 0.5 * 0.6 + 0.5 * 10 + 0.1 * 20);
});

test('flex and priority rows say the price data has no rates for their tier', () => {
  const rates = listRates('gpt-4o-2024-08-06');
  assert.ok(rates !== null);
  const p = priceTokens(
    rates,
    { ...zero, requests: 1, input: 1e6, uncached: 1e6 },
    { batch: false, serviceTier: 'priority' },
  );
  close(p.estimated, 2.5);
  assert.match(p.notes.join(), /priority tier: no priority rates in the price data/);
});

test('a model the price data does not know has no rates (never a default)', () => {
  assert.equal(listRates('gpt-image-2.5-flare'), null);
  assert.equal(listRates('ft:gpt-4.1-mini-2025-04-14:acme:support:def456'), null);
});

test('input-only models are priced by their input rate: text-embedding-3-small at $0.02 per 1M tokens', () => {
  const rates = listRates('text-embedding-3-small');
  assert.ok(rates !== null);
  assert.equal(rates.output, null);
  close(priceTokens(rates, { ...zero, requests: 3, input: 5_000_000 }, std).estimated, 5 * 0.02);
});

test('property: listRates never throws, whatever the model string (unknown ones are unpriced: null)', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('', '..', '__proto__', 'ft:gpt-4o:x:y')),
      (model) => {
        const rates = listRates(model);
        return rates === null || (typeof rates.input === 'number' && rates.input >= 0);
      },
    ),
    { numRuns: 500 },
  );
});
