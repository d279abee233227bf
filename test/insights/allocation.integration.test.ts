import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS, type EndpointName, type WireBucket, type WireCostsResult } from '../../lib/catalogue/index';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { costTable, usageTable } from '../../lib/frames/index';
import { allocateCosts, API_KEY_COST_CUTOFF } from '../../lib/insights/allocation';
import { parseLineItem } from '../../lib/insights/line-item';
import { getAllBuckets, type Bucket } from '../emulator/helpers';
import { referenceAllocation } from './allocation-reference';

const NOW = API_KEY_COST_CUTOFF + 5 * 86_400; // 2025-12-11: 10 days before the cut-off, 5 after
const START = API_KEY_COST_CUTOFF - 10 * 86_400;
let emulator: RunningEmulator | undefined;
let truth: RunningEmulator | undefined;
let client: UsageClient | undefined;
before(async () => {
  emulator = await startEmulator({ port: 0, now: () => NOW, seed: 7 });
  // The same organization, answering group_by=api_key_id for any range (groupingSince: 0, where the emulator has the
  // live cut-off): the truth per key. Passed as a variable so an emulator without the option ignores it.
  const truthOptions = { port: 0, now: () => NOW, seed: 7, groupingSince: 0 };
  truth = await startEmulator(truthOptions);
  client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
});
after(async () => {
  client?.close();
  await emulator?.close();
  await truth?.close();
});

const day = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
const amount = (r: WireCostsResult): number => Number(r.amount?.value ?? 0);

/** Every bucket of a daily costs query over plain HTTP (the client refuses key grouping before the cut-off). */
function rawCosts(
  server: RunningEmulator,
  start: number,
  end: number,
  groupBy: string[],
): Promise<Array<Bucket<WireCostsResult>>> {
  const groups = groupBy.map((g) => `&group_by[]=${g}`).join('');
  return getAllBuckets<WireCostsResult>(
    server.baseURL,
    `/organization/costs?start_time=${start}&end_time=${end}&bucket_width=1d&limit=180${groups}`,
    server.adminKey,
  );
}

