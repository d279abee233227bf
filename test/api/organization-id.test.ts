import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InvalidConfigError } from '../../lib/api/errors';
import { organizationFromHeader, organizationIdSetting, organizationIdVariable } from '../../lib/api/organization-id';

const KEY = 'sk-admin-organization-id-0123456789';

test('a slug or org- ID in the header is the organization, trimmed', () => {
  assert.equal(organizationFromHeader('org-AbC123', KEY), 'org-AbC123');
  assert.equal(organizationFromHeader('  acme-k3v9qd\t', KEY), 'acme-k3v9qd');
  assert.equal(organizationFromHeader('user-abcdefghijklmnopqrstuvwx', KEY), 'user-abcdefghijklmnopqrstuvwx');
  assert.equal(organizationFromHeader('x'.repeat(256), KEY), 'x'.repeat(256));
});

test('absent, blank, spaced, non-ASCII, too long, name:-prefixed or key-like headers are no ID', () => {
  const refused = [
    undefined,
    '',
    '   ',
    'org one',
    'org-é',
    'org-\u200b',
    'x'.repeat(257),
    'name:acme',
    'sk-admin-whatever',
    'org-sk-leak',
    KEY,
    `org-${KEY}`,
  ];
  for (const v of refused) assert.equal(organizationFromHeader(v, `${KEY}`), undefined, JSON.stringify(v));
  assert.equal(organizationFromHeader('orgsk-fine', KEY), 'orgsk-fine', 'sk- inside a word is not a key');
  // A gateway's own key (not sk-…) echoed back is refused by value, in any form the masker knows.
  const gatewayKey = 'gw_token_0123456789';
  assert.equal(organizationFromHeader(`org-${gatewayKey}`, KEY), `org-${gatewayKey}`);
  assert.equal(organizationFromHeader(`org-${gatewayKey}`, gatewayKey), undefined);
  assert.equal(organizationFromHeader('org-%22q%22', '"q"'), undefined);
});

test('organizationIdSetting: a valid ID trimmed, else invalid <variable> naming the value or saying it is a key', () => {
  assert.equal(organizationIdSetting('OPENAI_ORG_ID_EU', ' org-eu '), 'org-eu');
  const refuse = (value: string, message: string): void =>
    assert.throws(
      () => organizationIdSetting('OPENAI_ORG_ID_EU', value),
      (e: unknown) => e instanceof InvalidConfigError && e.variable === 'OPENAI_ORG_ID_EU' && e.message === message,
      value,
    );
  refuse(
    'org one',
    'invalid OPENAI_ORG_ID_EU: "org one" (the organization\'s ID, e.g. org-…, one word of printable ASCII)',
  );
  refuse('', 'invalid OPENAI_ORG_ID_EU: "" (the organization\'s ID, e.g. org-…, one word of printable ASCII)');
  // A key pasted in the wrong variable is never echoed.
  refuse(
    KEY,
    "invalid OPENAI_ORG_ID_EU: a key, not an ID (the organization's ID, e.g. org-…, one word of printable ASCII)",
  );
  // A long value is cut to 80 characters in the message.
  assert.throws(
    () => organizationIdSetting('V', `${'a'.repeat(100)} b`),
    (e: unknown) => e instanceof Error && e.message.startsWith(`invalid V: "${'a'.repeat(80)}" (`),
  );
});

test('organizationIdVariable: OPENAI_ORG_ID for the default organization, OPENAI_ORG_ID_<NAME> otherwise', () => {
  assert.equal(organizationIdVariable('default'), 'OPENAI_ORG_ID');
  assert.equal(organizationIdVariable('EU'), 'OPENAI_ORG_ID_EU');
  assert.equal(organizationIdVariable('us_west'), 'OPENAI_ORG_ID_us_west');
});

test('property: a header value is taken exactly when it is one token of printable ASCII without the key', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (v) => {
      const got = organizationFromHeader(v, KEY);
      if (got === undefined) return;
      assert.equal(got, v.trim());
      assert.match(got, /^[\x21-\x7e]{1,256}$/);
      assert.ok(!got.startsWith('name:') && !got.includes('sk-'));
    }),
  );
});
