import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UsageClient } from '../../lib/api/index';
import { apiSource, type ApiSource } from '../../lib/dashboard/api-source';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';

let nowSec = Date.parse('2026-11-20T09:00:00Z') / 1000;
let emulator: RunningEmulator;
let client: UsageClient;
let source: ApiSource;
let dash: RunningDashboard;

before(async () => {
  emulator = await startEmulator({ now: () => nowSec });
  client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL, retry: { maxRetries: 0 } });
  source = apiSource(client, { days: 14, now: () => nowSec * 1000 });
  await source.sync();
  dash = await startDashboard({ source, maxDays: 14, now: () => nowSec * 1000 });
});

after(async () => {
  await dash?.close();
  client?.close();
  await emulator?.close();
});

async function view(): Promise<{ ms: number; lastSyncedAt: string | null; total: string | undefined }> {
  const started = Date.now();
  const res = await fetch(`${dash.origin}/api/view?from=2026-11-14&to=2026-11-20`, {
    headers: { authorization: `token ${dash.token}` },
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { lastSyncedAt: string | null; figures: { id: string; subtitle?: string }[] };
  return {
    ms: Date.now() - started,
    lastSyncedAt: body.lastSyncedAt,
    total: body.figures.find((f) => f.id === 'cost-per-day')?.subtitle,
  };
}

test('reads answer from the last finished sync while a slow sync runs, then switch to the new data at once', async () => {
  const first = await view();
  assert.equal(first.lastSyncedAt, new Date(nowSec * 1000).toISOString());
  emulator.setFaults({ latencyMs: 1500 });
  nowSec += 86_400;
  const running = source.sync();
  assert.equal(source.syncing(), true);
  const during = await view();
  assert.ok(during.ms < 1000, `read took ${during.ms} ms during the sync`);
  assert.equal(during.lastSyncedAt, first.lastSyncedAt, 'still the previous data');
  assert.equal(during.total, first.total);
  assert.equal(source.sync(), running, 'a second sync call joins the running one');
  await running;
  emulator.setFaults({});
  const later = await view();
  assert.equal(later.lastSyncedAt, new Date(nowSec * 1000).toISOString());
});

test('a failed sync keeps the previous data and rejects with the API error', async () => {
  const before = await view();
  emulator.setFaults({ serverError: { count: 100, status: 500 } });
  nowSec += 86_400;
  await assert.rejects(source.sync(), /500/);
  emulator.setFaults({});
  const after = await view();
  assert.equal(after.lastSyncedAt, before.lastSyncedAt);
  assert.equal(after.total, before.total);
  assert.equal(source.syncing(), false);
});

test('directory names label the projects; a failing directory keeps the last names and the sync still lands', async () => {
  let fail = false;
  const errors: string[] = [];
  const named = apiSource(client, {
    days: 7,
    now: () => nowSec * 1000,
    directory: () =>
      fail
        ? Promise.reject(new Error('403: missing scope api.management.read'))
        : Promise.resolve([{ id: 'proj_x', name: 'Search team' }]),
    onDirectoryError: (e) => errors.push(e instanceof Error ? e.message : String(e)),
  });
  await named.sync();
  const first = await named.projects();
  assert.deepEqual(first[0], { id: 'proj_x', name: 'Search team' });
  assert.ok(first.length > 1, 'projects seen in the data are listed too, under their ids');
  assert.ok(first.slice(1).every((p) => p.id === p.name && p.id.startsWith('proj_')));
  fail = true;
  nowSec += 3600;
  await named.sync();
  assert.deepEqual(errors, ['403: missing scope api.management.read']);
  assert.equal(named.lastSyncedAt(), nowSec * 1000, 'the numbers landed');
  assert.deepEqual((await named.projects())[0], { id: 'proj_x', name: 'Search team' });
});