test("allocation conserves each day's bill and matches the emulator's per-key costs before the cut-off", async () => {
  if (client === undefined || emulator === undefined || truth === undefined) throw new Error('no emulator');
  const c = client;
  const costs = (start: number, end: number, groupBy: string[]) =>
    c.fetchAll('costs', { start_time: start, end_time: end, bucket_width: '1d', limit: 180, group_by: groupBy });
  const before = await costs(START, API_KEY_COST_CUTOFF, ['project_id', 'line_item']);
  const after = await costs(API_KEY_COST_CUTOFF, NOW, ['project_id', 'line_item', 'api_key_id']);
  const people = ['project_id', 'api_key_id', 'user_id', 'model'];
  const usage = [];
  // decisions (where the catalogue has it) are billed under the same token line items as completions.
  const endpoints: [string, string[]][] = [
    ['completions', ['batch', 'service_tier']],
    ['decisions', ['batch', 'service_tier']],
    ['embeddings', []],
    ['images', ['size']],
    ['audio_speeches', []],
    ['audio_transcriptions', []],
  ];
  for (const [name, extra] of endpoints.filter(([e]) => e in ENDPOINTS)) {
    const endpoint = name as EndpointName;
    const buckets = await c.fetchAll(endpoint, {
      start_time: START,
      end_time: NOW,
      bucket_width: '1d',
      limit: 31,
      group_by: [...people, ...extra],
    });
    usage.push(usageTable(endpoint, buckets as WireBucket<never>[]));
  }
  const rows = allocateCosts(costTable([...before, ...after]), usage);
  // 1. Conservation: every day adds up to the raw bill of that day (the ungrouped costs JSON).
  const bill = await rawCosts(emulator, START, NOW, []);
  for (const b of bill) {
    const total = b.results.reduce((a, r) => a + amount(r), 0);
    const allocated = rows.filter((r) => r.date === day(b.start_time)).reduce((a, r) => a + r.cost_usd, 0);
    assert.ok(
      Math.abs(total - allocated) <= 1e-9 * Math.max(1, total),
      `${day(b.start_time)}: ${allocated} vs ${total}`,
    );
  }
  // 2. Before the cut-off the estimate per key equals what the emulator bills per key (it prices each key's own
  // tokens), for the line items that name a model. Evals and long-context line items split one model's usage in a
  // way usage rows do not show (no evals dimension, no per-request sizes): such models are left out on both sides.
  const blurred = new Set<string>();
  for (const b of before)
    for (const r of b.results) {
      const item = parseLineItem(r.line_item ?? '');
      if (item.model !== null && (item.evals || item.longContext)) blurred.add(item.model);
    }
  const counted = (lineItem: string | null | undefined): boolean => {
    const item = parseLineItem(lineItem ?? '');
    return item.model !== null && !blurred.has(item.model);
  };
  const expected = new Map<string, number>();
  for (const b of await rawCosts(truth, START, API_KEY_COST_CUTOFF, ['api_key_id', 'line_item'])) {
    for (const r of b.results) {
      if (!counted(r.line_item)) continue;
      const k = `${day(b.start_time)} ${r.api_key_id ?? ''}`;
      expected.set(k, (expected.get(k) ?? 0) + amount(r));
    }
  }
  const kept = before.map((b) => ({ ...b, results: b.results.filter((r) => counted(r.line_item)) }));
  const estimated = new Map<string, number>();
  for (const r of allocateCosts(costTable(kept), usage).filter((x) => x.method === 'token_share')) {
    const k = `${r.date} ${r.api_key_id ?? ''}`;
    estimated.set(k, (estimated.get(k) ?? 0) + r.cost_usd);
  }
  assert.ok(expected.size > 20);
  assert.deepEqual([...estimated.keys()].sort(), [...expected.keys()].sort());
  for (const [k, v] of expected)
    assert.ok(Math.abs((estimated.get(k) ?? NaN) - v) <= 1e-9 * Math.max(1, v), `${k}: ${estimated.get(k)} vs ${v}`);
  // 3. Methods by date: estimated before the cut-off, from the Costs API after; tools and storage unattributable.
  assert.ok(rows.filter((r) => r.method === 'token_share').every((r) => r.date < '2025-12-06'));
  assert.ok(rows.filter((r) => r.method === 'costs_api').every((r) => r.date >= '2025-12-06'));
  assert.ok(rows.some((r) => r.method === 'unattributable' && r.api_key_id === null));
});

test('priority and cache-write line items are shared by the usage they bill, worked out by hand', () => {
  const D = API_KEY_COST_CUTOFF - 86_400;
  const use = (key: string, tier: string, uncached: number, write: number) => ({
    object: 'organization.usage.completions.result' as const,
    input_tokens: uncached + write,
    output_tokens: 0,
    num_model_requests: 1,
    input_uncached_tokens: uncached,
    input_cache_write_tokens: write,
    input_cached_tokens: 0,
    model: 'gpt-5.6-sol',
    project_id: 'p',
    api_key_id: key,
    user_id: null,
    batch: false,
    service_tier: tier,
  });
  const usage = usageTable('completions', [
    {
      object: 'bucket',
      start_time: D,
      end_time: D + 86_400,
      results: [
        use('key_a', 'default', 300, 100),
        use('key_b', 'default', 100, 300),
        use('key_b', 'priority', 1000, 0),
      ],
    },
  ]);
  const cost = (line_item: string, value: number): WireCostsResult => ({
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item,
    project_id: 'p',
  });
  const costs = costTable([
    {
      object: 'bucket',
      start_time: D,
      end_time: D + 86_400,
      results: [
        cost('gpt-5.6-sol, input', 8),
        cost('gpt-5.6-sol, cache writes', 4),
        cost('priority | gpt-5.6-sol, input', 5),
      ],
    },
  ]);
  const byKey = new Map<string, number>();
  for (const r of allocateCosts(costs, [usage]))
    byKey.set(r.api_key_id ?? '', (byKey.get(r.api_key_id ?? '') ?? 0) + r.cost_usd);
  // input $8 by uncached tokens of default-tier usage (300 : 100) → a 6, b 2; cache writes $4 by writes (100 : 300)
  // → a 1, b 3; priority input $5 all to key_b's priority usage.
  assert.deepEqual(Object.fromEntries(byKey), { key_a: 7, key_b: 10 });
});

