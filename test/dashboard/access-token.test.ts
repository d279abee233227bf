import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cookieValue, headerToken, newAccessToken, sameToken } from '../../lib/dashboard/access-token';

test('a new token is 48 hex characters (24 random bytes), different each time', () => {
  const tokens = Array.from({ length: 50 }, () => newAccessToken());
  for (const t of tokens) assert.match(t, /^[0-9a-f]{48}$/);
  assert.equal(new Set(tokens).size, tokens.length);
});

test('sameToken: only the exact token; a prefix, a longer string, another case or none is refused', () => {
  const token = 'ab12'.repeat(12);
  assert.equal(sameToken(token, token), true);
  for (const given of [undefined, '', token.slice(0, -1), `${token}0`, token.toUpperCase(), ` ${token}`])
    assert.equal(sameToken(given, token), false, JSON.stringify(given));
  // Same length in characters, other bytes: compared as bytes, never thrown.
  assert.equal(sameToken(`é${token.slice(2)}`, token), false);
});

test('property: sameToken is string equality', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), (a, b) => {
      assert.equal(sameToken(a, b), a === b);
      assert.equal(sameToken(a, a), true);
    }),
  );
});

test('cookieValue: the named cookie among others, trimmed; a name that only ends or starts the same is another', () => {
  const header = 'theme=dark; usage_token_8080=abc=def ;  usage_token_80=zzz;x';
  assert.equal(cookieValue(header, 'usage_token_8080'), 'abc=def');
  assert.equal(cookieValue(header, 'usage_token_80'), 'zzz');
  assert.equal(cookieValue(header, 'token_8080'), undefined);
  assert.equal(cookieValue(header, 'x'), undefined, 'a part without "=" has no value');
  assert.equal(cookieValue(undefined, 'theme'), undefined);
  assert.equal(cookieValue('=v; a=', 'a'), '');
  assert.equal(cookieValue('a=1; a=2', 'a'), '1', 'the first one wins');
});

test('headerToken: "token <t>" or "Bearer <t>", any case, one word; anything else is no token', () => {
  assert.equal(headerToken('token abc123'), 'abc123');
  assert.equal(headerToken('  Bearer   abc123 '), 'abc123');
  assert.equal(headerToken('BEARER x'), 'x');
  for (const bad of [undefined, '', 'abc123', 'Basic abc123', 'token', 'token a b', 'tokenabc', 'Bearer\nx y'])
    assert.equal(headerToken(bad), undefined, JSON.stringify(bad));
});
