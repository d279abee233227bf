import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UNGROUPED, dictColumn, dictEncoder, labelOf, nullLabel, valueAt } from '../../lib/frames/dict-column';

test('the encoder numbers values in order of first sight; null gets one code of its own, apart from "null"', () => {
  const enc = dictEncoder();
  const codes = ['b', null, 'a', 'b', 'null', null, '', '__proto__', 'a'].map((v) => enc.encode(v));
  assert.deepEqual(codes, [0, 1, 2, 0, 3, 1, 4, 5, 2]);
  assert.deepEqual(enc.values, ['b', null, 'a', 'null', '', '__proto__']);
});

test('dictColumn of nothing is empty; of one null, one null code', () => {
  const empty = dictColumn([]);
  assert.equal(empty.codes.length, 0);
  assert.deepEqual(empty.values, []);
  const one = dictColumn([null]);
  assert.deepEqual([...one.codes], [0]);
  assert.deepEqual(one.values, [null]);
});

test('property: decoding gives the input back, and the dictionary holds each distinct value once', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.string({ maxLength: 4 }), { nil: null }), { maxLength: 60 }), (input) => {
      const column = dictColumn(input);
      assert.equal(column.codes.length, input.length);
      assert.deepEqual(
        Array.from(column.codes, (c) => column.values[c]),
        input,
      );
      assert.equal(column.values.length, new Set(input).size);
      // First appearance order: the dictionary is the input with repeats removed.
      assert.deepEqual(column.values, [...new Set(input)]);
    }),
  );
});

test('labels: null reads "(none)", a value reads as itself (a literal "(none)" too)', () => {
  const column = dictColumn(['gpt-4o', null, UNGROUPED, '<b>x</b>']);
  assert.deepEqual(
    Array.from(column.codes, (c) => labelOf(column, c)),
    ['gpt-4o', '(none)', '(none)', '<b>x</b>'],
  );
});

test('a null user says why (service-account keys); other dimensions, unknown or hostile names, read "(none)"', () => {
  assert.equal(nullLabel('user_id'), '(no user: service-account keys)');
  for (const dimension of ['project_id', 'model', '', 'USER_ID', '__proto__', 'constructor', 'toString'])
    assert.equal(nullLabel(dimension), UNGROUPED, dimension);
});

test('valueAt: each row its own value, null for a null value, a row past the end or no column', () => {
  fc.assert(
    fc.property(fc.array(fc.option(fc.string(), { nil: null })), (values) => {
      const column = dictColumn(values);
      values.forEach((v, i) => assert.equal(valueAt(column, i), v));
      assert.equal(valueAt(column, values.length), null);
      assert.equal(valueAt(undefined, 0), null);
    }),
  );
});
