import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ApiConnectionError,
  ApiTimeoutError,
  BadRequestError,
  InternalServerError,
  MalformedResponseError,
  RateLimitError,
} from '../../lib/api/errors';
import { RequestGate } from '../../lib/api/request-gate';
import { requestPage, requestWithRetry, type RetryInfo } from '../../lib/api/request-page';
import { json, memoryContext, memoryTransport } from './memory-transport';

const KEY = 'sk-admin-request-page-0123456789abcdef';
const PATH = '/organization/usage/embeddings';
const PARAMS = { start_time: 86_400, bucket_width: '1d' as const };

function page(tokens: number): object {
  const result = { object: 'organization.usage.embeddings.result', input_tokens: tokens, num_model_requests: 1 };
  return {
    object: 'page',
    data: [{ object: 'bucket', start_time: 86_400, end_time: 172_800, results: [result] }],
    has_more: false,
    next_page: null,
  };
}

test('one 200: the parsed page, the request id, and a GET of the endpoint path with the key, JSON accept and retry count 0', async () => {
  const transport = memoryTransport(() => json(page(7), 200, { 'x-request-id': 'req_1' }));
  const ctx = memoryContext(transport, { apiKey: KEY });
  const { page: got, requestId } = await requestPage('embeddings', PARAMS, ctx);
  assert.equal(requestId, 'req_1');
  assert.equal(got.data[0]?.results[0]?.input_tokens, 7);
  assert.equal(got.data[0]?.results[0]?.model, null);
  assert.deepEqual(transport.sent, [
    {
      path: PATH,
      params: PARAMS,
      headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/json', 'X-Retry-Count': '0' },
    },
  ]);
  assert.deepEqual(ctx.slept, []);
});

test('a 500 then a 200: retried once after the jittered backoff, onRetry told why, the retry count sent', async () => {
  const transport = memoryTransport((_req, n) => (n === 0 ? json({ error: 'boom' }, 500) : json(page(3))));
  const retries: RetryInfo[] = [];
  const ctx = { ...memoryContext(transport), onRetry: (info: RetryInfo) => retries.push(info) };
  const { page: got } = await requestPage('embeddings', PARAMS, ctx);
  assert.equal(got.data[0]?.results[0]?.input_tokens, 3);
  // 500 ms × (1 − 0.25 × random 0.5)
  assert.deepEqual(ctx.slept, [437.5]);
  assert.deepEqual(retries, [{ attempt: 1, delayMs: 437.5, status: 500, reason: 'HTTP 500', detail: 'HTTP 500' }]);
  assert.deepEqual(
    transport.sent.map((r) => r.headers['X-Retry-Count']),
    ['0', '1'],
  );
});

test('a persisting 5xx gives up after maxRetries + 1 attempts with the typed error naming the base path', async () => {
  const transport = memoryTransport(() => json({ error: { message: 'down', type: 'server_error' } }, 503));
  const ctx = memoryContext(transport, { retry: { maxRetries: 3 } });
  await assert.rejects(
    requestPage('embeddings', PARAMS, ctx),
    (e: unknown) => e instanceof InternalServerError && e.status === 503 && e.path === `/v1${PATH}`,
  );
  assert.equal(transport.sent.length, 4);
  // Exponential: 500, 1000, 2000 ms, each × 0.875.
  assert.deepEqual(ctx.slept, [437.5, 875, 1750]);
});

test('a 400 is not retried', async () => {
  const transport = memoryTransport(() => json({ error: { message: 'bad start_time', param: 'start_time' } }, 400));
  const ctx = memoryContext(transport);
  await assert.rejects(
    requestPage('embeddings', PARAMS, ctx),
    (e: unknown) => e instanceof BadRequestError && e.param === 'start_time',
  );
  assert.equal(transport.sent.length, 1);
});

test('a 429 waits the server delay and backs the gate off: concurrency halved', async () => {
  const transport = memoryTransport((_req, n) =>
    n === 0 ? json({ error: 'slow down' }, 429, { 'retry-after': '2' }) : json(page(1)),
  );
  const base = memoryContext(transport);
  const gate = new RequestGate(8, base.now, base.sleep);
  const ctx = { ...base, gate };
  await requestPage('embeddings', PARAMS, ctx);
  assert.equal(ctx.slept[0], 2000);
  assert.equal(gate.allowed, 4);
});

