import assert from 'node:assert/strict';
import http from 'node:http';
import util from 'node:util';
import { test } from 'node:test';
import { ApiConnectionError, ApiTimeoutError } from '../../lib/api/errors';
import { CONNECTION_CODES, createTransport } from '../../lib/api/transport';
import { startScriptedServer, testKey } from '../helpers/scripted-server';

test('a GET under the base path: params in brackets form, the given headers, the raw body and every status', async (t) => {
  const server = await startScriptedServer((req) =>
    req.n === 0
      ? { status: 200, headers: { 'X-Request-Id': 'req_1' }, body: '{"raw": true , "n": 1}' }
      : { status: 503, body: { error: { message: 'down' } } },
  );
  t.after(() => server.close());
  const transport = createTransport(server.baseURL, 5000);
  t.after(() => transport.close());
  const res = await transport.get(
    '/organization/costs',
    { start_time: 100, group_by: ['project_id', 'line_item'], limit: 7 },
    { Authorization: 'Bearer k', 'X-Retry-Count': '0' },
  );
  assert.equal(res.status, 200);
  // Not parsed: the exact text (so a truncated body can be told).
  assert.equal(res.body, '{"raw": true , "n": 1}');
  // Header names lower-case.
  assert.equal(res.headers['x-request-id'], 'req_1');
  assert.equal(res.headers['content-type'], 'application/json');
  const req = server.requests[0];
  assert.equal(req?.path, '/v1/organization/costs');
  assert.equal(req?.rawQuery, 'start_time=100&group_by%5B%5D=project_id&group_by%5B%5D=line_item&limit=7');
  assert.equal(req?.headers['authorization'], 'Bearer k');
  assert.equal(req?.headers['x-retry-count'], '0');
  // A 5xx resolves: the retry loop decides, not the transport.
  const failed = await transport.get('/organization/costs', { start_time: 1 }, {});
  assert.deepEqual([failed.status, failed.body], [503, '{"error":{"message":"down"}}']);
});

test('repeated headers are joined; numbers become strings', async (t) => {
  const server = http.createServer((_req, res) => {
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.setHeader('x-count', 3);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  assert.ok(address !== null && typeof address !== 'string');
  const transport = createTransport(`http://127.0.0.1:${address.port}/v1`, 5000);
  t.after(() => transport.close());
  const res = await transport.get('/x', {}, {});
  assert.equal(res.headers['set-cookie'], 'a=1, b=2');
  assert.equal(res.headers['x-count'], '3');
  assert.equal(res.body, 'ok');
});

test('a redirect is returned, never followed: the bearer token does not travel', async (t) => {
  const target = await startScriptedServer(() => ({ body: {} }));
  t.after(() => target.close());
  const server = await startScriptedServer(() => ({
    status: 302,
    headers: { location: `${target.baseURL}/organization/costs` },
    body: '',
  }));
  t.after(() => server.close());
  const transport = createTransport(server.baseURL, 5000);
  t.after(() => transport.close());
  const res = await transport.get('/organization/costs', {}, { Authorization: 'Bearer secret' });
  assert.equal(res.status, 302);
  assert.equal(res.headers['location'], `${target.baseURL}/organization/costs`);
  assert.equal(target.requests.length, 0);
});

test('a body trickled past the deadline is an ApiTimeoutError naming the path and the timeout', async (t) => {
  const server = await startScriptedServer(() => ({ body: 'x'.repeat(1000), trickleMs: 20 }));
  t.after(() => server.close());
  const transport = createTransport(server.baseURL, 150);
  t.after(() => transport.close());
  await assert.rejects(
    transport.get('/organization/costs', {}, {}),
    (e: unknown) => e instanceof ApiTimeoutError && e.message === 'GET /organization/costs timed out after 150 ms',
  );
});

test('a refused connection names the code, what it means, the base URL and what to check, without the key', async (t) => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  assert.ok(address !== null && typeof address !== 'string');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const baseURL = `http://127.0.0.1:${address.port}/v1`;
  const transport = createTransport(baseURL, 5000);
  t.after(() => transport.close());
  const key = testKey();
  const err = await transport
    .get('/organization/costs', {}, { Authorization: `Bearer ${key}` })
    .catch((e: unknown) => e);
  assert.ok(err instanceof ApiConnectionError && !(err instanceof ApiTimeoutError), String(err));
  assert.equal(
    err.message,
    `GET /organization/costs failed: ECONNREFUSED (connection refused): cannot reach ${baseURL}; ` +
      'check the network connection and OPENAI_BASE_URL',
  );
  assert.ok(err.cause instanceof Error && err.cause.message.startsWith('ECONNREFUSED: '));
  assert.ok(!util.inspect(err, { depth: 20 }).includes(key));
  assert.equal(CONNECTION_CODES['ECONNREFUSED'], 'connection refused');
});

test('a connection reset before any answer is an ApiConnectionError', async (t) => {
  const server = await startScriptedServer(() => ({ destroy: true }));
  t.after(() => server.close());
  const transport = createTransport(server.baseURL, 5000);
  t.after(() => transport.close());
  await assert.rejects(
    transport.get('/organization/costs', {}, {}),
    (e: unknown) =>
      e instanceof ApiConnectionError &&
      /^GET \/organization\/costs failed: ECONNRESET \(connection reset\): cannot reach /.test(e.message),
  );
});

test('an abort before sending sends nothing; an abort in flight rejects at once with its reason', async (t) => {
  const server = await startScriptedServer(() => ({ hang: true }));
  t.after(() => server.close());
  const transport = createTransport(server.baseURL, 60_000);
  t.after(() => transport.close());
  const before = new AbortController();
  before.abort(new Error('not now'));
  await assert.rejects(transport.get('/a', {}, {}, before.signal), { message: 'not now' });
  assert.equal(server.requests.length, 0);
  const during = new AbortController();
  const pending = transport.get('/b', {}, {}, during.signal);
  // Aborted once the server holds the request.
  while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
  during.abort();
  await assert.rejects(pending, { name: 'AbortError' });
});
