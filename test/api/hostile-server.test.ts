import assert from 'node:assert/strict';
import util from 'node:util';
import { describe, test } from 'node:test';
import {
  ApiStatusError,
  ApiTimeoutError,
  MalformedResponseError,
  UsageClient,
  loadConfig,
  type FetchProgress,
} from '../../lib/api/index';
import { errorSummary, progressDisplay, redactSecrets, type DisplayWriter } from '../../lib/notebook/index';
import {
  bucket,
  pageBody,
  startScriptedServer,
  testKey,
  type ReceivedRequest,
  type ScriptedReply,
} from '../helpers/scripted-server';

/** Every way an error can be shown. */
function views(err: unknown): string[] {
  assert.ok(err instanceof Error);
  return [
    err.message,
    String(err.stack),
    JSON.stringify(err),
    util.inspect(err, { depth: 10, showHidden: true }),
    String(err.cause),
  ];
}

/** No view holds the key, nor any 8-character piece of its random part (a key cut by truncation). */
function assertKeyAbsent(err: unknown, key: string): void {
  const secretPart = key.slice('sk-admin-test-'.length);
  for (const v of views(err)) {
    assert.ok(!v.includes(key), `key leaked in: ${v.slice(0, 300)}`);
    for (let i = 0; i + 8 <= secretPart.length; i++) {
      assert.ok(!v.includes(secretPart.slice(i, i + 8)), `a key fragment leaked in: ${v.slice(0, 300)}`);
    }
  }
}

/** The bearer token as the server received it. */
function echoed(req: ReceivedRequest): string {
  return String(req.headers.authorization ?? '').replace(/^Bearer /, '');
}

