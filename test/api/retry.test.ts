import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ApiConnectionError,
  ApiTimeoutError,
  DEFAULT_RETRY_POLICY,
  InternalServerError,
  RateLimitError,
  UsageClient,
  type ClientOptions,
  type RetryInfo,
} from '../../lib/api/index';
import { normalizeRetryPolicy, retryDelayMs, shouldRetryStatus } from '../../lib/api/retry';
import { pageBody, startScriptedServer, testKey, type ScriptedReply } from '../helpers/scripted-server';

const OK = { body: pageBody([], null) };
const NOW = Date.UTC(2025, 0, 1);

describe('retry policy as data', () => {
  test('defaults match the official SDKs and are frozen', () => {
    assert.equal(DEFAULT_RETRY_POLICY.maxRetries, 2);
    assert.deepEqual([...DEFAULT_RETRY_POLICY.statusCodes], [408, 409, 429]);
    assert.equal(DEFAULT_RETRY_POLICY.retryOnServerError, true);
    assert.ok(Object.isFrozen(DEFAULT_RETRY_POLICY));
  });

  test('every status from 500 up is retried (501, 520, 529 too), other 4xx are not, x-should-retry wins', () => {
    const p = DEFAULT_RETRY_POLICY;
    for (const status of [408, 409, 429, 500, 501, 502, 503, 504, 520, 529, 599])
      assert.equal(shouldRetryStatus(status, {}, p), true, String(status));
    for (const status of [400, 401, 403, 404, 422])
      assert.equal(shouldRetryStatus(status, {}, p), false, String(status));
    assert.equal(shouldRetryStatus(529, { 'x-should-retry': 'false' }, p), false);
    assert.equal(shouldRetryStatus(400, { 'x-should-retry': 'true' }, p), true);
    assert.equal(shouldRetryStatus(503, {}, normalizeRetryPolicy({ retryOnServerError: false })), false);
  });

  test('normalizeRetryPolicy merges, drops undefined values and rejects bad shapes', () => {
    const p = normalizeRetryPolicy({ maxRetries: 5, jitter: undefined });
    assert.equal(p.maxRetries, 5);
    assert.equal(p.jitter, 0.25);
    assert.throws(() => normalizeRetryPolicy({ maxRetries: -1 }), /invalid retry.maxRetries: -1/);
    assert.throws(() => normalizeRetryPolicy({ jitter: 2 }), /invalid retry.jitter: 2/);
    assert.throws(() => normalizeRetryPolicy({ statusCodes: [42] }), /invalid retry.statusCodes/);
    assert.throws(
      () => normalizeRetryPolicy({ retryOnTimeout: 'yes' as unknown as boolean }),
      /invalid retry.retryOnTimeout/,
    );
  });

  test('retryDelayMs prefers retry-after-ms, then Retry-After seconds, then an HTTP date, unjittered', () => {
    const p = DEFAULT_RETRY_POLICY;
    const random = (): number => 0.999;
    assert.equal(retryDelayMs(0, { 'retry-after-ms': '1234', 'retry-after': '9' }, p, NOW, random), 1234);
    assert.equal(retryDelayMs(0, { 'retry-after': '3' }, p, NOW, random), 3000);
    assert.equal(retryDelayMs(0, { 'retry-after': new Date(NOW + 7000).toUTCString() }, p, NOW, random), 7000);
  });

  test('retryDelayMs falls back to jittered exponential backoff, capped, when the server delay is absent or too long', () => {
    const p = DEFAULT_RETRY_POLICY;
    assert.equal(
      retryDelayMs(0, {}, p, NOW, () => 0),
      500,
    );
    assert.equal(
      retryDelayMs(1, {}, p, NOW, () => 0),
      1000,
    );
    assert.equal(
      retryDelayMs(2, {}, p, NOW, () => 1),
      2000 * 0.75,
    );
    assert.equal(
      retryDelayMs(10, {}, p, NOW, () => 0),
      8000,
    );
    assert.equal(
      retryDelayMs(0, { 'retry-after': '120' }, p, NOW, () => 0),
      500,
    );
    assert.equal(
      retryDelayMs(0, { 'retry-after': 'soon' }, p, NOW, () => 0),
      500,
    );
  });
});

/** A client whose sleeps are recorded, not waited. */
function recordingClient(
  baseURL: string,
  extra: Partial<ClientOptions> = {},
): { client: UsageClient; delays: number[]; retries: RetryInfo[] } {
  const delays: number[] = [];
  const retries: RetryInfo[] = [];
  const client = new UsageClient({
    apiKey: testKey(),
    baseURL,
    now: () => NOW,
    random: () => 0,
    sleep: (ms) => {
      delays.push(ms);
      return Promise.resolve();
    },
    onRetry: (info) => retries.push(info),
    ...extra,
  });
  return { client, delays, retries };
}

async function scripted(replies: ScriptedReply[], run: (baseURL: string) => Promise<void>): Promise<number> {
  const server = await startScriptedServer((req) => replies[req.n] ?? OK);
  try {
    await run(server.baseURL);
    return server.requests.length;
  } finally {
    await server.close();
  }
}

