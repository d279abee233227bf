import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFaultState, type CannedResponse, type FaultAction } from '../../lib/emulator/fault-state';
import type { FaultPlan } from '../../lib/emulator/types';

function canned(a: FaultAction): CannedResponse {
  assert.ok(a.replace !== null && typeof a.replace === 'object', JSON.stringify(a));
  return a.replace;
}

function errorOf(body: string): { message: string; type: string; param: null; code: string | null } {
  const parsed: unknown = JSON.parse(body);
  assert.ok(typeof parsed === 'object' && parsed !== null && 'error' in parsed);
  return parsed.error as { message: string; type: string; param: null; code: string | null };
}

const CLEAN: FaultAction = { delayMs: 0, replace: null, trickle: null };

test('no plan, no fault', () => {
  const f = createFaultState({});
  for (let i = 0; i < 3; i++) assert.deepEqual(f.next(), CLEAN);
  assert.equal(f.revision(), undefined);
});

test('counted faults apply to the next `count` requests in a fixed order, then stop', () => {
  const f = createFaultState({
    rateLimit: { count: 1 },
    serverError: { count: 2, status: 503 },
    htmlBadGateway: { count: 1 },
    nonJsonBody: { count: 1 },
    connectionReset: { count: 1 },
    truncatedBody: { count: 1 },
    trickle: { count: 1, chunkMs: 5 },
  });
  const kinds = Array.from({ length: 10 }, () => {
    const a = f.next();
    if (a.trickle !== null) return `trickle ${a.trickle.chunkBytes}/${a.trickle.chunkMs}`;
    if (a.replace === null || typeof a.replace === 'string') return String(a.replace);
    return `${a.replace.status} ${a.replace.contentType}`;
  });
  assert.deepEqual(kinds, [
    '429 application/json',
    '503 application/json',
    '503 application/json',
    '502 text/html',
    '200 text/plain',
    'reset',
    'truncate',
    'trickle 1/5',
    'null',
    'null',
  ]);
});

test('429: Retry-After of 1 s by default, seconds or an HTTP date as asked, retry-after-ms alone or with it', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5);
  const headers = (rateLimit: NonNullable<FaultPlan['rateLimit']>): Record<string, string> =>
    canned(createFaultState({ rateLimit }, () => now).next()).headers;
  assert.deepEqual(headers({ count: 1 }), { 'retry-after': '1' });
  assert.deepEqual(headers({ count: 1, retryAfterSeconds: 7 }), { 'retry-after': '7' });
  assert.deepEqual(headers({ count: 1, retryAfterSeconds: 7, retryAfterDate: true }), {
    'retry-after': 'Fri, 02 Jan 2026 03:04:12 GMT',
  });
  assert.deepEqual(headers({ count: 1, retryAfterMs: 250 }), { 'retry-after-ms': '250' });
  assert.deepEqual(headers({ count: 1, retryAfterMs: 250, retryAfterSeconds: 2 }), {
    'retry-after': '2',
    'retry-after-ms': '250',
  });
  const r = canned(createFaultState({ rateLimit: { count: 1 } }).next());
  assert.equal(r.status, 429);
  assert.deepEqual(errorOf(r.body), {
    message: 'Rate limit reached for requests. Please try again later.',
    type: 'requests',
    param: null,
    code: 'rate_limit_exceeded',
  });
});

test('a 5xx is the official envelope; the 502 page is a proxy’s HTML; a text body is no JSON', () => {
  const f = createFaultState({ serverError: { count: 1 }, htmlBadGateway: { count: 1 }, nonJsonBody: { count: 1 } });
  const server = canned(f.next());
  assert.equal(server.status, 500);
  assert.equal(errorOf(server.body).type, 'server_error');
  const html = canned(f.next());
  assert.match(html.body, /<title>502 Bad Gateway<\/title>/);
  const text = canned(f.next());
  assert.equal(text.status, 200);
  assert.throws(() => JSON.parse(text.body) as unknown, SyntaxError);
});

test('latency on every request, a hang on the next `count` ones on top of it', () => {
  const f = createFaultState({ latencyMs: 20, hangMs: { count: 2, ms: 1000 } });
  assert.deepEqual(
    [f.next(), f.next(), f.next()].map((a) => a.delayMs),
    [1020, 1020, 20],
  );
});

