import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { calcPrice } from '@pydantic/genai-prices';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DAY, NOW, amountValue, getAllBuckets, num, schemaValidator, testKey, type Bucket } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const RANGE = `start_time=${1739059200 - 6 * DAY}&end_time=1739059200`;

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

function byKey(buckets: readonly Bucket[], dim: string, metric: (r: Record<string, unknown>) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of buckets) for (const r of b.results) out.set(String(r[dim]), (out.get(String(r[dim])) ?? 0) + metric(r));
  return out;
}

test('"<model>, input/cached input/output" line items match completions tokens and genai-prices rates', async () => {
  const costs = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=line_item`, key);
  const usage = await getAllBuckets(emu.baseURL, `/organization/usage/completions?${RANGE}&group_by=model`, key);
  const quantity = byKey(costs, 'line_item', (r) => num(r, 'quantity'));
  const amount = byKey(costs, 'line_item', amountValue);
  const uncached = byKey(usage, 'model', (r) => num(r, 'input_uncached_tokens') + num(r, 'input_cache_write_tokens'));
  const cached = byKey(usage, 'model', (r) => num(r, 'input_cached_tokens'));
  const output = byKey(usage, 'model', (r) => num(r, 'output_tokens'));
  assert.ok(uncached.size >= 8);
  for (const [model, tokens] of uncached) {
    assert.equal(quantity.get(`${model}, input`), tokens, model);
    assert.equal(quantity.get(`${model}, output`), output.get(model), model);
    if ((cached.get(model) ?? 0) > 0) assert.equal(quantity.get(`${model}, cached input`), cached.get(model), model);
    const price = calcPrice({ input_tokens: tokens, output_tokens: output.get(model) ?? 0 }, model, { providerId: 'openai' });
    if (price !== null && price.input_price > 0) {
      assert.ok(Math.abs((amount.get(`${model}, input`) ?? 0) - price.input_price) < 1e-6 * price.input_price + 1e-9, model);
      assert.ok(Math.abs((amount.get(`${model}, output`) ?? 0) - price.output_price) < 1e-6 * price.output_price + 1e-9, model);
    }
  }
  for (const item of ['web search tool calls', 'file search tool calls', 'code interpreter sessions', 'vector store storage']) {
    assert.ok((amount.get(item) ?? 0) > 0, item);
  }
  assert.ok([...quantity.keys()].some((k) => k.endsWith(', images')));
  assert.ok([...quantity.keys()].some((k) => k.endsWith(', characters')));
  const units = new Map(costs.flatMap((b) => b.results.map((r) => [String(r['line_item']), r['quantity_unit']] as const)));
  assert.equal(units.get('gpt-4o-2024-08-06, input'), 'tokens');
  assert.equal(units.get('vector store storage'), 'gibibyte_hours');
});

test('grouping by project_id, api_key_id or line_item splits the same total; quantity is null unless grouped by line item', async () => {
  const sum = (bs: readonly Bucket[]): number => bs.flatMap((b) => b.results).reduce((a, r) => a + amountValue(r), 0);
  const plain = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}`, key);
  const totalAmount = sum(plain);
  assert.ok(totalAmount > 0);
  assert.ok(plain.flatMap((b) => b.results).every((r) => r['quantity'] === null && r['quantity_unit'] === null && r['line_item'] === null));
  for (const g of ['project_id', 'api_key_id', 'line_item', 'project_id,line_item']) {
    const grouped = await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=${g}`, key);
    assert.ok(Math.abs(sum(grouped) - totalAmount) < 1e-6 * totalAmount, g);
    const first = g.split(',')[0] ?? '';
    assert.ok(new Set(grouped.flatMap((b) => b.results.map((r) => r[first]))).size > 3, g);
  }
  const byProject = byKey(await getAllBuckets(emu.baseURL, `/organization/costs?${RANGE}&group_by=project_id`, key), 'project_id', amountValue);
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