test('a 429 with maxRetries 0 is a RateLimitError at once', async () => {
  const transport = memoryTransport(() => json({ error: 'slow down' }, 429, { 'retry-after': '1' }));
  await assert.rejects(
    requestPage('embeddings', PARAMS, memoryContext(transport, { retry: { maxRetries: 0 } })),
    RateLimitError,
  );
  assert.equal(transport.sent.length, 1);
});

test('an HTML 200 is retried, reported as an HTML page with its title, then a MalformedResponseError at $', async () => {
  const html = '<html><head><title> 502 Bad Gateway </title></head><body>cloudflare</body></html>';
  const transport = memoryTransport(() => ({ status: 200, headers: { 'x-request-id': 'req_h' }, body: html }));
  const retries: RetryInfo[] = [];
  const ctx = { ...memoryContext(transport), onRetry: (i: RetryInfo) => retries.push(i) };
  await assert.rejects(requestPage('embeddings', PARAMS, ctx), (e: unknown) => {
    assert.ok(e instanceof MalformedResponseError);
    assert.equal(e.jsonPath, '$');
    assert.equal(e.requestId, 'req_h');
    assert.equal(e.detail, `body is an HTML page, not JSON ("502 Bad Gateway"): ${JSON.stringify(html.slice(0, 60))}`);
    return true;
  });
  assert.equal(transport.sent.length, 3);
  assert.deepEqual(
    retries.map((r) => [r.reason, r.detail, r.status]),
    [
      ['MalformedResponseError', 'HTML page instead of JSON ("502 Bad Gateway")', undefined],
      ['MalformedResponseError', 'HTML page instead of JSON ("502 Bad Gateway")', undefined],
    ],
  );
});

test('a text 200 is "not JSON" with a snippet of 60 characters; with retryOnMalformedBody false it is not retried', async () => {
  const text = 'upstream connect error or disconnect/reset before headers. reset reason: overflow';
  const transport = memoryTransport(() => ({ status: 200, headers: {}, body: text }));
  await assert.rejects(
    requestPage('embeddings', PARAMS, memoryContext(transport, { retry: { retryOnMalformedBody: false } })),
    (e: unknown) =>
      e instanceof MalformedResponseError &&
      e.detail.startsWith('body is not JSON (') &&
      e.detail.endsWith(`: ${JSON.stringify(text.slice(0, 60))}`),
  );
  assert.equal(transport.sent.length, 1);
});

test('a long retried detail is cut to 120 characters in the report', async () => {
  const text = `x${'y'.repeat(500)}`;
  const transport = memoryTransport((_r, n) => (n === 0 ? { status: 200, headers: {}, body: text } : json(page(1))));
  const retries: RetryInfo[] = [];
  await requestPage('embeddings', PARAMS, { ...memoryContext(transport), onRetry: (i) => retries.push(i) });
  const detail = retries[0]?.detail ?? '';
  assert.match(detail, /^malformed response: body is not JSON/);
  // The detail (snippet of 60 characters and the parser's message) is longer than 120: cut, with an ellipsis.
  assert.equal(detail.length, 'malformed response: '.length + 120, detail);
  assert.ok(detail.endsWith('…'));
});

test('a wrong shape is not retried; the key echoed in it is scrubbed before the detail is cut to 300 characters', async () => {
  const bucket = { object: 'bucket', start_time: `${KEY} ${'z'.repeat(400)}`, end_time: 2, results: [] };
  const bad = { object: 'page', data: [bucket], has_more: false, next_page: null };
  const transport = memoryTransport(() => json(bad, 200, { 'x-request-id': `req_${KEY}` }));
  await assert.rejects(requestPage('embeddings', PARAMS, memoryContext(transport, { apiKey: KEY })), (e: unknown) => {
    assert.ok(e instanceof MalformedResponseError);
    assert.equal(e.jsonPath, '$.data[0].start_time');
    assert.equal(e.requestId, 'req_[REDACTED]');
    assert.ok(!e.message.includes(KEY) && !e.message.includes(KEY.slice(0, 20)));
    assert.equal(e.detail.length, 300);
    assert.ok(e.detail.endsWith('…'));
    assert.ok(e.detail.includes('[REDACTED]'));
    return true;
  });
  assert.equal(transport.sent.length, 1);
});