test('requestsPerSecond: a token bucket of burst max(1, rate) refilled by the clock; excess gets 429 saying when', () => {
  let now = 0;
  const f = createFaultState({ requestsPerSecond: 2 }, () => now);
  assert.deepEqual([f.next().replace, f.next().replace], [null, null]);
  const limited = canned(f.next());
  assert.equal(limited.status, 429);
  assert.deepEqual(limited.headers, { 'retry-after': '1' });
  assert.match(
    errorOf(limited.body).message,
    /^Rate limit reached for requests per second \(limit 2\)\. Please try again in 1s\.$/,
  );
  now = 500; // one token back
  assert.equal(f.next().replace, null);
  assert.notEqual(f.next().replace, null);
  now = 10_000; // refilled, but never beyond the burst
  assert.deepEqual([f.next().replace, f.next().replace], [null, null]);
  assert.notEqual(f.next().replace, null);
  // A slow rate: a burst of 1 and a wait of whole seconds.
  let t = 0;
  const slow = createFaultState({ requestsPerSecond: 0.25 }, () => t);
  assert.equal(slow.next().replace, null);
  assert.deepEqual(canned(slow.next()).headers, { 'retry-after': '4' });
  t = 4000;
  assert.equal(slow.next().replace, null);
});

test('reviseBetweenPages: the revision is due once `afterPages` pages were served; a new plan starts over', () => {
  const revision = { start: 0, end: 86_400, scale: 2 };
  const f = createFaultState({ reviseBetweenPages: { afterPages: 2, revision } });
  assert.equal(f.revision(), undefined);
  f.pageServed();
  assert.equal(f.revision(), undefined);
  f.pageServed();
  // A copy (the plan is cloned), the same one on every call: revised buckets are cached per revision object.
  assert.deepEqual(f.revision(), revision);
  assert.equal(f.revision(), f.revision());
  f.setPlan({ reviseBetweenPages: { afterPages: 1, revision } });
  assert.equal(f.revision(), undefined);
  assert.deepEqual(createFaultState({ reviseBetweenPages: { afterPages: 0, revision } }).revision(), revision);
});

test('the plan is copied: the caller’s counts are never consumed; setPlan replaces the rest', () => {
  const plan: FaultPlan = { serverError: { count: 1 } };
  const f = createFaultState(plan);
  f.next();
  assert.equal(plan.serverError?.count, 1);
  f.setPlan(plan);
  assert.equal(canned(f.next()).status, 500);
  f.setPlan({});
  assert.deepEqual(f.next(), CLEAN);
});

test('a bad plan is refused as invalid faults.<name>: <value>', () => {
  const cases: [FaultPlan, string][] = [
    [{ rateLimit: { count: -1 } }, 'invalid faults.rateLimit.count: -1'],
    [{ serverError: { count: 1.5 } }, 'invalid faults.serverError.count: 1.5'],
    [{ hangMs: { count: NaN, ms: 1 } }, 'invalid faults.hangMs.count: NaN'],
    [{ trickle: { count: 1, chunkMs: -1 } }, 'invalid faults.trickle: {"count":1,"chunkMs":-1}'],
    [
      { trickle: { count: 1, chunkMs: 1, chunkBytes: 0 } },
      'invalid faults.trickle: {"count":1,"chunkMs":1,"chunkBytes":0}',
    ],
    [
      { reviseBetweenPages: { afterPages: -1, revision: { start: 0, end: 1, scale: 1 } } },
      'invalid faults.reviseBetweenPages.afterPages: -1',
    ],
    [{ serverError: { count: 1, status: 404 } }, 'invalid faults.serverError.status: 404'],
    [{ serverError: { count: 1, status: 600 } }, 'invalid faults.serverError.status: 600'],
    [{ requestsPerSecond: 0 }, 'invalid faults.requestsPerSecond: 0'],
    [{ requestsPerSecond: NaN }, 'invalid faults.requestsPerSecond: NaN'],
  ];
  for (const [plan, message] of cases) {
    assert.throws(
      () => createFaultState(plan),
      (e: unknown) => e instanceof RangeError && e.message === message,
      message,
    );
    const f = createFaultState({ serverError: { count: 1 } });
    assert.throws(() => f.setPlan(plan), RangeError);
    // A refused plan leaves the previous one in force.
    assert.equal(canned(f.next()).status, 500);
  }
});
