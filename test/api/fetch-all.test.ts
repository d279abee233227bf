import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageClient, type FetchProgress, type RetryInfo } from '../../lib/api/index';
import { planWindows } from '../../lib/api/plan-windows';
import { gridResult, startGridServer } from '../helpers/grid-server';
import { testKey } from '../helpers/scripted-server';

const NOW = 1_739_208_663;
const HOUR = 3600;
const DAY = 86_400;

describe('planWindows', () => {
  test('starts at the query start, then follows width boundaries, and ends at end', () => {
    const start = 1_736_616_663;
    const w = planWindows(start, start + 10 * DAY, '1d', 3);
    const midnight = Math.floor(start / DAY) * DAY;
    assert.deepEqual(w, [
      { start, end: midnight + 3 * DAY },
      { start: midnight + 3 * DAY, end: midnight + 6 * DAY },
      { start: midnight + 6 * DAY, end: midnight + 9 * DAY },
      { start: midnight + 9 * DAY, end: start + 10 * DAY },
    ]);
    assert.deepEqual(planWindows(0, 60, '1m', 1440), [{ start: 0, end: 60 }]);
    assert.deepEqual(planWindows(10, 10, '1h', 5), []);
    assert.throws(() => planWindows(0, 1, '1h', 0), /invalid bucketsPerWindow: 0/);
  });
});

