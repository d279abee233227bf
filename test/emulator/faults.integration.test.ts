import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { NOW, get, getAllPages, getPage, parseError, testKey, total, type Page } from './helpers';

let emu: RunningEmulator;
const key = testKey();
const Q = `/organization/usage/completions?start_time=${NOW - 3600}`;

before(async () => {
  emu = await startEmulator({ adminKeys: [key], now: () => NOW });
});
after(() => emu.close());

async function statuses(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push((await get(emu.baseURL, Q, key)).status);
  return out;
}

test('rateLimit answers N x 429 with Retry-After seconds, then recovers', async () => {
  emu.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 3 } });
  const first = await get(emu.baseURL, Q, key);
  assert.equal(first.status, 429);
  assert.equal(first.headers.get('retry-after'), '3');
  assert.equal(parseError(first.text).code, 'rate_limit_exceeded');
  assert.deepEqual(await statuses(2), [429, 200]);
});

test('rateLimit can send retry-after-ms and an HTTP-date Retry-After', async () => {
  emu.setFaults({ rateLimit: { count: 1, retryAfterMs: 250 } });
  const ms = await get(emu.baseURL, Q, key);
  assert.equal(ms.headers.get('retry-after-ms'), '250');
  assert.equal(ms.headers.get('retry-after'), null);
  emu.setFaults({ rateLimit: { count: 1, retryAfterSeconds: 30, retryAfterDate: true } });
  const dated = await get(emu.baseURL, Q, key);
  const when = Date.parse(dated.headers.get('retry-after') ?? '');
  assert.ok(Number.isFinite(when));
  assert.match(dated.headers.get('retry-after') ?? '', /GMT$/);
});

test('serverError answers N x 500 (or the given status) in the envelope', async () => {
  emu.setFaults({ serverError: { count: 1 } });
  const reply = await get(emu.baseURL, Q, key);
  assert.equal(reply.status, 500);
  assert.equal(parseError(reply.text).type, 'server_error');
  emu.setFaults({ serverError: { count: 2, status: 503 } });
  assert.deepEqual(await statuses(3), [503, 503, 200]);
});

test('truncatedBody sends a 200 whose JSON is cut; nonJsonBody sends text/plain', async () => {
  emu.setFaults({ truncatedBody: { count: 1 } });
  const cut = await get(emu.baseURL, Q, key);
  assert.equal(cut.status, 200);
  assert.throws(() => JSON.parse(cut.text));
  assert.ok(cut.text.startsWith('{"object":"page"'));
  emu.setFaults({ nonJsonBody: { count: 1 } });
  const garbage = await get(emu.baseURL, Q, key);
  assert.equal(garbage.status, 200);
  assert.match(garbage.headers.get('content-type') ?? '', /text\/plain/);
  assert.throws(() => JSON.parse(garbage.text));
  assert.equal((await get(emu.baseURL, Q, key)).status, 200);
});

test('htmlBadGateway sends a 502 HTML page', async () => {
  emu.setFaults({ htmlBadGateway: { count: 1 } });
  const reply = await get(emu.baseURL, Q, key);
  assert.equal(reply.status, 502);
  assert.match(reply.headers.get('content-type') ?? '', /text\/html/);
  assert.match(reply.text, /502 Bad Gateway/);
});

test('hangMs holds the headers back long enough for a client timeout to fire, then stops', async () => {
  emu.setFaults({ hangMs: { count: 1, ms: 5000 } });
  await assert.rejects(
    fetch(`${emu.baseURL}${Q}`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(100) }),
    /abort|timeout/i,
  );
  const after = await fetch(`${emu.baseURL}${Q}`, {
    headers: { Authorization: `Bearer ${key}` },
    signal: AbortSignal.timeout(5000),
  });
  assert.equal(after.status, 200);
});

test('latencyMs delays answers without changing them', async () => {
  emu.setFaults({ latencyMs: 20 });
  const page = await getPage(emu.baseURL, Q, key);
  assert.equal(page.object, 'page');
  emu.setFaults({});
});

test('requestsPerSecond lets a burst through then answers 429 with Retry-After', async () => {
  emu.setFaults({ requestsPerSecond: 0.01 });
  const codes = await statuses(3);
  assert.deepEqual(codes, [200, 429, 429]);
  const limited = await get(emu.baseURL, Q, key);
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  emu.setFaults({});
  assert.equal((await get(emu.baseURL, Q, key)).status, 200);
});

test('bad fault plans fail early with the field name', () => {
  assert.throws(
    () => emu.setFaults({ serverError: { count: 1, status: 404 } }),
    /invalid faults\.serverError\.status: 404/,
  );
  assert.throws(() => emu.setFaults({ rateLimit: { count: -1 } }), /invalid faults\.rateLimit\.count: -1/);
  assert.throws(() => emu.setFaults({ requestsPerSecond: 0 }), /invalid faults\.requestsPerSecond: 0/);
});

test('connectionReset destroys the connection without an answer, then stops', async () => {
  emu.setFaults({ connectionReset: { count: 1 } });
  await assert.rejects(get(emu.baseURL, Q, key), /fetch failed/);
  assert.equal((await get(emu.baseURL, Q, key)).status, 200);
});

test('trickle sends the same 200 body a few bytes at a time', async () => {
  emu.setFaults({});
  const whole = (await get(emu.baseURL, Q, key)).text;
  emu.setFaults({ trickle: { count: 1, chunkMs: 1, chunkBytes: Math.ceil(whole.length / 5) } });
  const started = Date.now();
  const slow = await get(emu.baseURL, Q, key);
  assert.equal(slow.status, 200);
  assert.equal(slow.text, whole);
  assert.ok(Date.now() - started >= 4, 'the body came in several chunks');
  assert.throws(() => emu.setFaults({ trickle: { count: 1, chunkMs: 1, chunkBytes: 0 } }), /invalid faults\.trickle/);
});

test('reviseBetweenPages serves revised buckets after the given number of pages; recordBodies keeps what was sent', async () => {
  const recording = await startEmulator({ adminKeys: [key], now: () => NOW, recordBodies: true });
  try {
    const q = `/organization/usage/completions?start_time=${NOW - 3 * 3600}&bucket_width=1h&limit=1`;
    const before = await getAllPages(recording.baseURL, q, key);
    recording.setFaults({ reviseBetweenPages: { afterPages: 1, revision: { start: 0, end: NOW, scale: 2 } } });
    recording.resetRequests();
    const mixed = await getAllPages(recording.baseURL, q, key);
    const tokens = (p: Page | undefined): number => total(p?.data ?? [], 'input_tokens');
    assert.equal(tokens(mixed[0]), tokens(before[0]), 'the first page is as before');
    assert.ok(tokens(before[1]) > 0);
    assert.equal(tokens(mixed[1]), 2 * tokens(before[1]), 'later pages are revised');
    const bodies = recording.requests.map((r): unknown => (r.body === undefined ? undefined : JSON.parse(r.body)));
    assert.deepEqual(bodies, mixed);
  } finally {
    await recording.close();
  }
});