test('a timeout and a refused connection are retried with a human detail, and thrown when retries are off', async () => {
  const timeout = new ApiTimeoutError(`GET ${PATH} timed out after 2000 ms`);
  const refused = new ApiConnectionError(`GET ${PATH} failed: ECONNREFUSED (connection refused): cannot reach x`);
  const failures = [timeout, refused];
  const transport = memoryTransport((_r, n) => {
    const failure = failures[n];
    if (failure !== undefined) throw failure;
    return json(page(2));
  });
  const retries: RetryInfo[] = [];
  await requestPage('embeddings', PARAMS, { ...memoryContext(transport), onRetry: (i) => retries.push(i) });
  assert.deepEqual(
    retries.map((r) => [r.reason, r.detail]),
    [
      ['ApiTimeoutError', 'timed out after 2000 ms'],
      ['ApiConnectionError', 'connection refused (ECONNREFUSED)'],
    ],
  );

  const off = memoryContext(
    memoryTransport(() => {
      throw timeout;
    }),
    { retry: { retryOnTimeout: false } },
  );
  await assert.rejects(requestPage('embeddings', PARAMS, off), (e: unknown) => e === timeout);
  const noConn = memoryTransport(() => {
    throw new ApiConnectionError(`GET ${PATH} failed: something odd`);
  });
  const retried: RetryInfo[] = [];
  await assert.rejects(
    requestPage('embeddings', PARAMS, { ...memoryContext(noConn), onRetry: (i) => retried.push(i) }),
    ApiConnectionError,
  );
  // No code in the message: "connection failed", without a parenthesis.
  assert.deepEqual(
    retried.map((r) => r.detail),
    ['connection failed', 'connection failed'],
  );
  const neverRetried = memoryTransport(() => {
    throw refused;
  });
  await assert.rejects(
    requestPage('embeddings', PARAMS, memoryContext(neverRetried, { retry: { retryOnConnectionError: false } })),
    (e: unknown) => e === refused,
  );
  assert.equal(neverRetried.sent.length, 1);
});

test('an error that is not the API client’s (a bug) is rethrown as is, never retried, and the gate slot is freed', async () => {
  const bug = new TypeError('boom');
  const transport = memoryTransport(() => {
    throw bug;
  });
  const base = memoryContext(transport);
  const gate = new RequestGate(1, base.now, base.sleep);
  await assert.rejects(requestPage('embeddings', PARAMS, { ...base, gate }), (e: unknown) => e === bug);
  assert.equal(transport.sent.length, 1);
  // The one slot came back: a second acquire does not wait.
  await gate.acquire();
  gate.release();
});

test('onHeaders sees the headers of every response that arrived, errors included', async () => {
  const transport = memoryTransport((_r, n) =>
    n === 0 ? json({ error: 'x' }, 500, { 'openai-organization': 'org-a' }) : json(page(1), 200, { a: '1' }),
  );
  const seen: Record<string, string>[] = [];
  await requestPage('embeddings', PARAMS, { ...memoryContext(transport), onHeaders: (h) => seen.push({ ...h }) });
  assert.deepEqual(seen, [{ 'openai-organization': 'org-a' }, { a: '1' }]);
});

test('an aborted signal sends nothing; an abort during the retry wait rejects with its reason', async () => {
  const transport = memoryTransport(() => json(page(1)));
  const aborted = new AbortController();
  aborted.abort(new Error('stopped'));
  await assert.rejects(requestPage('embeddings', PARAMS, { ...memoryContext(transport), signal: aborted.signal }), {
    message: 'stopped',
  });
  assert.equal(transport.sent.length, 0);

  const ac = new AbortController();
  const failing = memoryTransport(() => json({ error: 'x' }, 500));
  const ctx = {
    ...memoryContext(failing),
    signal: ac.signal,
    // The wait never ends by itself: only the abort can end the call.
    sleep: () => {
      ac.abort();
      return new Promise<void>(() => undefined);
    },
  };
  await assert.rejects(requestPage('embeddings', PARAMS, ctx), { name: 'AbortError' });
  assert.equal(failing.sent.length, 1);
});

test('requestWithRetry hands the JSON to the given parser and returns its value', async () => {
  const transport = memoryTransport(() => json({ n: 41 }, 200, { 'x-request-id': 'r' }));
  const got = await requestWithRetry(
    '/organization/projects',
    {},
    (j) => (typeof j === 'object' && j !== null && 'n' in j ? Number(j.n) + 1 : 0),
    memoryContext(transport),
  );
  assert.deepEqual(got, { value: 42, requestId: 'r' });
});
