import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestGate } from '../../lib/api/request-gate';

/** Lets every queued microtask and promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

test('a bad limit is refused as invalid concurrency', () => {
  for (const bad of [0, -1, 1.5, NaN])
    assert.throws(
      () => new RequestGate(bad, Date.now, () => Promise.resolve()),
      (e: unknown) => e instanceof TypeError && e.message === `invalid concurrency: ${bad}`,
    );
});

test('at most `limit` holders; a release lets the longest waiter in, first come first served', async () => {
  const gate = new RequestGate(
    2,
    () => 0,
    () => Promise.resolve(),
  );
  const order: string[] = [];
  await gate.acquire();
  await gate.acquire();
  const c = gate.acquire().then(() => order.push('c'));
  const d = gate.acquire().then(() => order.push('d'));
  await settle();
  assert.deepEqual(order, []);
  gate.release();
  await settle();
  assert.deepEqual(order, ['c']);
  gate.release();
  await Promise.all([c, d]);
  assert.deepEqual(order, ['c', 'd']);
});

test('backOff halves the allowed concurrency (never below 1) and pauses every new attempt until the delay has passed', async () => {
  let now = 1000;
  const slept: number[] = [];
  const gate = new RequestGate(
    5,
    () => now,
    (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  );
  assert.equal(gate.allowed, 5);
  gate.backOff(3000);
  assert.equal(gate.allowed, 2);
  await gate.acquire();
  assert.deepEqual(slept, [3000]);
  gate.release();
  // The pause is over: no more waiting.
  await gate.acquire();
  assert.deepEqual(slept, [3000]);
  gate.release();
  gate.backOff(10);
  gate.backOff(10);
  assert.equal(gate.allowed, 1);
  // A shorter later delay never shortens a longer pause.
  now = 0;
  gate.backOff(5000);
  gate.backOff(100);
  await gate.acquire();
  assert.deepEqual(slept, [3000, 5000]);
  gate.release();
});

test('a lowered limit holds new attempts until enough slots are released', async () => {
  const gate = new RequestGate(
    4,
    () => 0,
    () => Promise.resolve(),
  );
  for (let i = 0; i < 4; i++) await gate.acquire();
  gate.backOff(0);
  assert.equal(gate.allowed, 2);
  let entered = false;
  const next = gate.acquire().then(() => (entered = true));
  gate.release();
  await settle();
  // 3 still in flight, limit 2: the waiter is woken, sees no room and waits again.
  assert.equal(entered, false);
  gate.release();
  await settle();
  assert.equal(entered, false);
  gate.release();
  await next;
  assert.equal(entered, true);
});
