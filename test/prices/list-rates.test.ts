import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calcPrice, findProvider } from '@pydantic/genai-prices';
import { BATCH_DISCOUNT, listRates, toolCallPrice, variantRates } from '../../lib/prices/list-rates';

/** USD per million tokens, as the pricing page writes them, to USD per token. */
const perM = (usd: number): number => usd / 1e6;
const close = (actual: number | null | undefined, expected: number, what: string): void => {
  assert.ok(actual !== null && actual !== undefined, what);
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
};

describe('listRates', () => {
  test('published rates, per token: gpt-4o ($2.50 in, $10 out, $1.25 cached per 1M) and a dated snapshot', () => {
    const r = listRates('gpt-4o');
    assert.ok(r !== null);
    assert.equal(r.priceId, 'gpt-4o');
    close(r.input, perM(2.5), 'input');
    close(r.output, perM(10), 'output');
    close(r.cachedInput, perM(1.25), 'cached');
    assert.equal(r.cacheWrite, null);
    assert.equal(r.inputAudio, null);
    assert.equal(r.longContext, null);
    const mini = listRates('gpt-4o-mini-2024-07-18');
    assert.equal(mini?.priceId, 'gpt-4o-mini', 'a snapshot is priced as its model');
    close(mini?.input, perM(0.15), 'mini input');
    close(mini?.output, perM(0.6), 'mini output');
  });

  test('an input-only model has no output rate; image rates where the data has them', () => {
    const embedding = listRates('text-embedding-3-small');
    close(embedding?.input, perM(0.02), 'embedding input');
    assert.equal(embedding?.output, null);
    const image = listRates('gpt-image-1');
    close(image?.inputImage, perM(10), 'image input');
    close(image?.cachedImage, perM(2.5), 'cached image');
    assert.equal(image?.outputImage, null);
  });

  test('long-context rates: the first tier, from the input count it starts after', () => {
    const r = listRates('gpt-5.4');
    close(r?.input, perM(2.5), 'base input');
    assert.deepEqual(r?.longContext, {
      threshold: 271_999,
      input: perM(5),
      output: perM(22.5),
      cachedInput: perM(0.5),
      cacheWrite: null,
    });
  });

  test('prices that changed are read at the time asked (o3 from 2025-06-10)', () => {
    const before = listRates('o3', new Date('2025-06-09T23:00:00Z'));
    const after = listRates('o3', new Date('2025-06-11T00:00:00Z'));
    close(before?.input, perM(10), 'o3 before');
    close(before?.output, perM(40), 'o3 before out');
    close(after?.input, perM(2), 'o3 after');
    close(after?.output, perM(8), 'o3 after out');
  });

  test('a model the price data does not know is null, never a made-up default', () => {
    for (const model of ['', 'not-a-model', 'claude-3-opus', '</script>']) assert.equal(listRates(model), null, model);
  });

  test("every OpenAI model of the price data: the rates give back the package's own price of a small request", () => {
    const provider = findProvider({ providerId: 'openai' });
    assert.ok(provider !== undefined);
    let checked = 0;
    for (const model of provider.models) {
      const rates = listRates(model.id);
      if (rates === null) continue;
      // Below every long-context threshold, so the base rates apply.
      const price = calcPrice({ input_tokens: 1000, output_tokens: 1000 }, model.id, { providerId: 'openai' });
      assert.ok(price !== null, model.id);
      close(rates.input * 1000, price.input_price, `${model.id} input`);
      if (rates.output !== null) close(rates.output * 1000, price.output_price, `${model.id} output`);
      checked++;
    }
    assert.ok(checked > 30, `${checked} models checked`);
  });
});

describe('variants and tools', () => {
  test('no batch, flex or priority variant in the OpenAI price data: null, and the documented batch discount', () => {
    const rates = listRates('gpt-4o');
    assert.ok(rates !== null);
    for (const v of ['batch', 'flex', 'priority'] as const) assert.equal(variantRates(rates, v), null, v);
    assert.equal(BATCH_DISCOUNT, 0.5);
  });

  test('tool calls from the per-thousand rates: web search $10, file search $2.50 per 1000 calls', () => {
    close(toolCallPrice('web search'), 10 / 1000, 'web search');
    close(toolCallPrice('file search'), 2.5 / 1000, 'file search');
  });
});
