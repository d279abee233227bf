import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { calcPrice } from '@pydantic/genai-prices';
import { UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, amountValue, getAllBuckets, num, schemaValidator, testKey, type Bucket } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const RANGE = `start_time=${1739059200 - 6 * DAY}&end_time=1739059200`;

before(async () => {
  // The api_key_id cut-off (2025-12-06) lies after this range; it is tested in params.test.ts.
  emu = await startEmulator({ adminKeys: [key], now: () => NOW, groupingSince: 0 });
});
after(() => emu.close());

function byKey(
  buckets: readonly Bucket[],
  dim: string,
  metric: (r: Record<string, unknown>) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of buckets)
    for (const r of b.results) out.set(String(r[dim]), (out.get(String(r[dim])) ?? 0) + metric(r));
  return out;
}

/** Reads a token line item back into (usage model name, kind, tier factor), independently of the emulator's code. */
function readTokenItem(item: string): { model: string; kind: string; factor: number } | null {
  const m =
    /^(?:(priority|batch|evals) \| )?(.+?)( audio)?, (input|cached input|cache writes|output)(, long context)?$/.exec(
      item,
    );
  if (m === null) return null;
  const [, prefix, name = '', audio, kind = ''] = m;
  return {
    model: name,
    kind: audio === undefined ? kind : 'audio input',
    factor: prefix === 'priority' ? 2 : prefix === 'batch' ? 0.5 : 1,
  };
}

/** The billing name of a usage model: fine-tunes bill as ft-<base> (the seed's own "ft-gpt-4o-2024-08-06, input"). */
const billed = (model: string): string => (model.startsWith('ft:') ? `ft-${model.split(':')[1] ?? ''}` : model);

