import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DELIVERY_POLICY, DeliveryError, failureText, sendTestMessage } from '../../lib/alerts/deliver';
import { parseAlertsFile } from '../../lib/alerts/rules-file';

const HOOK_URL = 'http://127.0.0.1:9/hook?token=SECREThookTOKEN456';
const SECRET = 'whsec-SECRET-789';

test('a failure is one line: its message and its cause, secrets masked, at most 500 characters', () => {
  const e = new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED for ${HOOK_URL}`) });
  assert.equal(failureText(e, [HOOK_URL]), 'fetch failed (connect ECONNREFUSED for [REDACTED])');
  assert.equal(
    failureText(new DeliveryError(`HTTP 401: bad signature ${SECRET}`), [SECRET]),
    'HTTP 401: bad signature [REDACTED]',
  );
  assert.equal(failureText('a string', []), 'a string');
  assert.equal(failureText(undefined, []), 'undefined');
  assert.equal(failureText(new Error('x'.repeat(2_000)), []).length, 500);
  // A cause that is not an Error adds nothing (it has no message to show).
  assert.equal(failureText(new Error('outer', { cause: 'inner' }), []), 'outer');
  // Key-like tokens are masked even when nobody registered them.
  assert.equal(failureText(new Error('key sk-admin-abcdef123456 refused'), []), 'key sk-*** refused');
});

test('the default policy: 3 attempts, 1 s backoff doubling to at most 8 s, 10 s per attempt; it cannot be changed', () => {
  assert.deepEqual(
    { ...DEFAULT_DELIVERY_POLICY },
    { attempts: 3, initialDelayMs: 1000, maxDelayMs: 8000, timeoutMs: 10_000 },
  );
  assert.ok(Object.isFrozen(DEFAULT_DELIVERY_POLICY));
});

test('a test message to a channel the file does not define names the ones it does, before sending anything', async () => {
  const config = parseAlertsFile(
    `channels:\n  hook: { type: webhook, url_env: U, secret_env: S }\n  team: { type: webhook, url_env: U, secret_env: S }\nrules:\n  - { name: b, type: budget, amount: 1, thresholds: [1], notify: [hook] }\n`,
    { U: HOOK_URL, S: SECRET },
  );
  await assert.rejects(
    sendTestMessage(config, 'nope'),
    (e: unknown) =>
      e instanceof DeliveryError &&
      e.message === 'invalid --test: nope (no channel of that name; defined: hook, team)' &&
      !e.message.includes(HOOK_URL),
  );
});
