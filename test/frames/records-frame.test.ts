import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordColumns, recordsFrame } from '../../lib/frames/records-frame';

test('recordsFrame keeps column order and decides dtypes from all rows, not the first 20', () => {
  const rows = Array.from({ length: 25 }, (_, i) => ({ n: i, label: i < 24 ? null : 'late', x: i === 24 ? 0.5 : i }));
  const df = recordsFrame(rows, ['label', 'n', 'x']);
  assert.deepEqual(df.columns, ['label', 'n', 'x']);
  assert.deepEqual(df.dtypes, ['string', 'int32', 'float32']);
  assert.deepEqual(recordsFrame([{ b: 1, a: 2 }]).columns, ['b', 'a']);
  assert.throws(() => recordsFrame(rows, ['n', 'n']), /invalid columns/);
});

test('a key a row lacks reads null; named columns pick and order, one no row has is all null (a string column)', () => {
  const df = recordsFrame([{ a: 1 }, { b: 'x', a: 2 }], ['b', 'a', 'zz']);
  assert.deepEqual(df.columns, ['b', 'a', 'zz']);
  assert.deepEqual(df.dtypes, ['string', 'int32', 'string']);
  assert.deepEqual(df.values, [
    [null, 1, null],
    ['x', 2, null],
  ]);
});

test('mixed numbers and text, or numbers and booleans, are string columns; a "__proto__" key is a column', () => {
  const rows = [JSON.parse('{"__proto__": 1, "mixed": 1, "flag": true}') as Record<string, number | boolean>];
  rows.push({ mixed: 2, flag: 3 });
  const df = recordsFrame([...rows, { mixed: 'x', flag: false }]);
  assert.deepEqual(df.columns, ['__proto__', 'mixed', 'flag']);
  assert.deepEqual(df.dtypes, ['int32', 'string', 'string']);
});

test('no rows: an empty frame with the named columns, or none', () => {
  assert.deepEqual(recordsFrame([], ['a', 'b']).shape, [0, 2]);
  assert.deepEqual(recordsFrame([]).shape, [0, 0]);
  assert.throws(() => recordsFrame([], ['a', 'a']), /^TypeError: invalid columns: \["a","a"\] \(duplicate name\)$/);
});

test('recordColumns: every key in order of first appearance', () => {
  assert.deepEqual(recordColumns([{ b: 1 }, { a: 1, b: 2 }, {}, { c: null }]), ['b', 'a', 'c']);
  assert.deepEqual(recordColumns([]), []);
});
