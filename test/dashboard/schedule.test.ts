import assert from 'node:assert/strict';
import { test } from 'node:test';
import { every, parseEvery } from '../../lib/dashboard/schedule';

test('schedule intervals', () => {
  assert.equal(parseEvery('15m'), 900_000);
  assert.equal(parseEvery('1h'), 3_600_000);
  assert.equal(parseEvery('30s'), 30_000);
  assert.throws(() => parseEvery('0s'), /invalid every: "0s" \(a number and s, m, h or d, from 1s to 7d, e.g. 15m\)/);
  assert.throws(() => parseEvery('15 minutes'), /invalid every/);
  assert.throws(() => parseEvery('8d'), /invalid every/);
});

/** Lets promise callbacks run (setImmediate is not mocked). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('every: the first run after the interval, the next one an interval after the previous one finished', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const runs: number[] = [];
  let finish: () => void = () => undefined;
  let clock = 0;
  const schedule = every(
    1_000,
    () => {
      runs.push(clock);
      return new Promise<void>((resolve) => (finish = resolve));
    },
    () => assert.fail('no error expected'),
  );
  try {
    const advance = async (ms: number): Promise<void> => {
      clock += ms;
      t.mock.timers.tick(ms);
      await settle();
    };
    await advance(999);
    assert.deepEqual(runs, []);
    await advance(1);
    assert.deepEqual(runs, [1_000]);
    await advance(10_000); // the run is still going: no second one starts
    assert.deepEqual(runs, [1_000]);
    finish();
    await settle();
    await advance(999);
    assert.deepEqual(runs, [1_000]);
    await advance(1);
    assert.deepEqual(runs, [1_000, 12_000]);
  } finally {
    schedule.stop();
  }
});

test('every: a failing run goes to onError and the schedule goes on; stop ends it, even during a run', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const errors: unknown[] = [];
  let calls = 0;
  let finish: () => void = () => undefined;
  const schedule = every(
    500,
    () => {
      calls++;
      if (calls === 1) return Promise.reject(new Error('sync failed'));
      return new Promise<void>((resolve) => (finish = resolve));
    },
    (e) => errors.push(e),
  );
  t.mock.timers.tick(500);
  await settle();
  assert.equal(calls, 1);
  assert.deepEqual(
    errors.map((e) => String(e)),
    ['Error: sync failed'],
  );
  t.mock.timers.tick(500);
  await settle();
  assert.equal(calls, 2);
  schedule.stop();
  finish();
  await settle();
  t.mock.timers.tick(5_000);
  await settle();
  assert.equal(calls, 2, 'no run after stop');
});

test('intervals: whitespace trimmed, days up to 7, anything else refused with what is allowed', () => {
  assert.equal(parseEvery(' 2h '), 7_200_000);
  assert.equal(parseEvery('1d'), 86_400_000);
  assert.equal(parseEvery('7d'), 7 * 86_400_000);
  assert.equal(parseEvery('1s'), 1_000);
  for (const bad of ['', '1', 'h', '1.5h', '-1m', '1H', '1w', '604801s', '1e3s'])
    assert.throws(
      () => parseEvery(bad),
      new RegExp(`^RangeError: invalid every: ${JSON.stringify(bad).replace(/[.+]/g, '\\$&')} \\(`),
    );
});
