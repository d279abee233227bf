import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenRates } from '../../lib/emulator/price-book';

test('the emulator bills embeddings at their published input rate ($0.02 per 1M for text-embedding-3-small)', () => {
  const r = tokenRates('text-embedding-3-small');
  assert.ok(Math.abs(r.input - 0.02 / 1e6) < 1e-18);
  assert.equal(r.output, 0);
  // gpt-4o-mini: $0.15 / $0.075 / $0.60 per 1M (openai.com/api/pricing).
  const m = tokenRates('gpt-4o-mini-2024-07-18');
  assert.deepEqual(
    [m.input * 1e6, m.cachedInput * 1e6, m.output * 1e6].map((x) => Number(x.toFixed(6))),
    [0.15, 0.075, 0.6],
  );
});