test('the same rows, to the last digit and in the same order, as the allocation first written (random costs and usage)', () => {
  const D0 = API_KEY_COST_CUTOFF - 2 * 86_400;
  const LINE_ITEMS = [
    'gpt-4o-2024-08-06, input',
    'gpt-4o-2024-08-06, output',
    'gpt-4o-2024-08-06, cached input',
    'gpt-4o-2024-08-06, cache writes',
    'batch | gpt-4o-2024-08-06, input',
    'priority | gpt-5.6-sol, output, long context',
    'gpt-5.6-sol, output',
    'ft-gpt-4o-2024-08-06, input',
    'gpt-audio-mini-2025-12-15 audio, input',
    'dall-e-3, 1024x1792, images',
    'gpt-image-2.5-flare image, output',
    'web search tool calls',
    null,
  ];
  const MODELS = [
    'gpt-4o-2024-08-06',
    'gpt-5.6-sol',
    'ft:gpt-4o-2024-08-06:acme::abc123',
    'gpt-audio-mini-2025-12-15',
    null,
  ];
  const id = (prefix: string) => fc.constantFrom(`${prefix}1`, `${prefix}2`, '', null);
  const amountArb = fc.oneof(fc.constant(0), fc.double({ min: -5, max: 500, noNaN: true }));
  const tokens = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 }));
  const dayArb = fc.integer({ min: 0, max: 4 }).map((d) => D0 + d * 86_400);
  const costArb = fc.record({
    day: dayArb,
    result: fc.record({
      object: fc.constant('organization.costs.result' as const),
      amount: amountArb.map((value) => ({ value, currency: 'usd' })),
      line_item: fc.constantFrom(...LINE_ITEMS),
      project_id: id('p'),
      api_key_id: id('k'),
    }),
  });
  const usageArb = fc.record({
    day: dayArb,
    result: fc.record({
      object: fc.constant('organization.usage.completions.result' as const),
      input_tokens: tokens,
      output_tokens: tokens,
      num_model_requests: tokens,
      input_uncached_tokens: tokens,
      input_cached_tokens: tokens,
      input_cache_write_tokens: tokens,
      input_audio_tokens: tokens,
      model: fc.constantFrom(...MODELS),
      project_id: id('p'),
      api_key_id: id('k'),
      user_id: id('u'),
      batch: fc.constantFrom(true, false, null),
      service_tier: fc.constantFrom('default', 'priority', 'flex', 'batch', null),
    }),
  });
  const imagesArb = fc.record({
    day: dayArb,
    result: fc.record({
      object: fc.constant('organization.usage.images.result' as const),
      images: tokens,
      num_model_requests: tokens,
      model: fc.constantFrom('dall-e-3', 'gpt-image-2.5-flare', null),
      size: fc.constantFrom('1024x1792', '1024x1024', null),
      project_id: id('p'),
      api_key_id: id('k'),
      user_id: id('u'),
    }),
  });
  const buckets = <R>(rows: readonly { day: number; result: R }[]): WireBucket<R>[] =>
    [...new Set(rows.map((r) => r.day))]
      .sort((a, b) => a - b)
      .map((start) => ({
        object: 'bucket' as const,
        start_time: start,
        end_time: start + 86_400,
        results: rows.filter((r) => r.day === start).map((r) => r.result),
      }));
  fc.assert(
    fc.property(
      fc.array(costArb, { maxLength: 40 }),
      fc.array(usageArb, { maxLength: 40 }),
      fc.array(imagesArb, { maxLength: 10 }),
      fc.constantFrom(API_KEY_COST_CUTOFF, D0 + 86_400, 0),
      (costRows, usageRows, imageRows, keysFrom) => {
        const costs = costTable(buckets(costRows));
        const usage = [usageTable('completions', buckets(usageRows)), usageTable('images', buckets(imageRows))];
        assert.equal(
          JSON.stringify(allocateCosts(costs, usage, { keysFrom })),
          JSON.stringify(referenceAllocation(costs, usage, { keysFrom })),
        );
      },
    ),
    { numRuns: 400 },
  );
});
