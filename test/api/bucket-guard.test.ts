import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket } from '../../lib/catalogue/index';
import { BucketGuard } from '../../lib/api/bucket-guard';
import { MalformedResponseError } from '../../lib/api/errors';

type B = WireBucket<{ n: number }>;

function b(start: number, end: number, n = 0): B {
  return { object: 'bucket', start_time: start, end_time: end, results: [{ n }] };
}

test('a bucket overlapping the range is inside; one ending at the minute-floored start or starting at end is not', () => {
  // start 130 floors to 120: a bucket ending at 120 is before the range, one ending at 121 overlaps it.
  const guard = new BucketGuard<{ n: number }>({ start: 130, end: 300 });
  const kept = guard.keep([b(60, 120), b(61, 121), b(200, 240), b(299, 360), b(300, 360)], undefined);
  assert.deepEqual(
    kept.map((x) => x.start_time),
    [61, 200, 299],
  );
});

test('an open end (Infinity) keeps everything after the start', () => {
  const guard = new BucketGuard<{ n: number }>({ start: 0, end: Infinity });
  assert.equal(guard.keep([b(0, 60), b(1e10, 1e10 + 60)], undefined).length, 2);
});

test('the same bucket again is dropped; again with other content it is an error naming the bucket and index', () => {
  const guard = new BucketGuard<{ n: number }>({ start: 0, end: 86_400 * 10 });
  assert.equal(guard.keep([b(0, 86_400, 1)], undefined).length, 1);
  assert.deepEqual(guard.keep([b(86_400, 172_800, 2), b(0, 86_400, 1)], undefined), [b(86_400, 172_800, 2)]);
  assert.throws(
    () => guard.keep([b(172_800, 259_200), b(86_400, 172_800, 3)], 'req_9'),
    (e: unknown) =>
      e instanceof MalformedResponseError &&
      e.jsonPath === '$.data[1]' &&
      e.requestId === 'req_9' &&
      e.detail === 'bucket 1970-01-02T00:00:00Z (start_time 86400) sent twice with different content',
  );
});

test('a shared map: two guards of two windows never keep one bucket twice', () => {
  const seen = new Map<number, B>();
  const first = new BucketGuard<{ n: number }>({ start: 0, end: 100 }, seen);
  const second = new BucketGuard<{ n: number }>({ start: 100, end: 200 }, seen);
  // Spans both windows.
  assert.equal(first.keep([b(60, 120)], undefined).length, 1);
  assert.equal(second.keep([b(60, 120), b(120, 180)], undefined).length, 1);
  assert.equal(seen.size, 2);
});

test('property: what is kept is exactly the distinct overlapping buckets, first occurrence, in page order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.array(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }), { maxLength: 5 }),
      (start, length, pagesOfSlots) => {
        const range = { start, end: start + length };
        const guard = new BucketGuard<{ n: number }>(range);
        // Slots of 60 s: a bucket's content is a function of its start, so repeats are identical.
        const kept = pagesOfSlots.flatMap((slots) =>
          guard.keep(
            slots.map((s) => b(s * 60, s * 60 + 60, s)),
            undefined,
          ),
        );
        const floor = Math.floor(start / 60) * 60;
        const expected: number[] = [];
        for (const s of pagesOfSlots.flat()) {
          const t = s * 60;
          if (t + 60 > floor && t < range.end && !expected.includes(t)) expected.push(t);
        }
        assert.deepEqual(
          kept.map((x) => x.start_time),
          expected,
        );
      },
    ),
  );
});
