import assert from 'node:assert/strict';
import { test } from 'node:test';
import { previewJson } from '../../lib/notebook/preview-json';

test('the first items as indented JSON, then how many more and the total', () => {
  const items = [{ a: 1 }, { a: 2 }, { a: 3 }];
  assert.equal(previewJson(items, 1), '[\n  {\n    "a": 1\n  }\n]\n… 2 more buckets (3 in total)');
  assert.equal(previewJson(items.slice(0, 2), 1, 'page'), '[\n  {\n    "a": 1\n  }\n]\n… 1 more page (2 in total)');
  assert.equal(previewJson(items, 5), JSON.stringify(items, null, 2));
  assert.equal(previewJson(items, 0), '[]\n… 3 more buckets (3 in total)');
  const many = Array.from({ length: 12_345 }, (_, i) => i);
  assert.match(previewJson(many), /\n… 12,343 more buckets \(12,345 in total\)$/);
});

test('a count that is not a whole number ≥ 0 is refused with its value', () => {
  assert.throws(() => previewJson([], -1), /^RangeError: invalid count: -1$/);
  assert.throws(() => previewJson([], 1.5), /^RangeError: invalid count: 1.5$/);
});

test('the raw JSON preview shows the first buckets and counts the rest', () => {
  const text = previewJson([{ a: 1 }, { a: 2 }, { a: 3 }], 2);
  assert.deepEqual(JSON.parse(text.split('\n…')[0] ?? ''), [{ a: 1 }, { a: 2 }]);
  assert.match(text, /… 1 more bucket \(3 in total\)$/);
  assert.equal(previewJson([{ a: 1 }], 2), JSON.stringify([{ a: 1 }], null, 2));
});
