import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket, WireCompletionsResult, WireEmbeddingsResult } from '../../lib/catalogue/index';
import { usageTable } from '../../lib/frames/index';
import type { ListRates } from '../../lib/prices/index';
import { priceUsage } from '../../lib/insights/price-usage';
import { mergeBuckets, tagResults } from '../../lib/catalogue/index';
import { alone, assertKeptApart, merged, organizationData, ORGS } from './two-organizations';

const DAY = 1_764_979_200; // 2025-12-06 00:00 UTC

/** Round rates (USD per token) so that prices can be worked out by hand. */
const RATES: ListRates = {
  priceId: 'model-a',
  input: 1,
  output: 10,
  cachedInput: 0.5,
  cacheWrite: null,
  inputAudio: null,
  cachedAudio: null,
  outputAudio: null,
  inputImage: null,
  cachedImage: null,
  outputImage: null,
  longContext: null,
};

const row = (o: Partial<WireCompletionsResult>): WireCompletionsResult => ({
  object: 'organization.usage.completions.result',
  input_tokens: 0,
  output_tokens: 0,
  num_model_requests: 1,
  ...o,
});
const day = <R>(start: number, results: R[]): WireBucket<R> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + 86_400,
  results,
});

describe('priceUsage', () => {
  test('each row keeps its dimensions and gets its list price, worked out by hand', () => {
    const table = usageTable('completions', [
      day(DAY, [
        row({
          model: 'model-a',
          input_tokens: 100,
          input_cached_tokens: 40,
          output_tokens: 3,
          num_model_requests: 2,
          project_id: 'proj_a',
          api_key_id: 'key_a',
          user_id: 'user_a',
          batch: false,
          service_tier: 'default',
        }),
      ]),
      day(DAY + 86_400, [row({ model: 'model-a', input_tokens: 10, output_tokens: 1, batch: true })]),
    ]);
    const { rows, unpriced } = priceUsage([table], (m) => (m === 'model-a' ? RATES : null));
    assert.deepEqual(unpriced, []);
    assert.deepEqual(
      rows.map((r) => [
        r.date,
        r.start,
        r.model,
        r.billingModel,
        r.projectId,
        r.apiKeyId,
        r.userId,
        r.batch,
        r.serviceTier,
      ]),
      [
        ['2025-12-06', DAY, 'model-a', 'model-a', 'proj_a', 'key_a', 'user_a', false, 'default'],
        ['2025-12-07', DAY + 86_400, 'model-a', 'model-a', null, null, null, true, null],
      ],
    );
    // 60 uncached × $1 + 40 cached × $0.50 + 3 output × $10 = $110; without the cache rate 100 × $1 + $30 = $130.
    assert.equal(rows[0]?.price?.estimated, 110);
    assert.equal(rows[0]?.price?.noCache, 130);
    assert.deepEqual(rows[0]?.tokens, {
      requests: 2,
      input: 100,
      output: 3,
      cached: 40,
      cacheWrite: 0,
      uncached: 0,
      inputAudio: 0,
      cachedAudio: 0,
      outputAudio: 0,
      inputImage: 0,
      cachedImage: 0,
      outputImage: 0,
    });
    // Batch: (10 × $1 + 1 × $10) at half price.
    assert.equal(rows[1]?.price?.estimated, 10);
    assert.equal(rows[1]?.price?.batchSavings, 10);
  });

  test('models without rates are listed apart, never priced at $0; rates are looked up once per model', () => {
    const asked: string[] = [];
    const rates = (m: string): ListRates | null => {
      asked.push(m);
      return m === 'model-a' ? RATES : null;
    };
    const table = usageTable('completions', [
      day(DAY, [
        row({ model: 'mystery', input_tokens: 5, output_tokens: 1, num_model_requests: 1 }),
        row({ model: 'model-a', input_tokens: 1 }),
        row({ model: 'zeta', input_tokens: 7, num_model_requests: 3 }),
        row({ model: 'mystery', input_tokens: 6, output_tokens: 2, num_model_requests: 2 }),
      ]),
    ]);
    const { rows, unpriced } = priceUsage([table], rates);
    assert.deepEqual(asked, ['mystery', 'model-a', 'zeta']);
    assert.deepEqual(
      rows.map((r) => r.price === null),
      [true, false, true, true],
    );
    // Most requests first; ties by name.
    assert.deepEqual(unpriced, [
      { model: 'mystery', requests: 3, input_tokens: 11, output_tokens: 3 },
      { model: 'zeta', requests: 3, input_tokens: 7, output_tokens: 0 },
    ]);
  });

  test('a model without an output rate prices input-only rows, and lists rows with output as unpriced', () => {
    const inputOnly: ListRates = { ...RATES, output: null };
    const completions = usageTable('completions', [
      day(DAY, [
        row({ model: 'embedder', input_tokens: 4 }),
        row({ model: 'embedder', input_tokens: 4, output_tokens: 1 }),
      ]),
    ]);
    const { rows, unpriced } = priceUsage([completions], () => inputOnly);
    assert.equal(rows[0]?.price?.estimated, 4);
    assert.equal(rows[1]?.price, null);
    assert.deepEqual(unpriced, [{ model: 'embedder', requests: 1, input_tokens: 4, output_tokens: 1 }]);
  });

  test('embeddings tables (no output metric) price their input; several tables are priced in order', () => {
    const embeddings = usageTable('embeddings', [
      day<WireEmbeddingsResult>(DAY, [
        {
          object: 'organization.usage.embeddings.result',
          input_tokens: 1_000_000,
          num_model_requests: 4,
          model: 'text-embedding-3-small',
        },
      ]),
    ]);
    const completions = usageTable('completions', [day(DAY, [row({ model: 'gpt-4o', input_tokens: 1_000_000 })])]);
    // The default rates are the price data's: $0.02 and $2.50 per 1M input tokens.
    const { rows, unpriced } = priceUsage([embeddings, completions]);
    assert.deepEqual(unpriced, []);
    assert.deepEqual(
      rows.map((r) => [r.model, r.tokens.output, r.batch]),
      [
        ['text-embedding-3-small', 0, false],
        ['gpt-4o', 0, false],
      ],
    );
    assert.ok(Math.abs((rows[0]?.price?.estimated ?? NaN) - 0.02) < 1e-12);
    assert.ok(Math.abs((rows[1]?.price?.estimated ?? NaN) - 2.5) < 1e-12);
  });

  test('fine-tunes get the billing model line items use; no table, no rows', () => {
    const table = usageTable('completions', [day(DAY, [row({ model: 'ft:gpt-4o-mini:acme:bot:abc123' })])]);
    assert.equal(priceUsage([table], () => RATES).rows[0]?.billingModel, 'ft-gpt-4o-mini');
    assert.deepEqual(priceUsage([]), { rows: [], unpriced: [] });
  });

  test('rows without a model cannot be priced: refused, naming the grouping to use', () => {
    const ungrouped = usageTable('completions', [day(DAY, [row({ input_tokens: 1 })])]);
    assert.throws(() => priceUsage([ungrouped], () => RATES), {
      name: 'RangeError',
      message: 'invalid usage table: completions rows without a model (group_by must include "model")',
    });
  });

  test('property: every row is returned once; unpriced totals are the sums over the rows left unpriced', () => {
    const arbRow = fc.record({
      model: fc.constantFrom('model-a', 'model-b', 'model-c'),
      input_tokens: fc.nat(1000),
      output_tokens: fc.nat(100),
      num_model_requests: fc.nat(10),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(arbRow, { maxLength: 6 }), { maxLength: 4 }),
        fc.subarray(['model-a', 'model-b', 'model-c']),
        (days, known) => {
          const table = usageTable(
            'completions',
            days.map((results, i) =>
              day(
                DAY + i * 86_400,
                results.map((r) => row(r)),
              ),
            ),
          );
          const { rows, unpriced } = priceUsage([table], (m) => (known.includes(m) ? RATES : null));
          const all = days.flat();
          assert.equal(rows.length, all.length);
          assert.deepEqual(
            rows.map((r) => [r.model, r.tokens.input]),
            all.map((r) => [r.model, r.input_tokens]),
          );
          for (const u of unpriced) {
            const mine = all.filter((r) => r.model === u.model);
            assert.ok(!known.includes(u.model));
            assert.equal(
              u.requests,
              mine.reduce((s, r) => s + r.num_model_requests, 0),
            );
            assert.equal(
              u.input_tokens,
              mine.reduce((s, r) => s + r.input_tokens, 0),
            );
          }
          assert.deepEqual(
            unpriced.map((u) => u.model).sort(),
            [...new Set(all.map((r) => r.model))].filter((m) => !known.includes(m)).sort(),
          );
          for (const r of rows) assert.equal(r.price === null, !known.includes(r.model));
        },
      ),
    );
  });
});

