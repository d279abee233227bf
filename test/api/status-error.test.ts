import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from '../../lib/api/errors';
import { statusError, type RawResponse } from '../../lib/api/status-error';

const KEY = 'sk-admin-status-error-0123456789abcdef';
const PATH = '/v1/organization/costs';

function response(status: number, body: string | object, headers: Record<string, string> = {}): RawResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

test('each status gets its class; any other 4xx or 3xx the base class', () => {
  const classes: [number, new (...args: never[]) => ApiStatusError][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [529, InternalServerError],
  ];
  for (const [status, cls] of classes) {
    const e = statusError(response(status, { error: { message: 'm' } }), 'GET', PATH, KEY);
    assert.ok(e instanceof cls, `${status} → ${cls.name}`);
    assert.equal(e.name, cls.name);
    assert.equal(e.status, status);
  }
  for (const status of [302, 405, 418, 422]) {
    const e = statusError(response(status, ''), 'GET', PATH, KEY);
    assert.equal(e.constructor, ApiStatusError, String(status));
  }
});

test('the official envelope: message, type, code, param, request id, method and path in one line', () => {
  const e = statusError(
    response(
      400,
      { error: { message: 'Invalid limit', type: 'invalid_request_error', code: 'bad_limit', param: 'limit' } },
      { 'x-request-id': 'req_42' },
    ),
    'GET',
    PATH,
    KEY,
  );
  assert.equal(e.message, `400 GET ${PATH}: Invalid limit [request req_42]`);
  assert.deepEqual(
    [e.apiMessage, e.type, e.code, e.param, e.requestId, e.method, e.path],
    ['Invalid limit', 'invalid_request_error', 'bad_limit', 'limit', 'req_42', 'GET', PATH],
  );
  assert.equal(e.hint, undefined);
});

test('401, 403, 404 and 429 carry a hint naming what to change', () => {
  const hints: [number, RegExp][] = [
    [401, /^check OPENAI_ADMIN_KEY; create an admin key at https:\/\/platform\.openai\.com/],
    [403, /api\.usage\.read: use an organization admin key, not a project key/],
    [404, /check OPENAI_BASE_URL: it must end in \/v1/],
    [429, /lower concurrency or retry later/],
  ];
  for (const [status, hint] of hints) {
    const e = statusError(response(status, { error: 'x' }), 'GET', PATH, KEY);
    assert.match(e.hint ?? '', hint);
    assert.ok(e.message.endsWith(`(hint: ${e.hint})`));
  }
});

test('other bodies: a bare-string error, an error object without message, an HTML page, text, nothing', () => {
  const msg = (body: string | object): string => statusError(response(502, body), 'GET', PATH, KEY).apiMessage;
  assert.equal(msg({ error: 'Missing scopes: api.usage.read.' }), 'Missing scopes: api.usage.read.');
  assert.equal(msg({ error: { type: 'server_error', code: 7 } }), '{"type":"server_error","code":7}');
  assert.equal(msg('<html><title> 502 Bad Gateway </title></html>'), 'non-JSON body (HTML page "502 Bad Gateway")');
  assert.equal(msg('<html><title></title>\n  oops  </html>'), 'non-JSON body: <html><title></title> oops </html>');
  assert.equal(msg(`upstream  \n error ${'x'.repeat(300)}`), `non-JSON body: upstream error ${'x'.repeat(105)}`);
  assert.equal(msg('   \n '), 'empty body');
  assert.equal(msg(''), 'empty body');
  // JSON that is no envelope: its first 200 characters.
  assert.equal(msg([1, 2, 3]), '[1,2,3]');
  assert.equal(msg({ detail: 'y'.repeat(300) }), `{"detail":"${'y'.repeat(189)}`);
  const nonString = statusError(
    response(400, { error: { message: 'm', type: 1, code: null, param: [] } }),
    'GET',
    PATH,
    KEY,
  );
  assert.deepEqual([nonString.type, nonString.code, nonString.param], [null, null, null]);
});

test('a redirect is never followed: the message says where it pointed, host only', () => {
  const at = (status: number, location?: string): string =>
    statusError(response(status, 'moved', location === undefined ? {} : { location }), 'GET', PATH, KEY).apiMessage;
  assert.equal(
    at(302, 'https://login.example.com/sso?next=/v1&token=abc'),
    'redirect (HTTP 302) to login.example.com, not followed (check OPENAI_BASE_URL: a gateway or http→https redirect?)',
  );
  assert.equal(
    at(301, '/v2/organization/costs'),
    'redirect (HTTP 301) to a relative path on the same host, not followed (check OPENAI_BASE_URL: a gateway or http→https redirect?)',
  );
  assert.equal(at(307), 'redirect (HTTP 307) without a Location, not followed');
  assert.equal(at(308, '  '), 'redirect (HTTP 308) without a Location, not followed');
  assert.equal(at(303, 'http://[::1'), 'redirect (HTTP 303) to an unreadable Location, not followed');
});

test('the key is scrubbed from every copied field and header, as is or JSON-escaped, before any cut', () => {
  const slashKey = `${KEY}\\"q`;
  const body = JSON.stringify({
    error: { message: `bad key ${slashKey}`, type: `t ${slashKey}`, code: slashKey, param: `p${slashKey}` },
  });
  const e = statusError(
    { status: 401, headers: { 'x-request-id': `req_${slashKey}`, 'www-authenticate': `Bearer ${slashKey}` }, body },
    'GET',
    PATH,
    slashKey,
  );
  const everything = JSON.stringify([e.message, e.apiMessage, e.type, e.code, e.param, e.requestId, e.headers]);
  assert.ok(!everything.includes(KEY), everything);
  assert.equal(e.apiMessage, 'bad key [REDACTED]');
  assert.equal(e.code, '[REDACTED]');
  assert.equal(e.requestId, 'req_[REDACTED]');
  assert.equal(e.headers['www-authenticate'], 'Bearer [REDACTED]');
  // A long non-JSON body holding the key across the 120-character cut.
  const cut = statusError(response(500, `${'z'.repeat(100)}${KEY}`), 'GET', PATH, KEY);
  assert.equal(cut.apiMessage, `non-JSON body: ${'z'.repeat(100)}[REDACTED]`);
});

test('property: whatever the body, the error never holds the key and keeps status, method and path', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 300, max: 599 }),
      fc.string(),
      fc.string(),
      fc.boolean(),
      (status, before, after, asJson) => {
        const text = `${before}${KEY}${after}`;
        const body = asJson ? JSON.stringify({ error: { message: text, code: text } }) : text;
        const e = statusError({ status, headers: { location: text, 'x-request-id': text }, body }, 'GET', PATH, KEY);
        assert.equal(e.status, status);
        assert.equal(e.path, PATH);
        const all = JSON.stringify([e.message, e.apiMessage, e.code, e.type, e.param, e.requestId, e.headers]);
        assert.ok(!all.includes(KEY), all);
      },
    ),
  );
});