describe('client retries', () => {
  test('429 with Retry-After seconds is retried after exactly that delay', async () => {
    const n = await scripted(
      [
        {
          status: 429,
          headers: { 'retry-after': '2' },
          body: { error: { message: 'slow down', type: 'rate_limit', param: null, code: null } },
        },
      ],
      async (url) => {
        const { client, delays, retries } = recordingClient(url);
        await client.getPage('costs', { start_time: 0 });
        assert.deepEqual(delays, [2000]);
        assert.deepEqual(retries, [{ attempt: 1, delayMs: 2000, status: 429, reason: 'HTTP 429', detail: 'HTTP 429' }]);
      },
    );
    assert.equal(n, 2);
  });

  test('429 with an HTTP-date Retry-After and with retry-after-ms are honoured', async () => {
    const date = new Date(NOW + 5000).toUTCString();
    const n = await scripted(
      [
        { status: 429, headers: { 'retry-after': date } },
        { status: 429, headers: { 'retry-after-ms': '250' } },
      ],
      async (url) => {
        const { client, delays } = recordingClient(url);
        await client.getPage('costs', { start_time: 0 });
        assert.deepEqual(delays, [5000, 250]);
      },
    );
    assert.equal(n, 3);
  });

  test('500s back off exponentially and give up with InternalServerError after maxRetries', async () => {
    const err = {
      status: 500,
      headers: { 'x-request-id': 'req_abc' },
      body: { error: { message: 'boom', type: 'server_error', param: null, code: null } },
    };
    const n = await scripted([err, err, err, err], async (url) => {
      const { client, delays } = recordingClient(url);
      await assert.rejects(
        client.getPage('costs', { start_time: 0 }),
        (e: unknown) => e instanceof InternalServerError && e.requestId === 'req_abc' && e.status === 500,
      );
      assert.deepEqual(delays, [500, 1000]);
    });
    assert.equal(n, 3);
  });

  test('x-should-retry overrides the status list both ways', async () => {
    const n = await scripted(
      [
        { status: 400, headers: { 'x-should-retry': 'true' } },
        { status: 500, headers: { 'x-should-retry': 'false' } },
      ],
      async (url) => {
        const { client } = recordingClient(url);
        await assert.rejects(client.getPage('costs', { start_time: 0 }), InternalServerError);
      },
    );
    assert.equal(n, 2);
  });

  test('a 400 is not retried', async () => {
    const n = await scripted(
      [{ status: 400, body: { error: { message: 'bad', type: 'invalid_request_error', param: 'limit', code: null } } }],
      async (url) => {
        const { client } = recordingClient(url);
        await assert.rejects(client.getPage('costs', { start_time: 0 }), { name: 'BadRequestError' });
      },
    );
    assert.equal(n, 1);
  });

  test('a hanging server times out per attempt and fails with ApiTimeoutError after the retries', async () => {
    const n = await scripted([{ hang: true }, { hang: true }], async (url) => {
      const { client, retries } = recordingClient(url, { timeoutMs: 100, retry: { maxRetries: 1 } });
      await assert.rejects(client.getPage('costs', { start_time: 0 }), ApiTimeoutError);
      assert.deepEqual(
        retries.map((r) => r.reason),
        ['ApiTimeoutError'],
      );
      client.close();
    });
    assert.equal(n, 2);
  });

  test('a timeout then success recovers', async () => {
    const n = await scripted([{ hang: true }], async (url) => {
      const { client } = recordingClient(url, { timeoutMs: 100 });
      const { page } = await client.getPage('costs', { start_time: 0 });
      assert.deepEqual(page.data, []);
      client.close();
    });
    assert.equal(n, 2);
  });

  test('a reset connection is retried, and gives ApiConnectionError when it persists', async () => {
    const n = await scripted([{ destroy: true }, { destroy: true }, { destroy: true }], async (url) => {
      const { client, delays } = recordingClient(url);
      await assert.rejects(
        client.getPage('costs', { start_time: 0 }),
        (e: unknown) => e instanceof ApiConnectionError && !(e instanceof ApiTimeoutError),
      );
      assert.equal(delays.length, 2);
      client.close();
    });
    assert.equal(n, 3);
  });

  test('maxRetries 0 fails on the first 429 with RateLimitError', async () => {
    const n = await scripted([{ status: 429, headers: { 'retry-after': '1' } }], async (url) => {
      const { client, delays } = recordingClient(url, { retry: { maxRetries: 0 } });
      await assert.rejects(client.getPage('costs', { start_time: 0 }), RateLimitError);
      assert.deepEqual(delays, []);
    });
    assert.equal(n, 1);
  });

  test('a truncated 200 body is retried, then parsed', async () => {
    const n = await scripted([{ body: '{"object":"page","data":[{"obj' }], async (url) => {
      const { client, retries } = recordingClient(url);
      await client.getPage('costs', { start_time: 0 });
      assert.deepEqual(
        retries.map((r) => r.reason),
        ['MalformedResponseError'],
      );
    });
    assert.equal(n, 2);
  });

  test('each attempt sends the bearer key and its retry count', async () => {
    const server = await startScriptedServer((req) => (req.n === 0 ? { status: 503 } : OK));
    const key = testKey();
    const client = new UsageClient({ apiKey: key, baseURL: server.baseURL, sleep: () => Promise.resolve() });
    await client.getPage('costs', { start_time: 0 });
    assert.deepEqual(
      server.requests.map((r) => [r.headers.authorization, r.headers['x-retry-count']]),
      [
        [`Bearer ${key}`, '0'],
        [`Bearer ${key}`, '1'],
      ],
    );
    client.close();
    await server.close();
  });
});