describe('priceUsage of several organizations', () => {
  test('each row keeps its organization; unpriced models per organization, each as it alone gives them', () => {
    fc.assert(
      fc.property(organizationData(3), organizationData(3), (acme, globex) => {
        const got = priceUsage([merged(acme, globex).usage]);
        const expected = [acme, globex].map((data) => priceUsage([alone(data).usage]));
        assertKeptApart(
          got.rows,
          expected.map((e) => e.rows),
        );
        assertKeptApart(
          got.unpriced,
          expected.map((e) => e.unpriced),
        );
      }),
      { numRuns: 60 },
    );
  });

  test('an unknown model of both organizations is two unpriced rows, not one sum', () => {
    const [acme, globex] = ORGS;
    const results = (requests: number) => [
      day(DAY, [row({ model: 'mystery', num_model_requests: requests, input_tokens: 5 })]),
    ];
    const table = usageTable(
      'completions',
      mergeBuckets([tagResults(results(3), acme), tagResults(results(4), globex)]),
    );
    assert.deepEqual(priceUsage([table], () => null).unpriced, [
      {
        organization_id: 'org-globex',
        organization: 'globex',
        model: 'mystery',
        requests: 4,
        input_tokens: 5,
        output_tokens: 0,
      },
      {
        organization_id: 'org-acme',
        organization: 'acme',
        model: 'mystery',
        requests: 3,
        input_tokens: 5,
        output_tokens: 0,
      },
    ]);
  });
});
