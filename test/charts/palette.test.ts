import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EXTENDED_PALETTE, OTHER_COLOR, SEED_PALETTE, colorScale, pickColor } from '../../lib/charts/palette';
import { hashString } from '../../lib/shared/index';
import { usageLineChart } from '../../lib/charts/usage-line-chart';

test('colour scale is deterministic, order-independent and collision-free up to twenty names', () => {
  const names = Array.from({ length: 20 }, (_, i) => `proj_${i}`);
  const a = colorScale(names);
  const b = colorScale([...names].reverse());
  for (const n of names) assert.equal(a.get(n), b.get(n));
  assert.equal(new Set(names.map((n) => a.get(n))).size, 20);
  assert.equal(a.get('Other'), '#bdbdbd');
});

test('the palettes: ten seed colours (tab10), ten more after them, a grey for "Other" that is neither', () => {
  assert.equal(SEED_PALETTE.length, 10);
  assert.equal(SEED_PALETTE[0], '#1f77b4');
  assert.equal(EXTENDED_PALETTE.length, 20);
  assert.deepEqual(EXTENDED_PALETTE.slice(0, 10), SEED_PALETTE);
  assert.equal(new Set(EXTENDED_PALETTE).size, 20);
  assert.ok(!EXTENDED_PALETTE.includes(OTHER_COLOR));
});

test('a lone name takes the seed slot of its own hash; "Other" is always grey; repeats count once', () => {
  for (const name of ['proj_abc', 'gpt-4o-mini', '', '<b>x</b>']) {
    assert.equal(colorScale([name]).get(name), SEED_PALETTE[hashString(name) % 10]);
  }
  const scale = colorScale(['Other', 'a', 'a', 'Other']);
  assert.deepEqual([...scale.keys()].sort(), ['Other', 'a']);
  assert.equal(scale.get('Other'), OTHER_COLOR);
  assert.equal(colorScale([]).get('Other'), OTHER_COLOR);
});

test('two names whose hashes share a seed slot: the lower (hash, name) keeps it, the other moves to the next free one', () => {
  // Find two names on the same slot by search, so the test does not depend on hand-picked hash values.
  const bySlot = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; pair === undefined; i++) {
    const name = `n${i}`;
    const slot = hashString(name) % 10;
    const other = bySlot.get(slot);
    if (other === undefined) bySlot.set(slot, name);
    else pair = [other, name];
  }
  const [x, y] = pair;
  const [first, second] = hashString(x) < hashString(y) ? [x, y] : [y, x];
  const slot = hashString(first) % 10;
  const scale = colorScale([second, first]);
  assert.equal(scale.get(first), SEED_PALETTE[slot]);
  assert.equal(scale.get(second), SEED_PALETTE[(slot + 1) % 10]);
});

test('property: up to ten names get distinct seed colours, up to twenty distinct colours, any order', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.string({ maxLength: 12 }), { maxLength: 26 }), fc.nat(), (raw, seed) => {
      const names = raw.filter((n) => n !== 'Other');
      const scale = colorScale(names);
      const colours = names.map((n) => scale.get(n) ?? 'missing');
      const shuffled = [...names].sort((a, b) => ((hashString(a) ^ seed) >>> 0) - ((hashString(b) ^ seed) >>> 0));
      const again = colorScale(shuffled);
      assert.deepEqual(
        names.map((n) => again.get(n)),
        colours,
      );
      for (const c of colours) assert.ok(EXTENDED_PALETTE.includes(c), c);
      if (names.length <= 10) for (const c of colours) assert.ok(SEED_PALETTE.includes(c), c);
      assert.equal(new Set(colours).size, Math.min(names.length, 20));
    }),
    { numRuns: 300 },
  );
});

test('pickColor: the caller colour first, then the scale, else the "Other" grey', () => {
  const scale = new Map([['a', '#111111']]);
  assert.equal(pickColor('a', scale, { a: '#222222' }), '#222222');
  assert.equal(pickColor('a', scale, { b: '#222222' }), '#111111');
  assert.equal(pickColor('a', scale), '#111111');
  assert.equal(pickColor('zzz', scale, {}), OTHER_COLOR);
});

test('pickColor: a name such as "constructor" or "toString" gets a colour, never an Object.prototype function', () => {
  const scale = colorScale(['constructor']);
  assert.equal(pickColor('constructor', scale, { a: '#000000' }), scale.get('constructor'));
  assert.equal(pickColor('toString', scale, {}), OTHER_COLOR);
  assert.equal(pickColor('__proto__', scale, {}), OTHER_COLOR);
  const fig = usageLineChart(
    { x: [0], series: [{ name: 'constructor', y: [1] }] },
    { metric: 'requests', bucketWidth: '1d', colors: { a: '#000000' } },
  );
  const line = fig.data[0];
  assert.ok(line?.type === 'scatter');
  assert.equal(typeof line.line.color, 'string', 'the colour survives JSON (a function would vanish)');
});
