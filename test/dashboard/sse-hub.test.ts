import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import { test } from 'node:test';
import { createSseHub } from '../../lib/dashboard/sse-hub';

/**
 * A real ServerResponse with no connection: node buffers what is written and `write` returns false once 16 KiB wait
 * (as for a socket that does not drain) until 'drain' is emitted. What the hub writes, and its status and headers, are
 * recorded on the way.
 */
function response(): { res: ServerResponse; text: () => string; head: () => [number, OutgoingHttpHeaders][] } {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  const chunks: string[] = [];
  const heads: [number, OutgoingHttpHeaders][] = [];
  const write = res.write.bind(res);
  res.write = (chunk: string): boolean => {
    chunks.push(chunk);
    return write(chunk);
  };
  const writeHead = res.writeHead.bind(res);
  res.writeHead = (status: number, headers?: unknown): ServerResponse => {
    heads.push([status, headers as OutgoingHttpHeaders]);
    return writeHead(status, headers as OutgoingHttpHeaders);
  };
  return { res, text: () => chunks.join(''), head: () => heads };
}

/** Events in a stream's text: `id`, `event` and `data` of each block that has an event. */
function events(text: string): { id?: string; event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => {
      const fields = Object.fromEntries(
        block.split('\n').map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
      );
      return {
        ...(fields['id'] === undefined ? {} : { id: fields['id'] }),
        event: fields['event'] ?? '',
        data: JSON.parse(fields['data'] ?? 'null') as unknown,
      };
    });
}

test('a new client gets 200, the event-stream headers over its own, the retry hint, then its first event alone', () => {
  const hub = createSseHub();
  const a = response();
  const b = response();
  try {
    assert.equal(
      hub.add(a.res, { 'content-security-policy': "default-src 'none'", 'content-type': 'text/html' }),
      true,
    );
    assert.equal(hub.add(b.res, {}, { event: 'hello', data: { lastSyncedAt: null } }), true);
    assert.deepEqual(a.head(), [
      [
        200,
        {
          'content-security-policy': "default-src 'none'",
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        },
      ],
    ]);
    assert.equal(a.text(), 'retry: 2000\n\n');
    assert.equal(b.text(), 'retry: 2000\n\nevent: hello\ndata: {"lastSyncedAt":null}\n\n');
    assert.equal(hub.size(), 2);
  } finally {
    hub.close();
  }
});

test('broadcast numbers events from 1 for every client; data is one JSON line, so text cannot forge a field', () => {
  const hub = createSseHub();
  const a = response();
  try {
    hub.add(a.res);
    hub.broadcast('change', { n: 1 });
    hub.broadcast('change', 'x\n\nevent: evil\ndata: {}\r\nid: 99');
    const b = response();
    hub.add(b.res);
    hub.broadcast('alerts', [1, 2]);
    assert.deepEqual(events(a.text()), [
      { id: '1', event: 'change', data: { n: 1 } },
      { id: '2', event: 'change', data: 'x\n\nevent: evil\ndata: {}\r\nid: 99' },
      { id: '3', event: 'alerts', data: [1, 2] },
    ]);
    assert.deepEqual(events(b.text()), [{ id: '3', event: 'alerts', data: [1, 2] }]);
  } finally {
    hub.close();
  }
});

test('a client that stops draining queues up to the bound, then is dropped and destroyed; the others get everything', () => {
  const hub = createSseHub({ maxQueuedBytes: 20_000 });
  const slow = response();
  const fast = response();
  try {
    hub.add(slow.res);
    hub.add(fast.res);
    const payload = 'x'.repeat(6_000);
    let sent = 0;
    // The fast client drains after every event; the slow one never does.
    const broadcast = (): void => {
      hub.broadcast('noise', payload);
      sent++;
      fast.res.emit('drain');
    };
    while (!slow.res.writableNeedDrain) broadcast();
    const writtenBeforeQueue = slow.text().length;
    broadcast(); // queued: about 6 KB
    broadcast(); // about 12 KB
    broadcast(); // about 18 KB: still under 20 000
    assert.deepEqual([hub.size(), hub.dropped(), slow.res.destroyed], [2, 0, false]);
    assert.equal(slow.text().length, writtenBeforeQueue, 'queued, not written');
    broadcast(); // about 24 KB: over the bound
    assert.deepEqual([hub.size(), hub.dropped(), slow.res.destroyed], [1, 1, true]);
    broadcast();
    assert.equal(events(fast.text()).length, sent);
    assert.deepEqual(
      events(fast.text()).map((e) => e.id),
      Array.from({ length: sent }, (_, i) => String(i + 1)),
    );
  } finally {
    hub.close();
  }
});

test('on drain the queue is written in order, until the response pushes back again', () => {
  const hub = createSseHub({ maxQueuedBytes: 1_000_000 });
  const c = response();
  try {
    hub.add(c.res);
    let n = 0;
    while (!c.res.writableNeedDrain) hub.broadcast('fill', ++n);
    const written = events(c.text()).length;
    const since = (): unknown[] =>
      events(c.text())
        .slice(written)
        .map((e) => e.data);
    hub.broadcast('queued', 'a');
    hub.broadcast('queued', 'b');
    assert.deepEqual(since(), [], 'both wait');
    // Nothing leaves this response's buffer, so each write pushes back again: one queued event per drain.
    c.res.emit('drain');
    assert.deepEqual(since(), ['a']);
    hub.broadcast('later', 'c');
    c.res.emit('drain');
    assert.deepEqual(since(), ['a', 'b']);
    c.res.emit('drain');
    assert.deepEqual(since(), ['a', 'b', 'c']);
    assert.equal(hub.dropped(), 0);
  } finally {
    hub.close();
  }
});

test('the hub refuses clients over its maximum; a closed connection frees its place; close ends every stream', () => {
  const hub = createSseHub({ maxClients: 2 });
  const [a, b, c, d] = [response(), response(), response(), response()];
  assert.equal(hub.add(a.res), true);
  assert.equal(hub.add(b.res), true);
  assert.equal(hub.add(c.res), false);
  assert.deepEqual(c.head(), [], 'a refused client is left to the caller (503)');
  a.res.emit('close');
  assert.equal(hub.size(), 1);
  assert.equal(hub.add(d.res), true);
  hub.close();
  assert.equal(hub.size(), 0);
  assert.deepEqual([b.res.writableEnded, d.res.writableEnded], [true, true]);
  assert.equal(hub.dropped(), 0);
});

test('a keep-alive comment goes to every client at each heartbeat, and stops with close', (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const hub = createSseHub({ heartbeatMs: 5_000 });
  const c = response();
  hub.add(c.res);
  t.mock.timers.tick(4_999);
  assert.equal(c.text(), 'retry: 2000\n\n');
  t.mock.timers.tick(1);
  t.mock.timers.tick(5_000);
  assert.equal(c.text(), 'retry: 2000\n\n: keep-alive\n\n: keep-alive\n\n');
  hub.close();
  t.mock.timers.tick(10_000);
  assert.equal(c.text().match(/keep-alive/g)?.length, 2);
});
