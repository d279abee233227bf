import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { inferBucketWidth, lastSpan, rangeSeconds, widthAdjective } from '../../lib/charts/span-title';

const DAY = 86_400;

test('lastSpan: whole days, up to 15 minutes of slack, then one more day; short spans in hours', () => {
  assert.equal(lastSpan(30 * DAY), 'Last 30 Days');
  assert.equal(lastSpan(30 * DAY + 900), 'Last 30 Days');
  assert.equal(lastSpan(30 * DAY + 901), 'Last 31 Days');
  assert.equal(lastSpan(2 * DAY), 'Last 2 Days');
  assert.equal(lastSpan(DAY), 'Last 24 Hours');
  assert.equal(lastSpan(6 * 3600), 'Last 6 Hours');
  assert.equal(lastSpan(3600), 'Last 1 Hour');
  assert.equal(lastSpan(60), 'Last 1 Hour');
});

test('property: a span of d days answered up to 15 minutes late reads "Last d Days"', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 400 }), fc.integer({ min: 0, max: 900 }), (days, late) => {
      assert.equal(lastSpan(days * DAY + late), `Last ${days} Days`);
    }),
  );
});

test('inferBucketWidth: the most common bucket length, the longer on a tie; shorter partial buckets ignored', () => {
  const buckets = (len: number, n: number, from = 0): { start: number; end: number }[] =>
    Array.from({ length: n }, (_, i) => ({ start: from + i * len, end: from + (i + 1) * len }));
  assert.equal(inferBucketWidth([{ start: 0, end: 1200 }, ...buckets(3600, 5, 1200)]), '1h');
  assert.equal(inferBucketWidth([...buckets(60, 3), ...buckets(DAY, 1)]), '1m');
  assert.equal(inferBucketWidth([...buckets(3600, 2), ...buckets(DAY, 2)]), '1d');
  assert.equal(inferBucketWidth([]), '1d');
  assert.deepEqual((['1d', '1h', '1m'] as const).map(widthAdjective), ['Daily', 'Hourly', 'Per-minute']);
});

test('rangeSeconds: the given range when valid, else what the data covers; a bad one is named', () => {
  assert.equal(rangeSeconds(undefined, 123), 123);
  assert.equal(rangeSeconds(7 * DAY, 123), 7 * DAY);
  assert.throws(() => rangeSeconds(0, 1), /^RangeError: invalid rangeSeconds: 0$/);
  assert.throws(() => rangeSeconds(Number.NaN, 1), /invalid rangeSeconds: NaN/);
});
