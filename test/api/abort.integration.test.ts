import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageClient } from '../../lib/api/client';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';

const NOW = 1_739_208_663;
const DAY = 86_400;
const LATENCY = 1000;
let emu: RunningEmulator;

before(async () => {
  emu = await startEmulator({ port: 0, now: () => NOW });
});
after(() => emu.close());

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('aborting fetchAll cancels the requests in flight at once and starts no new one', async () => {
  emu.setFaults({ latencyMs: LATENCY });
  emu.resetRequests();
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, concurrency: 2, now: () => NOW * 1000 });
  try {
    const ac = new AbortController();
    // 30 days of 1h buckets: 5 windows of 168 buckets, 2 at a time, each answered after a second.
    const work = client.fetchAll(
      'completions',
      { start_time: NOW - 30 * DAY, end_time: NOW, bucket_width: '1h' },
      { signal: ac.signal },
    );
    await settle(150);
    const abortedAt = Date.now();
    ac.abort();
    await assert.rejects(work, (err: Error) => err.name === 'AbortError');
    const took = Date.now() - abortedAt;
    assert.ok(took < LATENCY / 2, `rejected ${took} ms after abort (the server answers after ${LATENCY} ms)`);
    await settle(LATENCY + 200);
    const late = emu.requests.filter((r) => r.at > abortedAt + 20);
    assert.deepEqual(late, [], 'no request started after the abort');
    // The same client works normally for the next call.
    emu.setFaults({});
    const buckets = await client.fetchAll('costs', { start_time: NOW - 3 * DAY, end_time: NOW });
    assert.ok(buckets.length >= 3);
  } finally {
    client.close();
  }
});

test('aborting during a retry wait rejects at once instead of sleeping on', async () => {
  emu.setFaults({ serverError: { count: 3 } });
  const client = new UsageClient({
    apiKey: emu.adminKey,
    baseURL: emu.baseURL,
    concurrency: 1,
    retry: { maxRetries: 3 },
    sleep: () => new Promise((r) => setTimeout(r, 30_000)),
  });
  try {
    const ac = new AbortController();
    const work = client.fetchAll('costs', { start_time: NOW - 3 * DAY, end_time: NOW }, { signal: ac.signal });
    await settle(200);
    const abortedAt = Date.now();
    ac.abort(new Error('stop'));
    await assert.rejects(work, /^Error: stop$/);
    assert.ok(Date.now() - abortedAt < 500);
  } finally {
    emu.setFaults({});
    client.close();
  }
});

test('an already aborted signal sends nothing', async () => {
  emu.resetRequests();
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL });
  try {
    await assert.rejects(
      client.fetchAll('costs', { start_time: NOW - DAY, end_time: NOW }, { signal: AbortSignal.abort() }),
      (err: Error) => err.name === 'AbortError',
    );
    assert.equal(emu.requests.length, 0);
  } finally {
    client.close();
  }
});
