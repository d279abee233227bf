import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { generator, hashId, hashInts, sequence, unit, unitFrom } from '../../lib/emulator/hash-random';

test('pure functions of their coordinates: same input, same value; ids of the asked length and alphabet', () => {
  assert.equal(hashInts(1, 2, 3), hashInts(1, 2, 3));
  assert.notEqual(hashInts(1, 2, 3), hashInts(3, 2, 1));
  // Seeds above 2^32 mix in fully: the high half changes the hash.
  assert.notEqual(hashInts(2 ** 32 + 5), hashInts(5));
  assert.match(hashId(24, 42, 1, 0), /^[a-zA-Z0-9]{24}$/);
  assert.equal(hashId(24, 42, 1, 0), hashId(24, 42, 1, 0));
  assert.notEqual(hashId(24, 42, 1, 0), hashId(24, 42, 1, 1));
  const a = sequence(7, 1);
  const b = sequence(7, 1);
  const first = [a(), a(), a()];
  assert.deepEqual([b(), b(), b()], first);
  assert.equal(new Set(first).size, 3);
  const g = generator(99);
  const h = generator(99);
  assert.deepEqual([g(), g()], [h(), h()]);
});

test('property: every uniform lies in [0, 1)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 53 - 1 }), { maxLength: 5 }), fc.nat(), (parts, salt) => {
      const u = unit(...parts);
      const v = unitFrom(hashInts(...parts), salt);
      const w = generator(hashInts(...parts))();
      for (const x of [u, v, w]) assert.ok(x >= 0 && x < 1, String(x));
    }),
  );
});

test('uniforms spread evenly: each tenth of [0, 1) gets 10% ± 1.5% of 20,000 draws', () => {
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 20_000; i++) {
    const bin = Math.floor(unit(12345, i) * 10);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  for (const c of counts) assert.ok(Math.abs(c - 2000) < 300, `${counts.join(',')}`);
});
