import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket } from '../../lib/catalogue/index';
import { BucketGuard } from '../../lib/api/bucket-guard';
import { MalformedResponseError, PaginationLimitError } from '../../lib/api/errors';
import { paginate } from '../../lib/api/paginate';
import type { PageResult } from '../../lib/api/request-page';

type Page = PageResult<'embeddings'>;

function bucket(start: number): WireBucket<never> {
  return { object: 'bucket', start_time: start, end_time: start + 60, results: [] };
}

/** A page fetcher from a table cursor → [bucket starts, next cursor]; records the cursors asked for. */
function pages(table: Record<string, [number[], string | null]>): {
  fetch: (cursor: string | undefined) => Promise<Page>;
  asked: (string | undefined)[];
} {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    fetch: (cursor) => {
      asked.push(cursor);
      const [starts, next] = table[cursor ?? ''] ?? [[], null];
      return Promise.resolve({
        page: { object: 'page', data: starts.map(bucket), has_more: next !== null, next_page: next },
        requestId: `req_${cursor ?? 'first'}`,
      });
    },
  };
}

async function collect(it: AsyncIterable<Page>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const r of it) out.push(r.page.data.map((b) => b.start_time));
  return out;
}

test('follows next_page until has_more is false, counting every page in the budget', async () => {
  const p = pages({ '': [[0, 60], 'a'], a: [[120], 'b'], b: [[180, 240], null] });
  const budget = { used: 3, max: 10 };
  assert.deepEqual(await collect(paginate('embeddings', p.fetch, budget)), [[0, 60], [120], [180, 240]]);
  assert.deepEqual(p.asked, [undefined, 'a', 'b']);
  assert.equal(budget.used, 6);
});

test('has_more false ends it even with a cursor; a null cursor with has_more ends it too', async () => {
  const withCursor = pages({ '': [[0], 'a'] });
  const fetch = async (c: string | undefined): Promise<Page> => {
    const r = await withCursor.fetch(c);
    return { ...r, page: { ...r.page, has_more: false } };
  };
  assert.deepEqual(await collect(paginate('embeddings', fetch, { used: 0, max: 5 })), [[0]]);
  const nullCursor = (): Promise<Page> =>
    Promise.resolve({
      page: { object: 'page', data: [], has_more: true, next_page: null },
      requestId: undefined,
    });
  assert.deepEqual(await collect(paginate('embeddings', nullCursor, { used: 0, max: 5 })), [[]]);
});

test('a cursor seen before, or the same cursor again, is a MalformedResponseError with the request id', async () => {
  for (const table of [
    { '': [[0], 'a'], a: [[60], 'a'] },
    { '': [[0], 'a'], a: [[60], 'b'], b: [[120], 'a'] },
  ] as Record<string, [number[], string | null]>[]) {
    const p = pages(table);
    await assert.rejects(
      collect(paginate('embeddings', p.fetch, { used: 0, max: 100 })),
      (e: unknown) =>
        e instanceof MalformedResponseError &&
        e.jsonPath === '$.next_page' &&
        e.detail === 'next_page repeats a cursor already followed' &&
        e.requestId === `req_${p.asked.at(-1)}`,
    );
  }
});

test('the budget: more pages than max is a PaginationLimitError before the request over it', async () => {
  const endless = (c: string | undefined): Promise<Page> =>
    Promise.resolve({
      page: { object: 'page', data: [], has_more: true, next_page: `${c ?? ''}x` },
      requestId: undefined,
    });
  let calls = 0;
  const counted = (c: string | undefined): Promise<Page> => {
    calls++;
    return endless(c);
  };
  await assert.rejects(collect(paginate('embeddings', counted, { used: 0, max: 4 })), (e: unknown) => {
    assert.ok(e instanceof PaginationLimitError);
    assert.equal(e.maxPages, 4);
    assert.match(e.message, /^pagination of embeddings exceeded maxPages=4/);
    return true;
  });
  assert.equal(calls, 4);
  // A spent budget fails before any request.
  calls = 0;
  await assert.rejects(collect(paginate('embeddings', counted, { used: 2, max: 2 })), PaginationLimitError);
  assert.equal(calls, 0);
});

test('with a guard, each page keeps only the buckets in range and not seen before', async () => {
  const p = pages({ '': [[0, 60, 120], 'a'], a: [[120, 180, 600], null] });
  const guard = new BucketGuard<never>({ start: 60, end: 300 });
  assert.deepEqual(await collect(paginate('embeddings', p.fetch, { used: 0, max: 10 }, guard)), [[60, 120], [180]]);
});
