import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvery } from '../../lib/dashboard/schedule';

test('schedule intervals', () => {
  assert.equal(parseEvery('15m'), 900_000);
  assert.equal(parseEvery('1h'), 3_600_000);
  assert.equal(parseEvery('30s'), 30_000);
  assert.throws(() => parseEvery('0s'), /invalid every: "0s" \(a number and s, m, h or d, from 1s to 7d, e.g. 15m\)/);
  assert.throws(() => parseEvery('15 minutes'), /invalid every/);
  assert.throws(() => parseEvery('8d'), /invalid every/);
});
