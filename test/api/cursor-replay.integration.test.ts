import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BadRequestError, UsageClient } from '../../lib/api/index';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';

const DAY = 86_400;
const START = 1_738_000_000;

// A clock that moves on: each request to the emulator and each read of the client's clock is 7 minutes later.
let clock = START + 40 * DAY;
let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ now: () => (clock += 420) });
});
after(() => emu.close());

/** The request's parameters without `page`, in a canonical order. */
function paramsOf(query: string): string {
  const p = new URLSearchParams(query);
  p.delete('page');
  return [...p.entries()]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
}

function checkReplays(): number {
  const firsts = new Map<string, string>();
  let replays = 0;
  for (const r of emu.requests) {
    const q = new URLSearchParams(r.query);
    const window = `${q.get('start_time') ?? ''}`;
    if (!q.has('page')) {
      firsts.set(window, paramsOf(r.query));
      continue;
    }
    replays++;
    assert.equal(paramsOf(r.query), firsts.get(window), 'a cursor must come back with exactly its first query');
    assert.equal(r.status, 200);
  }
  return replays;
}

test('with a moving clock, every page re-sends exactly the original query (sequential and concurrent)', async () => {
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => (clock += 420) * 1000 });
  try {
    for (const concurrency of [1, 3]) {
      emu.resetRequests();
      // No end_time: the range ends "now", which keeps moving while the pages are fetched.
      const buckets = await client.fetchAll(
        'completions',
        { start_time: START, bucket_width: '1h', limit: 24 },
        { concurrency },
      );
      assert.ok(buckets.length > 40 * 24);
      const starts = buckets.map((b) => b.start_time);
      assert.deepEqual(
        starts,
        [...new Set(starts)].sort((a, b) => a - b),
        'each bucket once, in order',
      );
      // Concurrent fetches plan one page per window (the width's maximum limit); sequential ones follow cursors.
      const replays = checkReplays();
      if (concurrency === 1) assert.ok(replays > 3, 'pages were followed');
      assert.ok(emu.requests.every((r) => r.status === 200));
    }
    emu.resetRequests();
    let pages = 0;
    for await (const page of client.pages('costs', { start_time: START, limit: 5, group_by: ['line_item'] }))
      pages += page.data.length > 0 ? 1 : 0;
    assert.ok(pages > 5 && checkReplays() > 5);
  } finally {
    client.close();
  }
});

test('the emulator refuses a cursor replayed with any parameter changed, as the live service does', async () => {
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL });
  try {
    const query = { start_time: START, end_time: START + 20 * DAY, limit: 3 };
    const first = await client.getPage('completions', query);
    const cursor = first.page.next_page;
    assert.ok(cursor !== null);
    assert.equal((await client.getPage('completions', query, cursor)).page.data.length, 3);
    for (const changed of [
      { ...query, end_time: query.end_time + 60 },
      { ...query, limit: 4 },
      { ...query, group_by: ['model'] },
      { ...query, start_time: START - 60 },
    ]) {
      await assert.rejects(
        client.getPage('completions', changed, cursor),
        (err: unknown) => err instanceof BadRequestError && /page/.test(err.message),
      );
    }
  } finally {
    client.close();
  }
});