test('token line items add up to completions + decisions tokens per model and kind, priced by genai-prices and tier', async () => {
  const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=line_item`, key);
  const usage = [
    ...(await getAllBuckets(emu.baseURL, `/organization/usage/completions?${RANGE}&group_by=model`, key)),
    ...(await getAllBuckets(emu.baseURL, `/organization/usage/decisions?${RANGE}&group_by=model`, key)),
  ];
  const expected = new Map<string, number>();
  const add = (k: string, v: number): void => void expected.set(k, (expected.get(k) ?? 0) + v);
  for (const b of usage) {
    for (const r of b.results) {
      const model = billed(String(r['model']));
      add(`${model}|input`, num(r, 'input_text_tokens') + num(r, 'input_image_tokens'));
      add(`${model}|audio input`, num(r, 'input_audio_tokens'));
      add(`${model}|cached input`, num(r, 'input_cached_tokens'));
      add(`${model}|cache writes`, num(r, 'input_cache_write_tokens'));
      add(`${model}|output`, num(r, 'output_tokens'));
    }
  }
  const models = new Set([...expected.keys()].map((k) => k.split('|')[0] ?? ''));
  const got = new Map<string, number>();
  const items = new Set<string>();
  let priced = 0;
  for (const b of costs) {
    for (const r of b.results) {
      const item = String(r['line_item']);
      items.add(item);
      const t = readTokenItem(item);
      // Embeddings bill "<model>, input" too; only the completions and decisions models are summed here.
      if (t === null || !models.has(t.model)) continue;
      const k = `${t.model}|${t.kind}`;
      got.set(k, (got.get(k) ?? 0) + num(r, 'quantity'));
      assert.equal(r['quantity_unit'], 'tokens', item);
      const model = t.model.startsWith('ft-') ? '' : t.model;
      const rate =
        model === ''
          ? null
          : calcPrice({ input_tokens: 1_000_000, output_tokens: 1_000_000 }, model, { providerId: 'openai' });
      if (rate !== null && rate.input_price > 0 && (t.kind === 'input' || t.kind === 'output')) {
        const perToken = (t.kind === 'input' ? rate.input_price : rate.output_price) / 1e6;
        const want = num(r, 'quantity') * perToken * t.factor;
        assert.ok(Math.abs(amountValue(r) - want) < 1e-9 * want + 1e-12, item);
        priced++;
      }
    }
  }
  for (const [k, v] of expected) assert.equal(got.get(k) ?? 0, v, k);
  assert.equal(got.size, [...expected.values()].filter((v) => v > 0).length);
  assert.ok(priced > 20);
  // The seed's forms and today's, all present in a week of the synthetic org.
  const has = (re: RegExp): boolean => [...items].some((i) => re.test(i));
  assert.ok(has(/^ft-gpt-4o-mini-2024-07-18, input$/));
  assert.ok(has(/^evals \| gpt-4o-mini-2024-07-18, input$/));
  assert.ok(has(/^priority \| .+, output$/));
  assert.ok(has(/^batch \| .+, input$/));
  assert.ok(has(/, cached input$/) && has(/, cache writes$/) && has(/, long context$/));
  assert.ok(has(/^gpt-4o-audio-preview-2024-12-17 audio, input$/));
  assert.ok(has(/^gpt-image-1 image, output$/) && has(/^dall-e-3, 1024x1024, images$/));
  assert.ok(has(/^whisper-1, audio$/) && has(/, characters$/));
  for (const item of [
    'web search tool calls',
    'assistants api | file search',
    'code interpreter sessions',
    'Vector storage',
  ])
    assert.ok(items.has(item), item);
  const units = new Map(
    costs.flatMap((b) => b.results.map((r) => [String(r['line_item']), r['quantity_unit']] as const)),
  );
  assert.equal(units.get('Vector storage'), 'gibibyte_hours');
  assert.equal(units.get('whisper-1, audio'), 'duration_seconds');
  assert.equal(units.get('web search tool calls'), null);
});

test('the line_items filter matches whole strings only', async () => {
  const item = 'web search tool calls';
  const all = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=line_item`, key);
  const want = all
    .flatMap((b) => b.results)
    .filter((r) => r['line_item'] === item)
    .reduce((a, r) => a + amountValue(r), 0);
  const one = await getAllBuckets(
    emu.baseURL,
    `/organization/costs?${RANGE}&group_by=line_item&line_items[]=${encodeURIComponent(item)}`,
    key,
  );
  const rows = one.flatMap((b) => b.results);
  assert.ok(rows.length > 0 && rows.every((r) => r['line_item'] === item));
  assert.ok(Math.abs(rows.reduce((a, r) => a + amountValue(r), 0) - want) < 1e-9 * want);
  const partial = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&line_items=web%20search`, key);
  assert.equal(partial.flatMap((b) => b.results).length, 0);
});

test('a line_items filter on every line-item form (commas, " | " prefixes) matches that item, sent as the client sends it', async () => {
  const all = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=line_item`, key);
  const want = byKey(all, 'line_item', amountValue);
  const items = [...want.keys()];
  // Every form the emulator bills: plain, ", cached input", "batch | ", "priority | ", "evals | ", "ft-…", modality.
  for (const form of [
    /^batch \| ft-/,
    /^priority \| /,
    /^evals \| /,
    /, cached input$/,
    / audio, input$/,
    /, long context$/,
  ])
    assert.ok(
      items.some((i) => form.test(i)),
      `no line item like ${form}`,
    );
  const client = new UsageClient({ apiKey: key, baseURL: emu.baseURL, retry: { maxRetries: 0 } });
  try {
    for (const item of items) {
      // The client's own encoding (brackets, percent-encoded) and the repeated-key form a cookbook sends.
      const viaClient = await client.fetchAll('costs', {
        start_time: 1739059200 - 6 * DAY,
        end_time: 1739059200,
        group_by: ['line_item'],
        line_items: [item],
      });
      const repeated = await getAllBuckets(
        emu.baseURL,
        `/organization/costs?${RANGE}&group_by=line_item&line_items=${encodeURIComponent(item)}`,
        key,
      );
      const fromClient: Record<string, unknown>[] = viaClient.flatMap((b) =>
        b.results.map((r) => ({ line_item: r.line_item, amount: { value: r.amount?.value } })),
      );
      for (const got of [fromClient, repeated.flatMap((b) => b.results)]) {
        assert.ok(got.length > 0 && got.every((r) => r['line_item'] === item), item);
        const sum = got.reduce((a, r) => a + amountValue(r), 0);
        assert.ok(Math.abs(sum - (want.get(item) ?? NaN)) <= 1e-9 * Math.max(1, sum), `${item}: ${sum}`);
      }
    }
    // Two items in one filter, each with commas: both, nothing else.
    const [a = '', b = ''] = items.filter((i) => i.includes(','));
    const two = await getAllBuckets(
      emu.baseURL,
      `/organization/costs?${RANGE}&group_by=line_item&line_items[]=${encodeURIComponent(a)}&line_items[]=${encodeURIComponent(b)}`,
      key,
    );
    assert.deepEqual(new Set(two.flatMap((x) => x.results.map((r) => r['line_item']))), new Set([a, b]));
  } finally {
    client.close();
  }
});

