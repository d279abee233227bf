import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  REDACTED,
  containsSecret,
  maskSecrets,
  normalizeApiKey,
  redactKey,
  registerSecret,
  scrubSecret,
} from '../../lib/api/secret';

test('scrubSecret masks the key as is, JSON-escaped and URL-encoded, even with characters a pattern would misread', () => {
  const key = 'sk-admin-a.b*c\\d"e/f+g';
  const text = [
    `plain ${key}`,
    `json ${JSON.stringify({ key })}`,
    `url ?key=${encodeURIComponent(key)}`,
    'near miss sk-admin-aXb*c',
  ].join('\n');
  const scrubbed = scrubSecret(text, key);
  assert.equal(
    scrubbed,
    [`plain ${REDACTED}`, `json {"key":"${REDACTED}"}`, `url ?key=${REDACTED}`, 'near miss sk-admin-aXb*c'].join('\n'),
  );
  assert.equal(scrubSecret(text, ''), text);
  assert.ok(containsSecret(text, key));
  assert.ok(!containsSecret(scrubbed, key));
  assert.ok(!containsSecret(text, ''));
});

test('property: after scrubbing, no form of the key is left, and text without it is unchanged', () => {
  fc.assert(
    fc.property(
      fc.string({ minLength: 8, maxLength: 40 }),
      fc.string({ maxLength: 30 }),
      fc.string({ maxLength: 30 }),
      (key, before, after) => {
        fc.pre(!before.includes(key) && !after.includes(key));
        const text = `${before}${key}${after} ${JSON.stringify(key)} ${encodeURIComponent(key)}`;
        assert.ok(!containsSecret(scrubSecret(text, key), key));
        const clean = `${before}|${after}`;
        if (!containsSecret(clean, key)) assert.equal(scrubSecret(clean, key), clean);
      },
    ),
  );
});

test('normalizeApiKey drops what axios would not send (zero-width, control characters) and surrounding blanks', () => {
  assert.equal(normalizeApiKey('  sk-admin-\u200babc\u0000def\n'), 'sk-admin-abcdef');
  assert.equal(normalizeApiKey('sk-admin-plain'), 'sk-admin-plain');
});

test('maskSecrets: registered keys (as sent and as given) by value, then any other sk- token; short values are no key', () => {
  const given = 'sk-admin-\u200bregistered-key-1234';
  registerSecret(given);
  registerSecret('short');
  const text = `a ${normalizeApiKey(given)} b ${given} c sk-other-key-abcdef d short`;
  assert.equal(maskSecrets(text), `a ${REDACTED} b ${REDACTED} c sk-*** d short`);
  assert.equal(maskSecrets('token xyz-secret-extra', ['xyz-secret-extra']), `token ${REDACTED}`);
});

test('redactKey shows the prefix and the last 3 characters, or *** for a short key', () => {
  assert.equal(redactKey('sk-admin-1234abcdxyz'), 'sk-admin…xyz');
  assert.equal(redactKey('abcdefghijklmnopq'), 'abc…opq');
  assert.equal(redactKey('sk-admin-123'), '***');
});
