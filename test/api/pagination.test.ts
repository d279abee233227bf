import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedResponseError, PaginationLimitError, UsageClient, type FetchProgress } from '../../lib/api/index';
import { startGridServer } from '../helpers/grid-server';
import { bucket, pageBody, startScriptedServer, testKey } from '../helpers/scripted-server';

const DAY = 86_400;
const NOW = 1_739_208_663; // the cookbook's run: start 30 days earlier, not minute-aligned

describe('pages()', () => {
  test('walks many pages and returns every bucket once, in order, re-sending all params with the cursor', async (t) => {
    const server = await startGridServer({ now: NOW });
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    t.after(() => client.close());
    const start = NOW - 30 * DAY;
    const progress: FetchProgress[] = [];
    const buckets = await client.fetchAll(
      'completions',
      { start_time: start, limit: 7, group_by: ['model', 'project_id'], project_ids: ['proj_a'], batch: true },
      { concurrency: 1, onProgress: (p) => progress.push(p) },
    );
    // Independent expectation: the cookbook's 31 buckets (1 partial + 29 full + 1 partial) over 5 pages.
    assert.equal(buckets.length, 31);
    assert.equal(buckets[0]?.start_time, 1_736_616_660);
    assert.equal(buckets[0]?.end_time, 1_736_640_000);
    assert.equal(buckets[30]?.end_time, NOW);
    for (let i = 1; i < buckets.length; i++) assert.equal(buckets[i]?.start_time, buckets[i - 1]?.end_time);
    assert.equal(server.requests.length, 5);
    for (const [i, r] of server.requests.entries()) {
      assert.deepEqual(r.query.getAll('group_by[]'), ['model', 'project_id']);
      assert.deepEqual(r.query.getAll('project_ids[]'), ['proj_a']);
      assert.equal(r.query.get('batch'), 'true');
      assert.equal(r.query.get('limit'), '7');
      assert.equal(r.query.get('start_time'), String(start));
      assert.equal(r.query.has('page'), i > 0);
      assert.ok(!r.query.has('end_time'), 'the sequential path lets the server pin end_time');
    }
    assert.match(server.requests[0]?.rawQuery ?? '', /group_by%5B%5D=model/);
    assert.deepEqual(
      progress.map((p) => [p.pages, p.buckets, p.done]),
      [
        [1, 7, false],
        [2, 14, false],
        [3, 21, false],
        [4, 28, false],
        [5, 31, false],
        [5, 31, true],
      ],
    );
  });

  test('stops on has_more false even when a cursor is present', async (t) => {
    const server = await startScriptedServer(() => ({
      body: { object: 'page', data: [bucket(0)], has_more: false, next_page: 'page_ignored' },
    }));
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    t.after(() => client.close());
    const all = await client.fetchAll('costs', { start_time: 0 }, { concurrency: 1 });
    assert.equal(all.length, 1);
    assert.equal(server.requests.length, 1);
  });

  test('a repeated cursor fails with MalformedResponseError instead of looping', async (t) => {
    const server = await startScriptedServer((req) => ({
      body: pageBody([bucket(req.n * DAY)], req.n === 0 ? 'page_A' : req.n === 1 ? 'page_B' : 'page_A'),
    }));
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    t.after(() => client.close());
    await assert.rejects(
      client.fetchAll('costs', { start_time: 0 }, { concurrency: 1 }),
      (e: unknown) => e instanceof MalformedResponseError && /repeats a cursor/.test(e.message),
    );
    assert.equal(server.requests.length, 3);
  });

  test('runaway pagination stops at maxPages with PaginationLimitError', async (t) => {
    const server = await startScriptedServer((req) => ({ body: pageBody([bucket(req.n * DAY)], `page_${req.n}`) }));
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL, maxPages: 25 });
    t.after(() => client.close());
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const b of client.buckets('costs', { start_time: 0 })) seen.push(b.start_time);
      })(),
      (e: unknown) => e instanceof PaginationLimitError && e.maxPages === 25,
    );
    assert.equal(server.requests.length, 25);
    assert.equal(seen.length, 25);
  });

  test('getPage sends a given cursor with the query', async (t) => {
    const server = await startScriptedServer(() => ({ body: pageBody([], null) }));
    t.after(() => server.close());
    const client = new UsageClient({ apiKey: testKey(), baseURL: server.baseURL });
    t.after(() => client.close());
    const { requestId } = await client.getPage(
      'images',
      { start_time: 10, sizes: ['256x256', '512x512'] },
      'page_AAAA+/=',
    );
    assert.equal(requestId, undefined);
    const q = server.requests[0]?.query;
    assert.equal(q?.get('page'), 'page_AAAA+/=');
    assert.deepEqual(q?.getAll('sizes[]'), ['256x256', '512x512']);
  });
});
