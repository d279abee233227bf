import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeHtml } from '../../lib/html/escape-html';

test('the five characters that end text or an attribute value are escaped, & first', () => {
  assert.equal(escapeHtml('<b title="x">'), '&lt;b title=&quot;x&quot;&gt;');
  assert.equal(escapeHtml(`a & b's <c>`), 'a &amp; b&#39;s &lt;c&gt;');
  assert.equal(escapeHtml('&lt;'), '&amp;lt;', 'an entity in the input stays text');
  assert.equal(escapeHtml('plain \u202e text'), 'plain \u202e text');
});

test('property: no markup character survives, and decoding the five entities gives the input back', () => {
  const decode = (s: string): string =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const escaped = escapeHtml(text);
      assert.ok(!/[<>"']/.test(escaped));
      assert.equal(decode(escaped), text);
    }),
  );
});
