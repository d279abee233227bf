import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { visibleText } from '../../lib/shared/visible-text';

test('controls and bidi marks become visible \\uXXXX escapes; tab, line breaks and ordinary text stay', () => {
  assert.equal(visibleText('rtl\u202Egnp.exe'), 'rtl\\u202Egnp.exe');
  assert.equal(visibleText('a\u0000b\u007fc\u009f'), 'a\\u0000b\\u007Fc\\u009F');
  assert.equal(visibleText('\u200e\u200f\u061c\u2066\u2069'), '\\u200E\\u200F\\u061C\\u2066\\u2069');
  assert.equal(visibleText('tab\tline\nreturn\r é 中 😀'), 'tab\tline\nreturn\r é 中 😀');
});

test('property: the output has no invisible character left, and text without one is unchanged', () => {
  const invisible = (ch: number): boolean =>
    (ch <= 0x1f && ch !== 0x09 && ch !== 0x0a && ch !== 0x0d) ||
    (ch >= 0x7f && ch <= 0x9f) ||
    ch === 0x061c ||
    ch === 0x200e ||
    ch === 0x200f ||
    (ch >= 0x202a && ch <= 0x202e) ||
    (ch >= 0x2066 && ch <= 0x2069);
  const hasInvisible = (s: string): boolean => [...s].some((c) => invisible(c.charCodeAt(0)));
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const shown = visibleText(text);
      assert.ok(!hasInvisible(shown));
      if (!hasInvisible(text)) assert.equal(shown, text);
    }),
  );
});
