import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsFrame } from '../../lib/frames/records-frame';

test('recordsFrame keeps column order and decides dtypes from all rows, not the first 20', () => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ n: i, label: i < 24 ? null : 'late', x: i === 24 ? 0.5 : i }));
  const df = recordsFrame(rows, ['label', 'n', 'x']);
  assert.deepEqual(df.columns, ['label', 'n', 'x']);
  assert.deepEqual(df.dtypes, ['string', 'int32', 'float32']);
  assert.deepEqual(recordsFrame([{ b: 1, a: 2 }]).columns, ['b', 'a']);
  assert.throws(() => recordsFrame(rows, ['n', 'n']), /invalid columns/);
});
