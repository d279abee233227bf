import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { billingName, lineItemUnit, tokenLineItems } from '../../lib/emulator/line-items';

test('billingName: a fine-tune bills as ft-<base>, other models as themselves', () => {
  assert.equal(billingName('ft:gpt-4o-mini-2024-07-18:acme::abc123'), 'ft-gpt-4o-mini-2024-07-18');
  assert.equal(billingName('ft:gpt-4.1-mini-2025-04-14:acme:support:def456'), 'ft-gpt-4.1-mini-2025-04-14');
  assert.equal(billingName('ft:'), 'ft-');
  assert.equal(billingName('gpt-4o-2024-08-06'), 'gpt-4o-2024-08-06');
  assert.equal(billingName('model:with:colons'), 'model:with:colons');
});

test('tokenLineItems: the five items of a default stream, and the tier prefixes with their price factors', () => {
  const plain = tokenLineItems({ model: 'gpt-4o-2024-08-06', serviceTier: 'default', batch: false, key: 'k' });
  assert.deepEqual(plain, {
    input: 'gpt-4o-2024-08-06, input',
    audioInput: 'gpt-4o-2024-08-06 audio, input',
    cachedInput: 'gpt-4o-2024-08-06, cached input',
    cacheWrites: 'gpt-4o-2024-08-06, cache writes',
    output: 'gpt-4o-2024-08-06, output',
    priceFactor: 1,
  });
  const batch = tokenLineItems({ model: 'gpt-4o-2024-08-06', serviceTier: 'batch', batch: true, key: 'k' });
  assert.deepEqual([batch.output, batch.priceFactor], ['batch | gpt-4o-2024-08-06, output', 0.5]);
  const priority = tokenLineItems({ model: 'gpt-4o-2024-08-06', serviceTier: 'priority', batch: false, key: 'k' });
  assert.deepEqual([priority.input, priority.priceFactor], ['priority | gpt-4o-2024-08-06, input', 2]);
  for (const serviceTier of ['flex', 'scale', null]) {
    const other = tokenLineItems({ model: 'gpt-4o-2024-08-06', serviceTier, batch: false, key: 'k' });
    assert.deepEqual([other.input, other.priceFactor], ['gpt-4o-2024-08-06, input', 1], String(serviceTier));
  }
});

test('per-stream choices: some gpt-4o-mini default streams are evals, some long-context models bill long context', () => {
  const keys = Array.from({ length: 300 }, (_, i) => `stream-${i}`);
  const mini = keys.map((key) =>
    tokenLineItems({ model: 'gpt-4o-mini-2024-07-18', serviceTier: 'default', batch: false, key }),
  );
  const evals = mini.filter((x) => x.input.startsWith('evals | ')).length;
  // A sixth of them, by hash.
  assert.ok(evals > 25 && evals < 80, String(evals));
  // Never for another tier or model.
  for (const key of keys) {
    assert.ok(
      !tokenLineItems({ model: 'gpt-4o-mini-2024-07-18', serviceTier: 'flex', batch: false, key }).input.startsWith(
        'evals',
      ),
    );
    assert.ok(
      !tokenLineItems({ model: 'gpt-4o-2024-08-06', serviceTier: 'default', batch: false, key }).input.includes(
        'evals',
      ),
    );
  }
  const long = keys
    .map((key) => tokenLineItems({ model: 'gpt-5-2025-08-07', serviceTier: 'default', batch: false, key }))
    .filter((x) => x.output === 'gpt-5-2025-08-07, output, long context');
  assert.ok(long.length > 60 && long.length < 140, String(long.length));
  for (const x of long) assert.equal(x.cachedInput, 'gpt-5-2025-08-07, cached input, long context');
  // The same stream always bills alike (hour and minute cells agree).
  const again = tokenLineItems({
    model: 'gpt-4o-mini-2024-07-18',
    serviceTier: 'default',
    batch: false,
    key: 'stream-7',
  });
  assert.deepEqual(again, mini[7]);
});

test('lineItemUnit: tokens, images, characters, seconds, GiB-hours; tool calls have none', () => {
  const cases: [string, string | null][] = [
    ['gpt-4o-2024-08-06, input', 'tokens'],
    ['batch | gpt-4o-2024-08-06, output', 'tokens'],
    ['gpt-4o-audio-preview-2024-12-17 audio, input', 'tokens'],
    ['gpt-5-2025-08-07, cached input, long context', 'tokens'],
    ['gpt-4o-2024-08-06, cache writes', 'tokens'],
    ['dall-e-3, 1024x1792, images', 'images'],
    ['gpt-image-1 image, output', 'images'],
    ['tts-1-hd, characters', 'characters'],
    ['whisper-1, audio', 'duration_seconds'],
    ['Vector storage', 'gibibyte_hours'],
    ['web search tool calls', null],
    ['assistants api | file search', null],
    ['code interpreter sessions', null],
    ['', null],
    ['input', null],
  ];
  for (const [item, unit] of cases) assert.equal(lineItemUnit(item), unit, item);
});

test('property: every token line item of any stream has the tokens unit', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 1 }),
      fc.constantFrom('default', 'flex', 'priority', 'scale', 'batch', null),
      fc.string(),
      (model, tier, key) => {
        // "<x> image, output" is the image form (counted in images), not a token item.
        fc.pre(!/ image$/.test(billingName(model)));
        const items = tokenLineItems({ model, serviceTier: tier, batch: tier === 'batch', key });
        for (const item of [items.input, items.audioInput, items.cachedInput, items.cacheWrites, items.output])
          assert.equal(lineItemUnit(item), 'tokens', item);
      },
    ),
  );
});
