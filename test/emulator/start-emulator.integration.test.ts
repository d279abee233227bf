import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startEmulator } from '../../lib/emulator/start-emulator';
import type { EmulatorOptions, RunningEmulator } from '../../lib/emulator/types';
import { DAY, NOW, get, parseError, testKey } from './helpers';

const Q = `/organization/usage/embeddings?start_time=${NOW - 3 * DAY}`;

/** A raw GET (any method) returning status, headers and body, or the socket error. */
function request(
  emu: RunningEmulator,
  method: string,
  path: string,
  key?: string,
): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${emu.baseURL}${path}`,
      { method, headers: key === undefined ? {} : { authorization: `Bearer ${key}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('options', () => {
  test('bad options are refused before listening, as invalid <name>: <value>', async () => {
    const cases: [EmulatorOptions, RegExp][] = [
      [{ organizationId: 'org one' }, /^invalid organizationId: "org one" \(printable ASCII without spaces, 1-128/],
      [{ organizationId: '' }, /^invalid organizationId: ""/],
      [{ organizationId: 'x'.repeat(129) }, /^invalid organizationId: /],
      [{ port: 70000 }, /^invalid port: 70000$/],
      [{ port: 1.5 }, /^invalid port: 1\.5$/],
      [{ adminKeys: [] }, /^invalid adminKeys: expected non-empty keys without spaces$/],
      [{ adminKeys: ['sk-admin a'] }, /^invalid adminKeys/],
      [{ groupingSince: -1 }, /^invalid groupingSince: -1 \(expected Unix seconds\)$/],
      [{ newFieldsSince: 1.5 }, /^invalid newFieldsSince: 1\.5/],
      [{ imageUsageGap: 2 }, /^invalid imageUsageGap: 2 \(expected 0\.\.1\)$/],
      [{ imageUsageGap: NaN }, /^invalid imageUsageGap: NaN/],
      [{ amountFormat: 'float' as never }, /^invalid amountFormat: float$/],
      [{ projectKeyErrorStyle: 'teapot' as never }, /^invalid projectKeyErrorStyle: teapot$/],
      [
        { directory: { fail: 'sometimes' as never } },
        /^invalid directory\.fail: sometimes \(forbidden or server-error\)$/,
      ],
      [{ faults: { rateLimit: { count: -1 } } }, /^invalid faults\.rateLimit\.count: -1$/],
      [{ dataset: { projects: -1 } }, /^invalid dataset\.projects: -1$/],
    ];
    for (const [options, message] of cases)
      await assert.rejects(
        startEmulator(options),
        (e: unknown) => e instanceof RangeError && message.test(e.message),
        message.source,
      );
  });

  test('defaults: a bound port on 127.0.0.1, one random demo admin key, an organization slug derived from the seed', async (t) => {
    const a = await startEmulator({ seed: 3 });
    t.after(() => a.close());
    const b = await startEmulator({ seed: 3 });
    t.after(() => b.close());
    const c = await startEmulator({
      seed: 4,
      organizationId: 'acme-k3v9qd',
      adminKeys: ['sk-admin-one', 'sk-admin-two'],
    });
    t.after(() => c.close());
    assert.equal(a.baseURL, `http://127.0.0.1:${a.port}/v1`);
    assert.ok(a.port > 0 && a.port !== b.port);
    assert.match(a.adminKey, /^sk-admin-demo-[0-9a-f]{32}$/);
    assert.notEqual(a.adminKey, b.adminKey);
    assert.match(a.organizationId, /^user-[a-z0-9]{24}$/);
    assert.equal(a.organizationId, b.organizationId, 'the same seed, the same organization');
    const other = await startEmulator({ seed: 5 });
    t.after(() => other.close());
    assert.notEqual(other.organizationId, a.organizationId);
    assert.equal(c.organizationId, 'acme-k3v9qd');
    assert.equal(c.adminKey, 'sk-admin-one');
    for (const key of ['sk-admin-one', 'sk-admin-two']) assert.equal((await get(c.baseURL, Q, key)).status, 200);
    assert.equal((await get(c.baseURL, Q, a.adminKey)).status, 401);
  });
});

describe('answers', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ now: () => NOW, organizationId: 'org-answers', recordBodies: true });
  });
  after(() => emu.close());

  test('every answer has its own x-request-id; the organization is named once the key is accepted', async () => {
    const ok = await get(emu.baseURL, Q, emu.adminKey);
    const notFound = await get(emu.baseURL, '/organization/nothing', emu.adminKey);
    const unauthorized = await get(emu.baseURL, Q, testKey());
    const ids = [ok, notFound, unauthorized].map((r) => r.headers.get('x-request-id') ?? '');
    for (const id of ids) assert.match(id, /^req_[0-9a-f]{32}$/);
    assert.equal(new Set(ids).size, 3);
    assert.equal(ok.headers.get('openai-organization'), 'org-answers');
    assert.equal(notFound.status, 404);
    assert.equal(parseError(notFound.text).message, 'Invalid URL (GET /v1/organization/nothing)');
    assert.equal(notFound.headers.get('openai-organization'), 'org-answers');
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('openai-organization'), null);
  });

  test('only GET: another method is a 405 with Allow: GET, before the key is even looked at', async () => {
    for (const method of ['POST', 'DELETE', 'PUT']) {
      const res = await request(emu, method, Q);
      assert.equal(res.status, 405, method);
      assert.equal(res.headers['allow'], 'GET');
      assert.equal(
        parseError(res.body).message,
        `Method ${method} not allowed on /v1/organization/usage/embeddings; only GET is supported.`,
      );
    }
  });

  test('requests are recorded when answered: method, path, query, status, time, the full 200 body; reset clears them', async () => {
    emu.resetRequests();
    const t0 = Date.now();
    const ok = await get(emu.baseURL, `${Q}&limit=2`, emu.adminKey);
    await get(emu.baseURL, '/organization/users?limit=1', emu.adminKey);
    await request(emu, 'POST', '/organization/projects');
    const [page, users, post] = emu.requests;
    assert.equal(emu.requests.length, 3);
    assert.deepEqual(
      [page?.method, page?.path, page?.query, page?.status],
      ['GET', '/v1/organization/usage/embeddings', `start_time=${NOW - 3 * DAY}&limit=2`, 200],
    );
    assert.equal(page?.body, ok.text);
    assert.ok((page?.at ?? 0) >= t0 && (page?.at ?? 0) <= Date.now());
    assert.deepEqual([users?.path, users?.status], ['/v1/organization/users', 200]);
    assert.match(users?.body ?? '', /^\{"object":"list"/);
    assert.deepEqual([post?.method, post?.status, post?.body], ['POST', 405, undefined]);
    assert.ok(!JSON.stringify(emu.requests).includes(emu.adminKey), 'no key recorded');
    emu.resetRequests();
    assert.equal(emu.requests.length, 0);
  });

  test('canned faults: a JSON 429 names the organization, a proxy’s HTML 502 does not', async () => {
    emu.setFaults({ rateLimit: { count: 1 }, htmlBadGateway: { count: 1 } });
    const limited = await get(emu.baseURL, Q, emu.adminKey);
    const proxy = await get(emu.baseURL, Q, emu.adminKey);
    const fine = await get(emu.baseURL, Q, emu.adminKey);
    emu.setFaults({});
    assert.deepEqual([limited.status, limited.headers.get('openai-organization')], [429, 'org-answers']);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.deepEqual([proxy.status, proxy.headers.get('openai-organization')], [502, null]);
    assert.equal(proxy.headers.get('content-type'), 'text/html');
    assert.equal(fine.status, 200);
  });

  test('a truncated body is the first half of the real one, and is not recorded as sent in full', async () => {
    const whole = await get(emu.baseURL, Q, emu.adminKey);
    emu.resetRequests();
    emu.setFaults({ truncatedBody: { count: 1 } });
    const cut = await get(emu.baseURL, Q, emu.adminKey);
    emu.setFaults({});
    assert.equal(cut.status, 200);
    assert.equal(cut.text, whole.text.slice(0, Math.floor(whole.text.length / 2)));
    assert.equal(emu.requests[0]?.body, undefined);
  });

  test('a trickled body arrives whole; a reset connection gets no answer at all', async () => {
    const whole = await get(emu.baseURL, Q, emu.adminKey);
    emu.setFaults({ trickle: { count: 1, chunkMs: 1, chunkBytes: Math.ceil(whole.text.length / 4) } });
    const slow = await get(emu.baseURL, Q, emu.adminKey);
    assert.equal(slow.text, whole.text);
    emu.setFaults({ connectionReset: { count: 1 } });
    await assert.rejects(get(emu.baseURL, Q, emu.adminKey), TypeError);
    emu.setFaults({});
    assert.equal((await get(emu.baseURL, Q, emu.adminKey)).status, 200);
  });
});

