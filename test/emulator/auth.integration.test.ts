import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { NOW, get, parseError, testKey } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const second = testKey();
const Q = `/organization/usage/completions?start_time=${NOW - 3600}`;

before(async () => {
  emu = await startEmulator({ adminKeys: [key, second], now: () => NOW });
});
after(() => emu.close());

test('a missing Authorization header gets 401 asking for an API key', async () => {
  const reply = await get(emu.baseURL, Q);
  assert.equal(reply.status, 401);
  const e = parseError(reply.text);
  assert.match(e.message, /You didn't provide an API key/);
  assert.equal(e.type, 'invalid_request_error');
});

test('every accepted admin key works and adminKey is the first one', async () => {
  assert.equal(emu.adminKey, key);
  assert.equal((await get(emu.baseURL, Q, key)).status, 200);
  assert.equal((await get(emu.baseURL, Q, second)).status, 200);
});

test('a wrong key gets 401 invalid_api_key with the key masked, never echoed', async () => {
  const wrong = `sk-admin-wrong-${'q'.repeat(30)}xyz`;
  const reply = await get(emu.baseURL, Q, wrong);
  assert.equal(reply.status, 401);
  const e = parseError(reply.text);
  assert.equal(e.code, 'invalid_api_key');
  assert.match(e.message, /Incorrect API key provided: sk-ad\*\*\*xyz\./);
  assert.ok(!reply.text.includes(wrong));
  assert.ok(!reply.text.includes(key));
});

test('a project key is refused for the missing api.usage.read scope, in each configured style', async () => {
  const projectKey = `sk-proj-${'p'.repeat(40)}`;
  const bare = await get(emu.baseURL, Q, projectKey);
  assert.equal(bare.status, 403);
  assert.deepEqual(JSON.parse(bare.text), {
    error: 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.',
  });
  for (const [style, status] of [
    ['envelope-403', 403],
    ['envelope-401', 401],
  ] as const) {
    const other = await startEmulator({ adminKeys: [key], projectKeyErrorStyle: style });
    try {
      const reply = await get(other.baseURL, Q, projectKey);
      assert.equal(reply.status, status);
      assert.match(parseError(reply.text).message, /Missing scopes: api\.usage\.read/);
      assert.ok(!reply.text.includes(projectKey));
    } finally {
      await other.close();
    }
  }
});

test('every response carries an x-request-id; unknown paths are 404 and other methods 405, in the envelope', async () => {
  const ok = await get(emu.baseURL, Q, key);
  assert.match(ok.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{32}$/);
  const missing = await get(emu.baseURL, '/organization/usage/nothing?start_time=1', key);
  assert.equal(missing.status, 404);
  assert.match(parseError(missing.text).message, /Invalid URL/);
  assert.match(missing.headers.get('x-request-id') ?? '', /^req_/);
  const post = await fetch(`${emu.baseURL}${Q}`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
  assert.equal(post.status, 405);
  assert.match(parseError(await post.text()).message, /only GET/);
  assert.match(post.headers.get('x-request-id') ?? '', /^req_/);
});

test('the request log records method, path, query and status, never the key', async () => {
  emu.resetRequests();
  await get(emu.baseURL, `${Q}&limit=2`, key);
  await get(emu.baseURL, Q, 'sk-admin-bad-0123456789');
  assert.deepEqual(
    emu.requests.map((r) => [r.method, r.path, r.query, r.status]),
    [
      ['GET', '/v1/organization/usage/completions', `start_time=${NOW - 3600}&limit=2`, 200],
      ['GET', '/v1/organization/usage/completions', `start_time=${NOW - 3600}`, 401],
    ],
  );
  assert.ok(!JSON.stringify(emu.requests).includes(key));
  emu.resetRequests();
  assert.equal(emu.requests.length, 0);
});
