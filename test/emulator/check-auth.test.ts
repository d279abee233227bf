import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkAuth, maskKey } from '../../lib/emulator/check-auth';
import { EmulatorHttpError } from '../../lib/emulator/http-error';

const ADMIN = 'sk-admin-check-auth-0123456789';
const KEYS = new Set([ADMIN]);

function refused(status: number, message: RegExp, code: string | null = null) {
  return (e: unknown): boolean => {
    if (!(e instanceof EmulatorHttpError) || e.status !== status) return false;
    const err = e.body.error;
    if (typeof err === 'string') return message.test(err) && code === null;
    assert.equal(err.type, 'invalid_request_error');
    assert.equal(err.code, code);
    assert.match(err.message, message);
    return true;
  };
}

test('an admin key passes, as Bearer in any case, with surrounding blanks after it', () => {
  for (const header of [`Bearer ${ADMIN}`, `bearer ${ADMIN}`, `BEARER   ${ADMIN}  `])
    assert.doesNotThrow(() => checkAuth(header, KEYS, 'bare-string-403'), header);
});

test('no key, another scheme or an empty bearer: 401 saying none was provided', () => {
  for (const header of [undefined, '', 'Bearer', 'Bearer ', `Basic ${ADMIN}`, ADMIN, `Bearer ${ADMIN} extra`])
    assert.throws(
      () => checkAuth(header, KEYS, 'bare-string-403'),
      refused(401, /^You didn't provide an API key\./),
      String(header),
    );
});

test('a wrong key: 401 invalid_api_key with the key masked, never whole', () => {
  const wrong = 'sk-admin-wrong-0123456789xyz';
  assert.throws(
    () => checkAuth(`Bearer ${wrong}`, KEYS, 'bare-string-403'),
    (e: unknown) => {
      assert.ok(refused(401, /^Incorrect API key provided: sk-ad\*\*\*xyz\. You can find/, 'invalid_api_key')(e));
      assert.ok(!JSON.stringify((e as EmulatorHttpError).body).includes(wrong));
      return true;
    },
  );
});

test('a project key lacks the usage scope: refused in each of the three styles seen live', () => {
  const project = `Bearer sk-proj-${'a'.repeat(20)}`;
  assert.throws(
    () => checkAuth(project, KEYS, 'bare-string-403'),
    (e: unknown) =>
      e instanceof EmulatorHttpError &&
      e.status === 403 &&
      e.body.error === 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.',
  );
  assert.throws(() => checkAuth(project, KEYS, 'envelope-403'), refused(403, /Missing scopes: api\.usage\.read\.$/));
  assert.throws(
    () => checkAuth(project, KEYS, 'envelope-401'),
    refused(401, /Missing scopes: api\.usage\.read\. Check that you have the correct role/),
  );
});

test('maskKey: five characters, ***, the last three; a short key is *** alone', () => {
  assert.equal(maskKey('sk-admin-abcdefxyz'), 'sk-ad***xyz');
  assert.equal(maskKey('12345678901'), '***');
  assert.equal(maskKey('123456789012'), '12345***012');
});

test('property: no refusal ever carries the key it refused', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[!-~]{12,80}$/),
      fc.constantFrom('bare-string-403' as const, 'envelope-403' as const, 'envelope-401' as const),
      (key, style) => {
        fc.pre(key !== ADMIN);
        try {
          checkAuth(`Bearer ${key}`, KEYS, style);
          assert.fail('refused');
        } catch (e) {
          assert.ok(e instanceof EmulatorHttpError);
          assert.ok(!JSON.stringify(e.body).includes(key) && !e.message.includes(key));
        }
      },
    ),
  );
});