test('a revision given as an option is served from the start: scaled buckets in its range', async (t) => {
  const plain = await startEmulator({ now: () => NOW });
  t.after(() => plain.close());
  const start = Math.floor(NOW / DAY) * DAY - 2 * DAY;
  const revised = await startEmulator({ now: () => NOW, revision: { start, end: start + DAY, scale: 3 } });
  t.after(() => revised.close());
  const q = `/organization/usage/embeddings?start_time=${start}&end_time=${start + 2 * DAY}`;
  const tokens = (text: string): number[] => {
    const page = JSON.parse(text) as { data: { results: { input_tokens: number }[] }[] };
    return page.data.map((b) => b.results.reduce((s, r) => s + r.input_tokens, 0));
  };
  const [a0, a1] = tokens((await get(plain.baseURL, q, plain.adminKey)).text);
  const [b0, b1] = tokens((await get(revised.baseURL, q, revised.adminKey)).text);
  assert.ok(a0 !== undefined && a0 > 0);
  assert.equal(b0, Math.round(a0 * 3));
  assert.equal(b1, a1);
});

test('close() stops listening and frees the port', async () => {
  const emu = await startEmulator({});
  const { port } = emu;
  await emu.close();
  await assert.rejects(get(emu.baseURL, Q, emu.adminKey), TypeError);
  // The port is free again: a new server can bind it.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
