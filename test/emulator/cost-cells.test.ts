import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS, USAGE_ENDPOINT_NAMES, type UsageEndpointName } from '../../lib/catalogue/index';
import { costCells, type UsageCells } from '../../lib/emulator/cost-cells';
import { UNIT_PRICES, type TokenRates } from '../../lib/emulator/price-book';
import type { Cell, Dim } from '../../lib/emulator/stream';

/** A usage cell from names: dims and metrics placed in the endpoint's declared order, the rest null / 0. */
function cell(endpoint: UsageEndpointName, dims: Record<string, Dim>, metrics: Record<string, number>): Cell {
  const spec = ENDPOINTS[endpoint];
  for (const name of [...Object.keys(dims), ...Object.keys(metrics)])
    assert.ok(spec.groupBy.includes(name) || spec.metrics.includes(name), `${endpoint} has no ${name}`);
  return { dims: spec.groupBy.map((n) => dims[n] ?? null), metrics: spec.metrics.map((n) => metrics[n] ?? 0) };
}

function usage(cells: Partial<Record<UsageEndpointName, Cell[]>>): UsageCells {
  return Object.fromEntries(USAGE_ENDPOINT_NAMES.map((n) => [n, cells[n] ?? []])) as Record<UsageEndpointName, Cell[]>;
}

/** A cost cell as names: [project, user, line item, key, source, amount, quantity]. */
function named(c: Cell): [Dim, Dim, Dim, Dim, Dim, number, number] {
  const [project = null, user = null, item = null, key = null, source = null] = c.dims;
  return [project, user, item, key, source, c.metrics[0] ?? NaN, c.metrics[1] ?? NaN];
}

const RATES: TokenRates = { input: 2e-6, cachedInput: 1e-6, output: 8e-6 };
const rates = (): TokenRates => RATES;

const WHO = { project_id: 'proj_a', user_id: 'user-b', api_key_id: 'key_c' };

test('a completions cell: five token line items, each quantity times its rate, tokens split as billed', () => {
  const c = cell(
    'completions',
    { ...WHO, model: 'gpt-4o-2024-08-06', batch: false, service_tier: 'default', api_source: 'agents_api' },
    {
      input_text_tokens: 1000,
      input_image_tokens: 200,
      input_audio_tokens: 50,
      input_cached_tokens: 300,
      input_cache_write_tokens: 40,
      output_tokens: 500,
    },
  );
  assert.deepEqual(costCells(usage({ completions: [c] }), rates).map(named), [
    ['proj_a', 'user-b', 'gpt-4o-2024-08-06, input', 'key_c', 'agents_api', 1200 * 2e-6, 1200],
    ['proj_a', 'user-b', 'gpt-4o-2024-08-06 audio, input', 'key_c', 'agents_api', 50 * 2e-6, 50],
    ['proj_a', 'user-b', 'gpt-4o-2024-08-06, cached input', 'key_c', 'agents_api', 300 * 1e-6, 300],
    ['proj_a', 'user-b', 'gpt-4o-2024-08-06, cache writes', 'key_c', 'agents_api', 40 * 2e-6, 40],
    ['proj_a', 'user-b', 'gpt-4o-2024-08-06, output', 'key_c', 'agents_api', 500 * 8e-6, 500],
  ]);
});

test('zero quantities get no row; priority costs double, batch half; decisions bill like completions', () => {
  const dims = { ...WHO, model: 'gpt-4o-2024-08-06', api_source: 'unlabeled' };
  const onlyOutput = { output_tokens: 10 };
  const priority = cell('completions', { ...dims, batch: false, service_tier: 'priority' }, onlyOutput);
  const batch = cell('decisions', { ...dims, batch: true, service_tier: 'batch' }, onlyOutput);
  assert.deepEqual(costCells(usage({ completions: [priority], decisions: [batch] }), rates).map(named), [
    ['proj_a', 'user-b', 'priority | gpt-4o-2024-08-06, output', 'key_c', 'unlabeled', 10 * 8e-6 * 2, 10],
    ['proj_a', 'user-b', 'batch | gpt-4o-2024-08-06, output', 'key_c', 'unlabeled', 10 * 8e-6 * 0.5, 10],
  ]);
  assert.deepEqual(costCells(usage({ completions: [cell('completions', dims, {})] }), rates), []);
});

test('the rates are asked per model: a fine-tune bills under its ft- name at its own rate', () => {
  const asked: string[] = [];
  const c = cell(
    'completions',
    { ...WHO, model: 'ft:gpt-4o-mini-2024-07-18:acme::abc123', service_tier: 'flex' },
    {
      input_text_tokens: 100,
    },
  );
  const [row] = costCells(usage({ completions: [c] }), (m) => {
    asked.push(m);
    return { input: 3e-6, cachedInput: 0, output: 0 };
  }).map(named);
  assert.deepEqual(asked, ['ft:gpt-4o-mini-2024-07-18:acme::abc123']);
  assert.deepEqual(row, ['proj_a', 'user-b', 'ft-gpt-4o-mini-2024-07-18, input', 'key_c', null, 100 * 3e-6, 100]);
});

