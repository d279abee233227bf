// The dashboard under load (issue 19): 200 viewers polling /api/view and 200 SSE clients on loopback for a bounded
// time while a sync lands in the store: no error, bounded memory (measured and printed), every client sees the
// new data (the change event, then a view holding the new sync).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageClient } from '../../lib/api/index';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/index';
import { storeSource, type StoreSource } from '../../lib/dashboard/store-source';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { DuckDbStore } from '../../lib/store/duckdb-store';
import { organizationByName, syncStore } from '../../lib/store/sync';
import { CampaignFigures } from '../helpers/fault-campaign';
import { DAY, tempDir, until } from '../store/helpers';

const CLIENTS = 200;
/** How long the viewers keep loading the page's data. @unit milliseconds */
const LOAD_MS = 8000;
const figures = new CampaignFigures('dashboard load');

let nowSec = Date.UTC(2026, 0, 20, 15, 0, 0) / 1000;
const tmp = tempDir('dashboard-load-');
const file = path.join(tmp.dir, 'usage.duckdb');
let emu: RunningEmulator;
let client: UsageClient;
let source: StoreSource;
let dash: RunningDashboard;

async function sync(): Promise<void> {
  const store = await DuckDbStore.open(file, { waitMs: 30_000 });
  try {
    await syncStore({
      organization: organizationByName('default'),
      client,
      store,
      now: nowSec,
      since: nowSec - 14 * DAY,
      endpoints: ['completions', 'costs'],
    });
  } finally {
    await store.close();
  }
}

before(async () => {
  emu = await startEmulator({ now: () => nowSec });
  client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => nowSec * 1000 });
  await sync();
  source = storeSource({ location: file, days: 14, now: () => nowSec * 1000 });
  assert.equal(await source.refresh(), true);
  dash = await startDashboard({
    source,
    maxDays: 14,
    now: () => nowSec * 1000,
    sse: { maxClients: CLIENTS + 10 },
  });
});

after(async () => {
  await dash.close();
  client.close();
  await emu.close();
  tmp.remove();
  figures.print();
});

interface ViewReply {
  lastSyncedAt: string | null;
  to: string;
}

async function view(): Promise<ViewReply> {
  const res = await fetch(`${dash.origin}/api/view?days=7`, { headers: { authorization: `token ${dash.token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const body: unknown = await res.json();
  assert.ok(typeof body === 'object' && body !== null && 'lastSyncedAt' in body && 'to' in body);
  const { lastSyncedAt, to } = body;
  assert.ok((lastSyncedAt === null || typeof lastSyncedAt === 'string') && typeof to === 'string');
  return { lastSyncedAt, to };
}

/** An SSE client: what it received so far, and a way to leave. */
async function sseClient(): Promise<{ text: () => string; close: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${dash.origin}/api/events`, {
    headers: { authorization: `token ${dash.token}` },
    signal: controller.signal,
  });
  assert.equal(res.status, 200);
  let text = '';
  const reader = res.body?.getReader();
  assert.ok(reader !== undefined);
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => undefined);
      if (chunk === undefined || chunk.done) return;
      const bytes: unknown = chunk.value;
      if (bytes instanceof Uint8Array) text += decoder.decode(bytes, { stream: true });
    }
  })();
  return { text: () => text, close: () => controller.abort() };
}

test(`${CLIENTS} viewers and ${CLIENTS} SSE clients while a sync lands: no error, bounded memory, all see the new data`, async () => {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const first = await view();
  const streams = await Promise.all(Array.from({ length: CLIENTS }, () => sseClient()));
  await until(() => dash.hub.size() === CLIENTS, 30_000, `${CLIENTS} SSE clients`);
  figures.add('SSE clients held', dash.hub.size());

  let views = 0;
  const errors: string[] = [];
  const stopAt = Date.now() + LOAD_MS;
  const viewers = Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < stopAt) {
      try {
        await view();
        views++;
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  });
  // A sync lands a day later, in the middle of the load.
  await sleep(LOAD_MS / 4);
  nowSec += DAY;
  await sync();
  assert.equal(await source.refresh(), true, 'the refresh saw the new sync');
  const syncedAt = new Date(nowSec * 1000).toISOString();
  await Promise.all(viewers);
  clearInterval(sampler);

  const change = `event: change\ndata: {"lastSyncedAt":"${syncedAt}"}`;
  await until(() => streams.every((s) => s.text().includes(change)), 30_000, 'every SSE client to see the change');
  figures.add('SSE clients that saw the change', streams.filter((s) => s.text().includes(change)).length);
  // What each of them loads next is the new data.
  const after = await Promise.all(streams.map(() => view()));
  for (const v of after) {
    assert.equal(v.lastSyncedAt, syncedAt);
    assert.notEqual(v.to, first.to, 'the range moved to the new day');
  }
  figures.add('viewer requests', views);
  figures.add('viewer errors', errors.length);
  assert.deepEqual(errors.slice(0, 5), [], `${errors.length} viewer errors`);
  assert.equal(dash.hub.dropped(), 0, 'no SSE client dropped');
  for (const s of streams) s.close();
  await until(() => dash.hub.size() === 0, 30_000, 'the clients to leave');

  const mb = (n: number): number => Math.round(n / 1024 / 1024);
  console.log(
    `dashboard load: ${views} views by ${CLIENTS} viewers in ${LOAD_MS / 1000} s, ${CLIENTS} SSE clients; ` +
      `rss ${mb(before.rss)} MB before, peak ${mb(peakRss)} MB; heap ${mb(before.heapUsed)} MB before, peak ${mb(peakHeap)} MB`,
  );
  figures.add('peak rss growth MB', mb(peakRss - before.rss));
  // Bounded: the load adds at most this much to the test process, dashboard and clients together.
  assert.ok(peakRss - before.rss < 768 * 1024 * 1024, `rss grew by ${mb(peakRss - before.rss)} MB`);
});