describe('concurrent fetchAll', () => {
  test('returns exactly the buckets of a sequential fetch, with bounded concurrency and one page per window', async (t) => {
    const server = await startGridServer({ now: NOW, delayMs: 25 });
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, now: () => NOW * 1000 });
    t.after(() => client.close());
    const query = { start_time: NOW - 40 * DAY, bucket_width: '1h' as const, limit: 24, group_by: ['model'] };
    const sequential = await client.fetchAll('completions', query, { concurrency: 1 });
    const sequentialRequests = server.requests.length;
    const concurrent = await client.fetchAll('completions', query, { concurrency: 3 });
    assert.deepEqual(concurrent, sequential);
    // Independent check: every hour of the range, once, in order, with its deterministic result.
    assert.equal(concurrent.length, 40 * 24 + 1);
    for (const [i, b] of concurrent.entries()) {
      if (i > 0) assert.equal(b.start_time, concurrent[i - 1]?.end_time);
      const r = b.results[0];
      const expected = gridResult(b.start_time);
      assert.deepEqual(
        [r?.input_tokens, r?.output_tokens, r?.num_model_requests],
        [expected.input_tokens, expected.output_tokens, expected.num_model_requests],
      );
    }
    const windowRequests = server.requests.slice(sequentialRequests);
    assert.equal(sequentialRequests, Math.ceil(961 / 24));
    assert.equal(windowRequests.length, Math.ceil(961 / 168));
    for (const r of windowRequests) {
      assert.equal(r.query.get('limit'), '168');
      assert.equal(r.query.get('end_time') !== null, true);
      assert.deepEqual(r.query.getAll('group_by[]'), ['model']);
    }
    assert.equal(Math.max(...windowRequests.map((r) => r.inFlight)), 3);
  });

  test('backs off on a 429: waits the server delay and halves the concurrency', async (t) => {
    let rateLimited = false;
    const server = await startGridServer({
      now: NOW,
      delayMs: 30,
      intercept: (req) => {
        if (req.n !== 2) return undefined;
        rateLimited = true;
        // Answered a little later so the 4 first requests have all arrived before the client sees it.
        return {
          status: 429,
          delayMs: 10,
          headers: { 'retry-after-ms': '40' },
          body: {
            error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' },
          },
        };
      },
    });
    t.after(() => server.close());
    let fakeNow = NOW * 1000;
    const sleeps: number[] = [];
    const retries: Array<RetryInfo & { seenRequests: number }> = [];
    const client = new UsageClient({
      apiKey: testKey(),
      baseURL: server.baseURL,
      now: () => fakeNow,
      sleep: (ms) => {
        sleeps.push(ms);
        t.after(() => client.close());
        fakeNow += ms;
        return Promise.resolve();
      },
      onRetry: (info) => retries.push({ ...info, seenRequests: server.requests.length }),
    });
    const query = { start_time: NOW - 60 * DAY, end_time: NOW, bucket_width: '1h' as const };
    const progress: FetchProgress[] = [];
    const concurrent = await client.fetchAll('completions', query, {
      concurrency: 4,
      onProgress: (p) => progress.push(p),
    });
    assert.ok(rateLimited);
    assert.deepEqual(
      progress.filter((p) => p.waitingMs !== undefined).map((p) => [p.waitingMs, p.attempt, p.done]),
      [[40, 1, false]],
    );
    assert.deepEqual(progress.at(-1), {
      endpoint: 'completions',
      pages: Math.ceil(1441 / 168),
      buckets: 1441,
      results: 1441,
      done: true,
    });
    assert.equal(concurrent.length, 60 * 24 + 1);
    assert.deepEqual(
      retries.map((r) => [r.status, r.delayMs]),
      [[429, 40]],
    );
    assert.equal(sleeps[0], 40);
    const windows = Math.ceil(1441 / 168);
    assert.equal(server.requests.length, windows + 1);
    const after = server.requests.slice(retries[0]?.seenRequests ?? 0);
    assert.ok(after.length > 0);
    assert.ok(
      after.every((r) => r.inFlight <= 2),
      `in flight after the 429: ${after.map((r) => r.inFlight).join(',')}`,
    );
    const sequential = await client.fetchAll('completions', query, { concurrency: 1 });
    assert.deepEqual(concurrent, sequential);
  });

  test('pins a missing end_time to now() once so every window agrees', async (t) => {
    const server = await startGridServer({ now: NOW });
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, now: () => NOW * 1000 + 999 });
    t.after(() => client.close());
    const buckets = await client.fetchAll(
      'completions',
      { start_time: NOW - 10 * DAY, bucket_width: '1h' },
      { concurrency: 2 },
    );
    assert.equal(buckets.at(-1)?.end_time, NOW);
    assert.equal(Math.max(...server.requests.map((r) => Number(r.query.get('end_time')))), NOW);
    assert.equal(server.requests.length, 2);
    assert.equal(buckets.length, 10 * 24 + 1);
    assert.equal(buckets[0]?.end_time, Math.ceil((NOW - 10 * DAY) / HOUR) * HOUR);
  });

  test('a range that fits one window takes one request of the max limit, with the same buckets as small pages', async (t) => {
    const server = await startGridServer({ now: NOW });
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, now: () => NOW * 1000 });
    t.after(() => client.close());
    const query = { start_time: NOW - 90 * DAY, end_time: NOW, bucket_width: '1d' as const, limit: 7 };
    const small = await client.fetchAll('costs', query, { concurrency: 1 });
    assert.equal(server.requests.length, Math.ceil(91 / 7));
    const one = await client.fetchAll('costs', query);
    assert.deepEqual(one, small);
    assert.equal(server.requests.length, Math.ceil(91 / 7) + 1);
    assert.equal(server.requests.at(-1)?.query.get('limit'), '180');
  });

  test('a failing window fails the whole fetch with its typed error', async (t) => {
    const server = await startGridServer({
      now: NOW,
      intercept: (req) =>
        req.n === 1
          ? {
              status: 400,
              body: { error: { message: 'nope', type: 'invalid_request_error', param: null, code: null } },
            }
          : undefined,
    });
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    t.after(() => client.close());
    await assert.rejects(
      client.fetchAll(
        'completions',
        { start_time: NOW - 30 * DAY, end_time: NOW, bucket_width: '1h' },
        { concurrency: 2 },
      ),
      { name: 'BadRequestError' },
    );
  });
});
