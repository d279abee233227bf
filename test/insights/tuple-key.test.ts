import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tupleKey } from '../../lib/insights/tuple-key';

test('small sizes: each tuple its rank, a number below the product of the sizes', () => {
  const key = tupleKey([3, 4, 5, 6]);
  const seen = new Set<number | string>();
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 4; b++)
      for (let c = 0; c < 5; c++)
        for (let d = 0; d < 6; d++) {
          const k = key(a, b, c, d);
          assert.equal(k, a * 120 + b * 30 + c * 6 + d);
          seen.add(k);
        }
  assert.equal(seen.size, 360);
  // A size of 0 counts as 1 (an empty dimension still has its one "none" value).
  assert.equal(tupleKey([2, 0, 3, 1])(1, 0, 2, 0), 5);
});

test('sizes past 2^53 together: text keys, still one per tuple', () => {
  const key = tupleKey([2 ** 20, 2 ** 20, 2 ** 20, 2 ** 20]);
  assert.equal(key(1, 2, 3, 4), '1:2:3:4');
  assert.notEqual(key(1, 23, 4, 5), key(12, 3, 4, 5));
});
