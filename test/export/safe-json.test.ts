import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeJson } from '../../lib/export/index';

const tricky = {
  a: '</script><script>alert(1)</script>',
  b: '<!-- & -->',
  c: 'line\u2028sep\u2029para',
  d: ['/', 1.5, null, true],
};

test('safeJson round-trips through JSON.parse', () => {
  assert.deepEqual(JSON.parse(safeJson(tricky)), tricky);
});

test('safeJson output contains no character that could end a script element', () => {
  const out = safeJson(tricky);
  for (const ch of ['<', '>', '&', '/', '\u2028', '\u2029'])
    assert.ok(!out.includes(ch), `no raw ${JSON.stringify(ch)}`);
  assert.ok(out.includes('\\u003c/script\\u003e'.replace('/', '\\u002f')));
});

test('safeJson refuses values JSON cannot represent', () => {
  assert.throws(() => safeJson(undefined), /invalid json value: undefined/);
});