test('costs by api_source and user_id carry the dimensions of the usage they bill', async () => {
  const bySource = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=api_source`, key);
  const sources = new Set(bySource.flatMap((b) => b.results.map((r) => r['api_source'])));
  assert.deepEqual([...sources].sort(), ['agents_api', 'unlabeled', null].sort());
  const byUser = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=user_id`, key);
  assert.ok(new Set(byUser.flatMap((b) => b.results.map((r) => r['user_id']))).size > 5);
});

test('grouping by project_id, api_key_id or line_item splits the same total; quantity is null unless grouped by line item', async () => {
  const sum = (bs: readonly Bucket[]): number => bs.flatMap((b) => b.results).reduce((a, r) => a + amountValue(r), 0);
  const plain = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}`, key);
  const totalAmount = sum(plain);
  assert.ok(totalAmount > 0);
  assert.ok(
    plain
      .flatMap((b) => b.results)
      .every((r) => r['quantity'] === null && r['quantity_unit'] === null && r['line_item'] === null),
  );
  for (const g of ['project_id', 'api_key_id', 'line_item', 'project_id,line_item']) {
    const grouped = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=${g}`, key);
    assert.ok(Math.abs(sum(grouped) - totalAmount) < 1e-6 * totalAmount, g);
    const first = g.split(',')[0] ?? '';
    assert.ok(new Set(grouped.flatMap((b) => b.results.map((r) => r[first]))).size > 3, g);
  }
  const byProject = byKey(
    await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=project_id`, key),
    'project_id',
    amountValue,
  );
  const shares = [...byProject.values()].sort((a, b) => b - a).map((v) => v / totalAmount);
  assert.ok((shares[0] ?? 0) > 0.5, `dominant project share ${shares[0]}`);
  const [top] = [...byProject.entries()].sort((a, b) => b[1] - a[1]);
  const filtered = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&project_ids=${top?.[0] ?? ''}`, key);
  assert.ok(Math.abs(sum(filtered) - (top?.[1] ?? 0)) < 1e-6 * totalAmount);
});

test('amountAsString emits numeric strings of the same values, and the page still has the official shape otherwise', async () => {
  const strings = await startEmulator({ adminKeys: [key], now: () => NOW, amountAsString: true });
  try {
    const q = `/organization/costs?${RANGE}&group_by=line_item`;
    const [a, b] = await Promise.all([getAllBuckets(emu.baseURL, q, key), getAllBuckets(strings.baseURL, q, key)]);
    const ra = a.flatMap((x) => x.results);
    const rb = b.flatMap((x) => x.results);
    assert.equal(ra.length, rb.length);
    rb.forEach((r, i) => {
      const amount = r['amount'];
      assert.ok(typeof amount === 'object' && amount !== null && 'value' in amount && typeof amount.value === 'string');
      assert.equal(amountValue(r), amountValue(ra[i] ?? {}));
    });
    const validate = schemaValidator();
    assert.equal(validate({ object: 'page', data: a, has_more: false, next_page: null }), null);
  } finally {
    await strings.close();
  }
});
