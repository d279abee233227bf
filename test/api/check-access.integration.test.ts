import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { checkAccess } from '../../lib/api/check-access';
import { UsageClient } from '../../lib/api/client';
import { ADMIN_KEYS_PAGE } from '../../lib/api/config';
import {
  ApiConnectionError,
  ApiStatusError,
  AuthenticationError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  RateLimitError,
  UsageApiError,
} from '../../lib/api/errors';
import { pageBody, startScriptedServer, testKey, type ScriptedReply } from '../helpers/scripted-server';

const NOW_MS = Date.UTC(2026, 10, 15, 13, 45, 10);
const YESTERDAY = Date.UTC(2026, 10, 14) / 1000;

async function check(
  t: { after: (fn: () => unknown) => void },
  reply: ScriptedReply,
  settings = {},
): Promise<{ result: unknown; query: URLSearchParams | undefined; path: string | undefined; baseURL: string }> {
  const server = await startScriptedServer(() => reply);
  t.after(() => server.close());
  const client = new UsageClient({
    apiKey: testKey(),
    baseURL: server.baseURL,
    retry: { maxRetries: 0 },
    sleep: () => Promise.resolve(),
  });
  t.after(() => client.close());
  const result = await checkAccess(client, NOW_MS, settings).catch((e: unknown) => e);
  return { result, query: server.requests[0]?.query, path: server.requests[0]?.path, baseURL: server.baseURL };
}

test('one request for yesterday’s whole UTC day of costs, one bucket; resolves to the organization named', async (t) => {
  const { result, query, path } = await check(t, {
    headers: { 'openai-organization': 'org-acme' },
    body: pageBody([], null),
  });
  assert.equal(result, 'org-acme');
  assert.equal(path, '/v1/organization/costs');
  assert.deepEqual(Object.fromEntries(query ?? []), {
    start_time: String(YESTERDAY),
    end_time: String(YESTERDAY + 86_400),
    limit: '1',
  });
  const silent = await check(t, { body: pageBody([], null) });
  assert.equal(silent.result, undefined);
});

test('a rejected key names the key variable, the server and where to create one', async (t) => {
  const { result, baseURL } = await check(
    t,
    { status: 401, body: { error: { message: 'Incorrect API key' } } },
    {
      keyVariable: 'OPENAI_ADMIN_KEY_EU',
    },
  );
  assert.ok(result instanceof UsageApiError);
  assert.equal(
    result.message,
    `invalid OPENAI_ADMIN_KEY_EU: ${baseURL} rejected it (401); check the key, or create an organization admin key ` +
      `at ${ADMIN_KEYS_PAGE}`,
  );
  assert.ok(result.cause instanceof AuthenticationError);
  const forbidden = await check(t, { status: 403, body: { error: 'Missing scopes: api.usage.read.' } });
  assert.ok(forbidden.result instanceof UsageApiError);
  assert.match(
    forbidden.result.message,
    /^invalid OPENAI_ADMIN_KEY: it cannot read usage \(403, missing api\.usage\.read\)/,
  );
});

test('a server that is not the Usage API names the base URL variable: 404, 405, a redirect, an HTML 200', async (t) => {
  const cases: [ScriptedReply, string, new (...args: never[]) => Error][] = [
    [{ status: 404, body: { error: 'no route' } }, 'HTTP 404 for /v1/organization/costs', NotFoundError],
    [{ status: 405, body: '' }, 'HTTP 405 for /v1/organization/costs', ApiStatusError],
    [
      { status: 302, headers: { location: 'https://login.example.com/' }, body: '' },
      'HTTP 302 for /v1/organization/costs',
      ApiStatusError,
    ],
    [
      { headers: { 'content-type': 'text/html' }, body: '<html><title>Welcome</title></html>' },
      'a response that is not the Usage API',
      MalformedResponseError,
    ],
  ];
  for (const [reply, what, cause] of cases) {
    const { result, baseURL } = await check(t, reply, { baseUrlVariable: 'OPENAI_BASE_URL_EU' });
    assert.ok(result instanceof UsageApiError, String(result));
    assert.equal(
      result.message,
      `invalid OPENAI_BASE_URL_EU: ${baseURL} does not serve the Usage API (${what}); set it to ` +
        "https://api.openai.com/v1, or to your gateway's address ending in /v1, or remove it",
    );
    assert.ok(result.cause instanceof cause, String(result.cause));
  }
});

test('a rate limit or a server error is no setting to change: rethrown as is', async (t) => {
  const limited = await check(t, { status: 429, body: { error: { message: 'slow' } } });
  assert.ok(limited.result instanceof RateLimitError);
  const down = await check(t, { status: 500, body: { error: { message: 'down' } } });
  assert.ok(down.result instanceof InternalServerError);
});

test('no network: the connection error itself, which already names the address and what to check', async (t) => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  assert.ok(address !== null && typeof address !== 'string');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const client = new UsageClient({
    apiKey: testKey(),
    baseURL: `http://127.0.0.1:${address.port}/v1`,
    retry: { maxRetries: 0 },
  });
  t.after(() => client.close());
  await assert.rejects(
    checkAccess(client, NOW_MS),
    (e: unknown) => e instanceof ApiConnectionError && /cannot reach http:\/\/127\.0\.0\.1:\d+\/v1/.test(e.message),
  );
});