test('media and tools: each its line item, unit price and who; moderations free but billed as a row', () => {
  const cells = usage({
    embeddings: [cell('embeddings', { ...WHO, model: 'text-embedding-3-small' }, { input_tokens: 1000 })],
    moderations: [cell('moderations', { ...WHO, model: 'omni-moderation-latest' }, { input_tokens: 70 })],
    images: [
      cell('images', { ...WHO, model: 'dall-e-3', size: '1024x1792' }, { images: 3 }),
      cell('images', { ...WHO, model: 'gpt-image-1', size: '1024x1024' }, { images: 2 }),
    ],
    audio_speeches: [cell('audio_speeches', { ...WHO, model: 'tts-1-hd' }, { characters: 1000 })],
    audio_transcriptions: [cell('audio_transcriptions', { ...WHO, model: 'whisper-1' }, { seconds: 90 })],
    web_search_calls: [cell('web_search_calls', { ...WHO, api_source: 'agents_api' }, { num_requests: 4 })],
    file_search_calls: [cell('file_search_calls', { ...WHO, vector_store_id: 'vs_1' }, { num_requests: 8 })],
    code_interpreter_sessions: [cell('code_interpreter_sessions', { project_id: 'proj_a' }, { num_sessions: 2 })],
    vector_stores: [cell('vector_stores', { project_id: 'proj_a' }, { usage_bytes: 3 * 2 ** 30 })],
  });
  const rows = costCells(cells, (m) => ({
    input: m === 'text-embedding-3-small' ? 2e-8 : 1,
    cachedInput: 1,
    output: 1,
  }));
  assert.deepEqual(rows.map(named), [
    ['proj_a', 'user-b', 'text-embedding-3-small, input', 'key_c', null, 1000 * 2e-8, 1000],
    ['proj_a', 'user-b', 'omni-moderation-latest, input', 'key_c', null, 0, 70],
    ['proj_a', 'user-b', 'dall-e-3, 1024x1792, images', 'key_c', null, 3 * 0.08, 3],
    ['proj_a', 'user-b', 'gpt-image-1 image, output', 'key_c', null, 2 * 0.042, 2],
    ['proj_a', 'user-b', 'tts-1-hd, characters', 'key_c', null, 1000 * 30e-6, 1000],
    ['proj_a', 'user-b', 'whisper-1, audio', 'key_c', null, 90 * 0.0001, 90],
    ['proj_a', 'user-b', 'web search tool calls', 'key_c', 'agents_api', 4 * 0.01, 4],
    ['proj_a', 'user-b', 'assistants api | file search', 'key_c', null, 8 * 0.0025, 8],
    // Sessions and storage belong to a project only.
    ['proj_a', null, 'code interpreter sessions', null, null, 2 * 0.03, 2],
    ['proj_a', null, 'Vector storage', null, null, 3 * (0.1 / 24), 3],
  ]);
  assert.equal(UNIT_PRICES.gibibyteHour, 0.1 / 24);
});

test('no usage, no costs', () => {
  assert.deepEqual(costCells(usage({}), rates), []);
});

test('property: the total cost of completions cells is the token dot product, whatever the tier mix', () => {
  const tokens = fc.integer({ min: 0, max: 1_000_000 });
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          text: tokens,
          image: tokens,
          audio: tokens,
          cached: tokens,
          write: tokens,
          output: tokens,
          tier: fc.constantFrom('default', 'flex', 'priority', 'scale', 'batch'),
          user: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: null }),
        }),
        { maxLength: 8 },
      ),
      (draws) => {
        const cells = draws.map((d) =>
          cell(
            'completions',
            {
              project_id: 'p',
              user_id: d.user,
              model: 'gpt-4o-2024-08-06',
              batch: d.tier === 'batch',
              service_tier: d.tier,
            },
            {
              input_text_tokens: d.text,
              input_image_tokens: d.image,
              input_audio_tokens: d.audio,
              input_cached_tokens: d.cached,
              input_cache_write_tokens: d.write,
              output_tokens: d.output,
            },
          ),
        );
        const rows = costCells(usage({ completions: cells }), rates);
        const total = rows.reduce((s, r) => s + (r.metrics[0] ?? 0), 0);
        const expected = draws.reduce((s, d) => {
          const factor = d.tier === 'batch' ? 0.5 : d.tier === 'priority' ? 2 : 1;
          const plain = (d.text + d.image + d.audio + d.write) * RATES.input;
          return s + factor * (plain + d.cached * RATES.cachedInput + d.output * RATES.output);
        }, 0);
        assert.ok(Math.abs(total - expected) <= 1e-9 * Math.max(1, expected), `${total} vs ${expected}`);
        // Quantities are the tokens: nothing lost, nothing doubled.
        const quantity = rows.reduce((s, r) => s + (r.metrics[1] ?? 0), 0);
        assert.equal(
          quantity,
          draws.reduce((s, d) => s + d.text + d.image + d.audio + d.cached + d.write + d.output, 0),
        );
        for (const r of rows) assert.equal(r.dims.length, ENDPOINTS.costs.groupBy.length);
      },
    ),
  );
});
