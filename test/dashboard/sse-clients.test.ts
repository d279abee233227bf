import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { bucketSource, type BucketSource } from '../../lib/dashboard/bucket-source';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';

let source: BucketSource;
let dash: RunningDashboard;

before(async () => {
  source = bucketSource();
  dash = await startDashboard({ source, sse: { maxQueuedBytes: 65_536 } });
});
after(() => dash.close());

/** A raw HTTP client on /api/events; `paused` never reads a byte (a stalled viewer). */
function rawEvents(paused: boolean): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(dash.port, '127.0.0.1');
    let text = '';
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(
        `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${dash.port}\r\nAuthorization: token ${dash.token}\r\n\r\n`,
      );
      if (paused) {
        // Read the headers, then stop reading for good.
        socket.once('data', () => {
          socket.pause();
          resolve({ socket, received: () => text, closed });
        });
      } else {
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (text += chunk));
        resolve({ socket, received: () => text, closed });
      }
    });
    socket.once('error', reject);
  });
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test('a stalled SSE client is dropped at its queue bound while another keeps receiving every event', async () => {
  const slow = await rawEvents(true);
  const fast = await rawEvents(false);
  await until(() => dash.hub.size() === 2, 'two clients');
  const started = Date.now();
  const payload = 'x'.repeat(8 * 1024);
  const events = 2000; // 16 MB: more than the kernel buffers of the stalled socket hold
  for (let i = 1; i <= events; i++) {
    dash.hub.broadcast('noise', { i, payload });
    if (i % 4 === 0) await sleep(1);
  }
  source.replace({
    usage: [],
    costs: [],
    coverage: { start: 0, end: 86_400 },
    syncedAt: Date.parse('2026-11-20T00:00:00Z'),
  });
  await until(
    () => fast.received().includes('event: change\ndata: {"lastSyncedAt":"2026-11-20T00:00:00.000Z"}'),
    'the change event',
  );
  assert.equal((fast.received().match(/event: noise/g) ?? []).length, events, 'the fast client got every event');
  await until(() => dash.hub.dropped() === 1, 'the stalled client to be dropped');
  // A paused socket sees the server's close only once it reads again.
  slow.socket.resume();
  await Promise.race([
    slow.closed,
    sleep(20_000).then(() =>
      assert.fail(`stalled client not dropped (dropped=${dash.hub.dropped()}, size=${dash.hub.size()})`),
    ),
  ]);
  assert.equal(dash.hub.dropped(), 1, 'only the stalled client was dropped');
  assert.equal(dash.hub.size(), 1);
  assert.ok(Date.now() - started < 20_000);
  fast.socket.destroy();
  await until(() => dash.hub.size() === 0, 'the vanished client to be removed');
});

test('a vanished client is forgotten, and the hub refuses more than its maximum', async () => {
  const small = await startDashboard({ source: bucketSource(), sse: { maxClients: 2 } });
  try {
    const auth = { authorization: `token ${small.token}` };
    const open = async (): Promise<{ status: number; abort: () => void }> => {
      const controller = new AbortController();
      const res = await fetch(`${small.origin}/api/events`, { headers: auth, signal: controller.signal });
      return { status: res.status, abort: () => controller.abort() };
    };
    const a = await open();
    const b = await open();
    const c = await open();
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 503]);
    a.abort();
    await until(() => small.hub.size() === 1, 'the aborted client to be removed');
    const d = await open();
    assert.equal(d.status, 200);
    b.abort();
    d.abort();
  } finally {
    await small.close();
  }
});

test('a burst of changes (a sync landing window after window) is one change event', async () => {
  const client = await rawEvents(false);
  await until(() => dash.hub.size() === 1, 'the client');
  const at = (d: number): number => Date.parse('2026-11-21T00:00:00Z') + d * 1000;
  for (let d = 1; d <= 5; d++)
    source.replace({ usage: [], costs: [], coverage: { start: 0, end: 86_400 }, syncedAt: at(d) });
  await until(() => client.received().includes('event: change'), 'the change event');
  await sleep(500);
  const changes = client.received().match(/event: change\ndata: .*\n/g) ?? [];
  assert.deepEqual(changes, [`event: change\ndata: {"lastSyncedAt":"${new Date(at(5)).toISOString()}"}\n`]);
  client.socket.destroy();
  await until(() => dash.hub.size() === 0, 'the client to leave');
});
