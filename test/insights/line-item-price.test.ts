import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineItemListPrice } from '../../lib/insights/index';

// Published OpenAI list prices (USD per 1M tokens or per 1k calls), written out by hand from the price pages.
const perM = (usd: number): number => usd / 1e6;

describe('lineItemListPrice', () => {
  test('batch and flex are listed at the standard (undiscounted) rate', () => {
    assert.deepEqual(lineItemListPrice('batch | gpt-4o-mini-2024-07-18, input'), {
      unitPrice: perM(0.15),
      missing: null,
    });
    assert.equal(lineItemListPrice('batch | gpt-4o-mini-2024-07-18, output').unitPrice, perM(0.6));
    assert.equal(lineItemListPrice('flex | o3, output').unitPrice, perM(8));
  });

  test('cache writes without a separate rate are listed at the input rate; cached input at its own', () => {
    assert.equal(lineItemListPrice('gpt-4o-2024-08-06, cache writes').unitPrice, perM(2.5));
    assert.equal(lineItemListPrice('gpt-4o-2024-08-06, cached input').unitPrice, perM(1.25));
  });

  test('fine-tunes at their own rate, evals at the model rate, tools per call', () => {
    assert.equal(lineItemListPrice('ft-gpt-4o-mini-2024-07-18, input').unitPrice, perM(0.3));
    assert.equal(lineItemListPrice('ft-gpt-4o-mini-2024-07-18, output').unitPrice, perM(1.2));
    assert.equal(lineItemListPrice('evals | gpt-4o-mini-2024-07-18, output').unitPrice, perM(0.6));
    assert.equal(lineItemListPrice('web search tool calls').unitPrice, 10 / 1000);
    assert.equal(lineItemListPrice('file search tool calls').unitPrice, 2.5 / 1000);
  });

  test('what has no published price says why instead of a number', () => {
    for (const [item, why] of [
      ['priority | gpt-5.1, output', /priority rate/],
      ['some-unknown-model, input', /does not know some-unknown-model/],
      ['dall-e-3, 1024x1024, images', /images of dall-e-3/],
      ['Vector storage', /no published price for "Vector storage"/],
    ] as const) {
      const p = lineItemListPrice(item);
      assert.equal(p.unitPrice, null, item);
      assert.match(p.missing ?? '', why, item);
    }
  });
});
