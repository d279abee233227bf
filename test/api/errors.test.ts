import assert from 'node:assert/strict';
import util from 'node:util';
import { describe, test } from 'node:test';
import {
  ApiConnectionError,
  ApiStatusError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UsageApiError,
  UsageClient,
  isUsageApiError,
} from '../../lib/api/index';
import { startScriptedServer, testKey, type ScriptedReply } from '../helpers/scripted-server';

function envelope(message: string, param: string | null = null, code: string | null = null): object {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** Every way an error can be shown; none may contain the key. */
function assertKeyAbsent(err: unknown, key: string): void {
  assert.ok(err instanceof Error);
  const views = [
    err.message,
    String(err.stack),
    JSON.stringify(err),
    util.inspect(err, { depth: 10, showHidden: true }),
    String(err.cause),
  ];
  for (const v of views) assert.ok(!v.includes(key), `key leaked in: ${v.slice(0, 300)}`);
  assert.ok(!views.some((v) => v.includes(key.slice(-12))), 'a key fragment leaked');
}

async function failWith(reply: ScriptedReply, key = testKey()): Promise<{ error: unknown; key: string }> {
  const server = await startScriptedServer(() => reply);
  const client = new UsageClient({ apiKey: key, baseURL: server.baseURL, retry: { maxRetries: 0 } });
  try {
    await client.getPage('completions', { start_time: 1_700_000_000, group_by: ['model'] });
  } catch (error) {
    return { error, key };
  } finally {
    client.close();
    await server.close();
  }
  throw new Error('expected a failure');
}

describe('status errors', () => {
  const cases: Array<[number, new (...args: never[]) => ApiStatusError, string]> = [
    [400, BadRequestError, 'BadRequestError'],
    [401, AuthenticationError, 'AuthenticationError'],
    [403, PermissionDeniedError, 'PermissionDeniedError'],
    [404, NotFoundError, 'NotFoundError'],
    [409, ConflictError, 'ConflictError'],
    [429, RateLimitError, 'RateLimitError'],
    [500, InternalServerError, 'InternalServerError'],
    [503, InternalServerError, 'InternalServerError'],
  ];
  for (const [status, cls, name] of cases) {
    test(`HTTP ${status} becomes ${name} with status, request id, API message, method and path`, async () => {
      const { error, key } = await failWith({
        status,
        headers: { 'x-request-id': `req_${status}` },
        body: envelope(`problem ${status}`, 'limit', 'c1'),
      });
      assert.ok(error instanceof cls);
      assert.ok(error instanceof ApiStatusError && error instanceof UsageApiError);
      assert.equal(error.name, name);
      assert.equal(error.status, status);
      assert.equal(error.requestId, `req_${status}`);
      assert.equal(error.apiMessage, `problem ${status}`);
      assert.equal(error.param, 'limit');
      assert.equal(error.code, 'c1');
      assert.match(
        error.message,
        new RegExp(`^${status} GET /v1/organization/usage/completions: problem ${status} \\[request req_${status}\\]`),
      );
      assert.ok(!error.message.includes('start_time'), 'no query string in the message');
      assertKeyAbsent(error, key);
    });
  }

  test('401 and 403 carry actionable hints', async () => {
    const { error: e401 } = await failWith({
      status: 401,
      body: envelope('Incorrect API key provided: sk-ad***xyz.', null, 'invalid_api_key'),
    });
    assert.ok(e401 instanceof AuthenticationError);
    assert.match(
      e401.message,
      /check OPENAI_ADMIN_KEY; create an admin key at https:\/\/platform\.openai\.com\/settings\/organization\/admin-keys/,
    );
    const { error: e403 } = await failWith({
      status: 403,
      body: { error: 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.' },
    });
    assert.ok(e403 instanceof PermissionDeniedError);
    assert.equal(
      e403.apiMessage,
      'You have insufficient permissions for this operation. Missing scopes: api.usage.read.',
    );
    assert.equal(e403.type, null);
    assert.match(e403.message, /lacks api\.usage\.read: use an organization admin key, not a project key/);
  });

  test('an HTML 502 page is summarized by its title', async () => {
    const { error } = await failWith({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
    });
    assert.ok(error instanceof InternalServerError);
    assert.match(error.message, /non-JSON body \(HTML page "502 Bad Gateway"\)/);
  });

  test('a server echoing the key never gets it into the error', async () => {
    const key = testKey();
    const { error } = await failWith(
      { status: 401, headers: { 'x-debug': key }, body: envelope(`Incorrect API key provided: ${key}.`) },
      key,
    );
    assert.ok(error instanceof AuthenticationError);
    assert.match(error.apiMessage, /\[REDACTED\]/);
    assertKeyAbsent(error, key);
  });
});

describe('other errors', () => {
  test('a refused connection gives ApiConnectionError with a sanitized cause and no key anywhere', async () => {
    const key = testKey();
    const client = new UsageClient({ apiKey: key, baseURL: 'http://127.0.0.1:1/v1', retry: { maxRetries: 0 } });
    const error = await client.getPage('costs', { start_time: 0 }).catch((e: unknown) => e);
    assert.ok(error instanceof ApiConnectionError);
    assert.match(error.message, /ECONNREFUSED/);
    assert.ok(error.cause instanceof Error && !('config' in error.cause));
    assertKeyAbsent(error, key);
    client.close();
  });

  test('a 200 with a wrong shape gives MalformedResponseError naming the JSON path and request id', async () => {
    const { error, key } = await failWith({
      headers: { 'x-request-id': 'req_x' },
      body: {
        object: 'page',
        data: [{ object: 'bucket', end_time: 1, results: [] }],
        has_more: false,
        next_page: null,
      },
    });
    assert.ok(error instanceof MalformedResponseError);
    assert.equal(error.jsonPath, '$.data[0].start_time');
    assert.equal(error.requestId, 'req_x');
    assertKeyAbsent(error, key);
  });

  test('a text/plain 200 body is MalformedResponseError after the retries', async () => {
    const { error } = await failWith({
      headers: { 'content-type': 'text/plain' },
      body: 'Service temporarily unavailable',
    });
    assert.ok(error instanceof MalformedResponseError);
    assert.match(error.message, /body is not JSON/);
  });

  test('isUsageApiError recognizes errors across realms by name', () => {
    const foreign = new Error('x');
    foreign.name = 'RateLimitError';
    assert.ok(isUsageApiError(foreign));
    assert.ok(isUsageApiError(new MalformedResponseError('m')));
    assert.ok(!isUsageApiError(new TypeError('x')));
    assert.ok(!isUsageApiError('RateLimitError'));
  });

  test('an empty or whitespace apiKey fails early without echoing it', () => {
    assert.throws(() => new UsageClient({ apiKey: '' }), /^TypeError: invalid apiKey: expected a non-empty string/);
    assert.throws(
      () => new UsageClient({ apiKey: 'sk-admin-abc def' }),
      (e: unknown) => e instanceof TypeError && !e.message.includes('abc'),
    );
    assert.throws(() => new UsageClient({ apiKey: 'k', baseURL: 'ftp://x' }), /invalid baseURL/);
    assert.throws(() => new UsageClient({ apiKey: 'k', timeoutMs: 0 }), /invalid timeoutMs: 0/);
  });

  test('the client object itself does not expose the key to inspection', () => {
    const key = testKey();
    const client = new UsageClient({ apiKey: key, baseURL: 'http://127.0.0.1:1/v1' });
    assert.ok(!util.inspect(client, { depth: 10, showHidden: true }).includes(key));
    assert.ok(!JSON.stringify(client).includes(key));
    client.close();
  });
});