async function failWith(
  handler: (req: ReceivedRequest) => ScriptedReply,
  key = testKey(),
  timeoutMs?: number,
): Promise<{ error: unknown; key: string; requests: number }> {
  const server = await startScriptedServer(handler);
  const client = new UsageClient({
    apiKey: key,
    baseURL: server.baseURL,
    retry: { maxRetries: 0 },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  try {
    await client.getPage('completions', { start_time: 1_700_000_000 });
  } catch (error) {
    return { error, key, requests: server.requests.length };
  } finally {
    client.close();
    await server.close();
  }
  throw new Error('expected a failure');
}

describe('a server echoing the key', () => {
  test('into x-request-id of an error: no key in message, stack, inspect or JSON', async () => {
    const { error, key } = await failWith((req) => ({
      status: 400,
      headers: { 'x-request-id': `req_${echoed(req)}` },
      body: { error: { message: 'bad' } },
    }));
    assert.ok(error instanceof ApiStatusError);
    assert.match(error.message, /\[request req_\[REDACTED\]\]/);
    assertKeyAbsent(error, key);
  });

  test('into x-request-id of a malformed 200 page', async () => {
    const { error, key } = await failWith((req) => ({
      headers: { 'x-request-id': echoed(req) },
      body: { data: 'nope' },
    }));
    assert.ok(error instanceof MalformedResponseError);
    assertKeyAbsent(error, key);
  });

  test("into the error body's type, code and param", async () => {
    const { error, key } = await failWith((req) => ({
      status: 401,
      body: { error: { message: 'no', type: `t ${echoed(req)}`, code: `c ${echoed(req)}`, param: `p ${echoed(req)}` } },
    }));
    assert.ok(error instanceof ApiStatusError);
    assert.deepEqual([error.type, error.code, error.param], ['t [REDACTED]', 'c [REDACTED]', 'p [REDACTED]']);
    assertKeyAbsent(error, key);
  });

  test('cut by truncation: the key is scrubbed before the text is shortened (error body and 2xx snippet)', async () => {
    for (const pad of [85, 90, 95, 25, 30, 35]) {
      const { error, key } = await failWith((req) => ({
        status: pad > 60 ? 502 : 200,
        body: `${'x'.repeat(pad)} ${echoed(req)} tail`,
      }));
      assertKeyAbsent(error, key);
    }
  });

  test('into a field the parser rejects, at any offset of a long value', async () => {
    for (const pad of [60, 75, 280, 295]) {
      const { error, key } = await failWith((req) => ({
        body: pageBody(
          [
            bucket(1_700_000_000, [
              { object: 'organization.usage.completions.result', input_tokens: `${'1'.repeat(pad)} ${echoed(req)}` },
            ]),
          ],
          null,
        ),
      }));
      assert.ok(error instanceof MalformedResponseError);
      assert.equal(error.jsonPath, '$.data[0].results[0].input_tokens');
      assertKeyAbsent(error, key);
    }
  });

  test('with a zero-width character in the configured key (stripped by axios before sending)', async () => {
    const plain = testKey();
    const key = `${plain.slice(0, 20)}\u200b${plain.slice(20)}`;
    const { error } = await failWith(
      (req) => ({
        status: 400,
        headers: { 'x-request-id': echoed(req) },
        body: { error: { message: `key ${echoed(req)}` } },
      }),
      key,
    );
    assertKeyAbsent(error, plain);
  });

  test('loadConfig normalizes the key once, to what is sent', () => {
    const plain = testKey();
    const config = loadConfig({
      env: { OPENAI_ADMIN_KEY: ` ${plain.slice(0, 20)}\u200b\u0007${plain.slice(20)}\r\n` },
    });
    assert.equal(config.apiKey, plain);
  });

  test('with regex characters in the key: the notebook masker hides it whole, escaped or not', async () => {
    const key = `sk-admin-a.b*c+d?e[f]g\\h(${Math.random().toString(36).slice(2)})`;
    const { error } = await failWith(
      (req) => ({ status: 500, body: { error: { message: `got ${echoed(req)}` } } }),
      key,
    );
    assertKeyAbsent(error, key);
    const secretTail = key.slice('sk-admin-a'.length);
    for (const text of [`leak: ${key}!`, `json: ${JSON.stringify(key)}`]) {
      const shown = redactSecrets(text);
      assert.ok(!shown.includes(secretTail) && !shown.includes(JSON.stringify(key).slice(12, -1)), shown);
    }
    assert.ok(!errorSummary(new Error(`x ${key}`)).includes(secretTail));
  });
});

describe('hangs', () => {
  test('a body trickled one byte at a time times out at the per-attempt deadline', async () => {
    const started = Date.now();
    const { error } = await failWith(
      () => ({ body: pageBody([bucket(1_700_000_000)], null), trickleMs: 40 }),
      testKey(),
      500,
    );
    const elapsed = Date.now() - started;
    assert.ok(error instanceof ApiTimeoutError, String(error));
    assert.ok(elapsed < 1500, `took ${elapsed} ms with a 500 ms timeout`);
  });

  test('the progress line says what happened: timeout, refused connection, HTML body (not "Rate limited")', async () => {
    const closed = await startScriptedServer(() => ({}));
    const refusedURL = closed.baseURL;
    await closed.close();
    const cases: Array<[string, (req: ReceivedRequest) => ScriptedReply, RegExp]> = [
      [
        'timeout',
        (req) => (req.n === 0 ? { hang: true } : { body: pageBody([], null) }),
        /^Timed out after 300 ms: retrying in 0 s \(attempt 2\/3\)$/,
      ],
      [
        'html',
        (req) =>
          req.n === 0
            ? { headers: { 'content-type': 'text/html' }, body: '<html><title>Sign in</title></html>' }
            : { body: pageBody([], null) },
        /^HTML page instead of JSON \("Sign in"\): retrying in 0 s \(attempt 2\/3\)$/,
      ],
    ];
    for (const [name, handler, expected] of cases) {
      const server = await startScriptedServer(handler);
      const lines = await progressLines(server.baseURL);
      await server.close();
      assert.ok(
        lines.some((l) => expected.test(l)),
        `${name}: ${lines.join(' | ')}`,
      );
      assert.ok(!lines.some((l) => l.startsWith('Rate limited')), `${name}: ${lines.join(' | ')}`);
    }
    const refused = await progressLines(refusedURL).catch((e: unknown) => [String(e)]);
    assert.ok(
      refused.some((l) => /^Connection refused \(ECONNREFUSED\): retrying in 0 s \(attempt 2\/3\)$/.test(l)),
      refused.join(' | '),
    );
    assert.ok(!refused.some((l) => l.startsWith('Rate limited')), refused.join(' | '));
  });
});

/** The progress lines shown while fetching from `baseURL` (retries without waiting); a final failure is swallowed. */
async function progressLines(baseURL: string): Promise<string[]> {
  const lines: string[] = [];
  const writer: DisplayWriter = {
    publish: (bundle) => {
      lines.push(typeof bundle['text/plain'] === 'string' ? bundle['text/plain'] : '');
    },
  };
  const progress = progressDisplay({ writer });
  const client = new UsageClient({
    apiKey: testKey(),
    baseURL,
    timeoutMs: 300,
    sleep: async () => {},
    random: () => 0,
    retry: { initialDelayMs: 0 },
    onRetry: (info) => progress.onRetry(info),
  });
  try {
    await client.fetchAll(
      'completions',
      { start_time: 1_700_000_000, end_time: 1_700_086_400 },
      { onProgress: (p: FetchProgress) => progress.onProgress(p) },
    );
  } catch {
    // The lines are what is checked.
  } finally {
    client.close();
  }
  return lines;
}

describe('redirects', () => {
  test('a 302 names the redirect and its target host, and is not followed', async () => {
    const { error, requests } = await failWith(() => ({
      status: 302,
      headers: { location: 'https://sso.corp.example/login?next=/v1' },
      body: '',
    }));
    assert.ok(error instanceof ApiStatusError);
    assert.match(
      error.message,
      /^302 GET \/v1\/organization\/usage\/completions: redirect \(HTTP 302\) to sso\.corp\.example, not followed/,
    );
    assert.equal(requests, 1);
  });
});
