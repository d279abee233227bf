import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeLabel, plotlyKeySafe } from '../../lib/charts/escape-label';
import { visibleText } from '../../lib/shared/index';

/** Plotly's own decoding of the three entities, written independently: one pass, left to right. */
const decode = (s: string): string =>
  s.replace(/&(amp|lt|gt);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : '>'));

test('escapeLabel: &, < and > become entities, an entity already written is escaped again, quotes stay', () => {
  assert.equal(escapeLabel('<b>a & b</b>'), '&lt;b&gt;a &amp; b&lt;/b&gt;');
  assert.equal(escapeLabel('&amp;'), '&amp;amp;');
  assert.equal(escapeLabel('"it\'s"'), '"it\'s"');
  assert.equal(escapeLabel(''), '');
  assert.equal(escapeLabel('gpt-4o-mini-2024-07-18'), 'gpt-4o-mini-2024-07-18');
});

test('escapeLabel: control and bidi characters show as visible \\uXXXX escapes', () => {
  assert.equal(escapeLabel('rtl\u202Egnp.exe'), 'rtl\\u202Egnp.exe');
  assert.equal(escapeLabel('a\u0000<b>'), 'a\\u0000&lt;b&gt;');
  assert.equal(escapeLabel('tab\there'), 'tab\there');
});

test('property: no markup survives, and decoding the entities gives the text back (invisible characters made visible)', () => {
  const text = fc.string({
    unit: fc.constantFrom('<', '>', '&', ';', 'a', 'm', 'p', 'l', 't', 'g', '#', ' ', '\u202e'),
  });
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ unit: 'binary' })), (s) => {
      const out = escapeLabel(s);
      assert.ok(!out.includes('<') && !out.includes('>'), out);
      // Every "&" starts one of our three entities.
      assert.ok(!out.replace(/&(amp|lt|gt);/g, '').includes('&'), out);
      assert.equal(decode(out), visibleText(s));
    }),
    { numRuns: 500 },
  );
});

test('plotlyKeySafe: names of Object.prototype members get a zero-width space in front, others stay', () => {
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])
    assert.equal(plotlyKeySafe(key), `\u200b${key}`);
  for (const label of ['proj_1', 'Other', '', 'prototype', '__proto', 'Constructor'])
    assert.equal(plotlyKeySafe(label), label);
});

test('property: the result is never an Object.prototype key and is the label, or the label after one zero-width space', () => {
  const label = fc.oneof(fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype)), fc.string());
  fc.assert(
    fc.property(label, (s) => {
      const out = plotlyKeySafe(s);
      assert.ok(!(out in Object.prototype), out);
      assert.ok(out === s || out === `\u200b${s}`);
      assert.equal(out === s, !(s in Object.prototype));
    }),
  );
});
