import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_BASE_URL, normalizeBaseURL, resolveClientOptions } from '../../lib/api/client-options';

const KEY = 'sk-admin-client-options-0123456789';

test('defaults: the official base URL, 60 s per attempt, 10,000 pages, 4 in flight, the real clock', () => {
  const o = resolveClientOptions({ apiKey: KEY });
  assert.equal(o.baseURL, DEFAULT_BASE_URL);
  assert.equal(DEFAULT_BASE_URL, 'https://api.openai.com/v1');
  assert.deepEqual([o.timeoutMs, o.maxPages, o.concurrency], [60_000, 10_000, 4]);
  assert.equal(o.now, Date.now);
  assert.equal(o.random, Math.random);
  assert.equal(o.onProgress, undefined);
  assert.equal(o.onRetry, undefined);
  assert.ok(!('apiKey' in o), 'the resolved options never carry the key');
});

test('given values are kept, injected functions as given, the base URL without trailing slashes', async () => {
  const sleep = (): Promise<void> => Promise.resolve();
  const now = (): number => 5;
  const random = (): number => 0;
  const onProgress = (): void => undefined;
  const o = resolveClientOptions({
    apiKey: KEY,
    baseURL: 'http://127.0.0.1:8080/v1///',
    timeoutMs: 1,
    maxPages: 2,
    concurrency: 3,
    sleep,
    now,
    random,
    onProgress,
  });
  assert.deepEqual([o.baseURL, o.timeoutMs, o.maxPages, o.concurrency], ['http://127.0.0.1:8080/v1', 1, 2, 3]);
  assert.equal(o.sleep, sleep);
  assert.equal(o.now, now);
  assert.equal(o.random, random);
  assert.equal(o.onProgress, onProgress);
  // The default sleep really waits (a resolved promise after a timer).
  const def = resolveClientOptions({ apiKey: KEY });
  assert.equal(await def.sleep(0), undefined);
});

test('bad numbers fail early as invalid <name>: <value>', () => {
  for (const name of ['timeoutMs', 'maxPages', 'concurrency'] as const)
    for (const value of [0, -1, 1.5, NaN, Infinity])
      assert.throws(
        () => resolveClientOptions({ apiKey: KEY, [name]: value }),
        (e: unknown) => e instanceof TypeError && e.message === `invalid ${name}: ${String(value)}`,
        `${name}=${value}`,
      );
});

test('a missing, blank or spaced key is refused without echoing it', () => {
  const secret = 'sk-admin-half a key';
  const cases: unknown[] = [undefined, '', '   ', '\u200b', 42];
  for (const apiKey of cases)
    assert.throws(
      () => resolveClientOptions({ apiKey } as never),
      /^TypeError: invalid apiKey: expected a non-empty string \(set OPENAI_ADMIN_KEY\)$/,
    );
  assert.throws(
    () => resolveClientOptions({ apiKey: secret }),
    (e: unknown) => e instanceof TypeError && e.message === 'invalid apiKey: contains whitespace',
  );
  // A tab or a line break pasted inside the key, too.
  for (const spaced of ['sk-admin-abc\tdef', 'sk-admin-abc\ndef', `${KEY}\n`])
    assert.throws(() => resolveClientOptions({ apiKey: spaced }), /^TypeError: invalid apiKey: contains whitespace$/);
  // Surrounding blanks are spaces too: the key is refused, not trimmed silently.
  assert.throws(() => resolveClientOptions({ apiKey: ` ${KEY}` }), /contains whitespace/);
  assert.throws(() => resolveClientOptions(null as never), /^TypeError: invalid options/);
});

test('normalizeBaseURL: http(s) only, no credentials, query or fragment, named by the caller', () => {
  assert.equal(normalizeBaseURL('https://gw.example.com/openai/v1/'), 'https://gw.example.com/openai/v1');
  assert.equal(normalizeBaseURL('http://localhost:1/v1'), 'http://localhost:1/v1');
  assert.throws(
    () => normalizeBaseURL('api.openai.com/v1'),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message === `invalid baseURL: "api.openai.com/v1" (expected an http(s) URL such as ${DEFAULT_BASE_URL})`,
  );
  assert.throws(
    () => normalizeBaseURL('ftp://x/v1', 'OPENAI_BASE_URL'),
    /^TypeError: invalid OPENAI_BASE_URL: "ftp:\/\/x\/v1" \(expected http or https/,
  );
  // The credentials are not echoed: the message shows the origin and path only.
  assert.throws(
    () => normalizeBaseURL('https://user:hunter2@gw.example.com/v1'),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message === 'invalid baseURL: "https://gw.example.com/v1" (no credentials, query or fragment)',
  );
  assert.throws(() => normalizeBaseURL('https://gw.example.com/v1?key=1'), /no credentials, query or fragment/);
  assert.throws(() => normalizeBaseURL('https://gw.example.com/v1#top'), /no credentials, query or fragment/);
});

test('property: a valid positive integer passes as is, anything else below 1 or fractional is refused', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.double()), (n) => {
      const ok = Number.isInteger(n) && n >= 1;
      if (ok) assert.equal(resolveClientOptions({ apiKey: KEY, maxPages: n }).maxPages, n);
      else assert.throws(() => resolveClientOptions({ apiKey: KEY, maxPages: n }), /^TypeError: invalid maxPages: /);
    }),
  );
});
