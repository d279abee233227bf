import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkArray,
  checkBucketWidth,
  checkColors,
  checkFinite,
  checkId,
  checkText,
  invalid,
} from '../../lib/charts/check-options';

test('invalid: "invalid <name>: <value>", strings quoted as JSON, other values as they read', () => {
  assert.equal(invalid('title', '').message, 'invalid title: ""');
  assert.equal(invalid('title', 'a "b"\n').message, 'invalid title: "a \\"b\\"\\n"');
  assert.equal(invalid('limit', 0).message, 'invalid limit: 0');
  assert.equal(invalid('colors', null).message, 'invalid colors: null');
  assert.equal(invalid('colors', [1, 'a']).message, 'invalid colors: [1,"a"]');
  assert.equal(invalid('colors', { a: 1 }).message, 'invalid colors: {"a":1}');
  assert.equal(invalid('id', undefined).message, 'invalid id: undefined');
  assert.equal(invalid('id', Symbol('s')).message, 'invalid id: Symbol(s)');
  assert.equal(invalid('id', 10n).message, 'invalid id: 10');
  assert.ok(invalid('x', 1) instanceof Error);
});

test('invalid: a number that is not finite reads as itself (NaN, Infinity), not as JSON null', () => {
  assert.equal(invalid('amount', Number.NaN).message, 'invalid amount: NaN');
  assert.equal(invalid('amount', Infinity).message, 'invalid amount: Infinity');
  assert.equal(invalid('amount', -Infinity).message, 'invalid amount: -Infinity');
  assert.equal(invalid('amount', -0.5).message, 'invalid amount: -0.5');
});

test('invalid: a value JSON cannot write (a cycle) still gives a message', () => {
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.equal(invalid('pivot', cyclic).message, 'invalid pivot: [object Object]');
});

test('property: invalid never throws, and names the option first', () => {
  fc.assert(
    fc.property(fc.string(), fc.anything(), (name, value) => {
      assert.ok(invalid(name, value).message.startsWith(`invalid ${name}: `));
    }),
  );
  fc.assert(
    fc.property(fc.string(), (value) => {
      assert.equal(invalid('title', value).message, `invalid title: ${JSON.stringify(value)}`);
    }),
  );
});

test('checkArray: arrays pass (empty too); anything else is named', () => {
  checkArray([], 'rows');
  checkArray([1, 2], 'rows');
  assert.throws(() => checkArray(null as never, 'rows'), /^Error: invalid rows: null$/);
  assert.throws(() => checkArray({ length: 1 } as never, 'days'), /^Error: invalid days: \{"length":1\}$/);
  assert.throws(() => checkArray('abc' as never, 'events'), /^Error: invalid events: "abc"$/);
});

test('checkId: lowercase letters, digits and single inner dashes; the id is returned', () => {
  for (const id of ['a', 'cost-per-day', 'x1-2-y3', '0']) assert.equal(checkId(id), id);
  for (const bad of ['', 'Bad', 'a b', 'a--b', '-a', 'a-', 'a_b', 'é', 'a\n', '<b>']) {
    assert.throws(() => checkId(bad), new RegExp(`^Error: invalid figure id: ${escapeRegExp(JSON.stringify(bad))}$`));
  }
  assert.throws(() => checkId(42), /^Error: invalid figure id: 42$/);
  assert.throws(() => checkId(undefined, 'id'), /^Error: invalid id: undefined$/);
});

test('property: checkId accepts exactly the dash-joined runs of [a-z0-9]', () => {
  // An independent reading of the rule: split on "-", every part non-empty and made of a-z / 0-9.
  const isId = (s: string): boolean => s.split('-').every((part) => part !== '' && [...part].every(isLowerAlnum));
  const alphabet = fc.constantFrom(...'ab09-Z_ .');
  fc.assert(
    fc.property(fc.string({ unit: alphabet, maxLength: 12 }), (s) => {
      if (isId(s)) assert.equal(checkId(s), s);
      else assert.throws(() => checkId(s), /invalid figure id/);
    }),
    { numRuns: 500 },
  );
});

test('checkText: a string with something besides spaces, returned as given', () => {
  assert.equal(checkText(' a ', 'title'), ' a ');
  assert.equal(checkText('<b>', 'title'), '<b>');
  for (const bad of ['', '   ', '\n\t']) assert.throws(() => checkText(bad, 'title'), /^Error: invalid title: /);
  assert.throws(() => checkText(7, 'valueLabel'), /^Error: invalid valueLabel: 7$/);
  assert.throws(() => checkText(null, 'labelKey'), /^Error: invalid labelKey: null$/);
});

test("checkBucketWidth: the API's three widths; anything else is named", () => {
  for (const w of ['1m', '1h', '1d']) assert.equal(checkBucketWidth(w), w);
  for (const bad of ['1D', '1w', '', ' 1d'])
    assert.throws(() => checkBucketWidth(bad), /^Error: invalid bucketWidth: "/);
  assert.throws(() => checkBucketWidth(undefined), /^Error: invalid bucketWidth: undefined$/);
  assert.throws(() => checkBucketWidth(1), /^Error: invalid bucketWidth: 1$/);
});

test('checkFinite: the first value that is not a finite number is named', () => {
  checkFinite([], 'x');
  checkFinite([0, -1.5, Number.MAX_VALUE], 'x');
  assert.throws(() => checkFinite([1, Number.NaN, Infinity], 'value of a'), /^Error: invalid value of a: NaN$/);
  assert.throws(() => checkFinite([Infinity], 'x'), /^Error: invalid x: Infinity$/);
  assert.throws(() => checkFinite(['1'] as never, 'x'), /^Error: invalid x: "1"$/);
  assert.throws(() => checkFinite([null] as never, 'x'), /^Error: invalid x: null$/);
});

test('checkColors: undefined stays undefined; a map of non-empty strings is copied; anything else is named', () => {
  assert.equal(checkColors(undefined), undefined);
  const given = { a: '#ff0000', 'proj_<b>': 'rebeccapurple' };
  const checked = checkColors(given);
  assert.deepEqual(checked, given);
  assert.notEqual(checked, given, 'a copy: later changes to the caller object do not reach the figure');
  for (const bad of [null, [], 'red', 3]) assert.throws(() => checkColors(bad), /^Error: invalid colors: /);
  assert.throws(() => checkColors({ a: '#fff', b: '' }), /^Error: invalid colors\.b: ""$/);
  assert.throws(() => checkColors({ a: 1 }), /^Error: invalid colors\.a: 1$/);
  assert.throws(() => checkColors({ a: null }), /^Error: invalid colors\.a: null$/);
});

test('checkColors: a key named like an Object property ("__proto__", from JSON) is kept as a colour', () => {
  const checked = checkColors(JSON.parse('{"__proto__":"#123456","toString":"#abcdef"}'));
  assert.deepEqual(Object.entries(checked ?? {}), [
    ['__proto__', '#123456'],
    ['toString', '#abcdef'],
  ]);
});

function isLowerAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
