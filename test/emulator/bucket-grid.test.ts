import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { bucketSpans } from '../../lib/emulator/bucket-grid';

const DAY = 86_400;

test('the first bucket starts at `from` (off the grid), later ones on UTC boundaries, the last cut at end', () => {
  const from = 10 * DAY + 3600 * 5;
  assert.deepEqual(bucketSpans(from, 13 * DAY + 60, '1d', 10), [
    { start: from, end: 11 * DAY },
    { start: 11 * DAY, end: 12 * DAY },
    { start: 12 * DAY, end: 13 * DAY },
    { start: 13 * DAY, end: 13 * DAY + 60 },
  ]);
  assert.deepEqual(bucketSpans(120, 300, '1m', 2), [
    { start: 120, end: 180 },
    { start: 180, end: 240 },
  ]);
  assert.deepEqual(bucketSpans(100, 100, '1h', 5), []);
  assert.deepEqual(bucketSpans(0, 7200, '1h', 0), []);
});

test('property: contiguous spans from `from`, within one grid cell each, at most `limit`, covering all when allowed', () => {
  const widths = { '1m': 60, '1h': 3600, '1d': DAY } as const;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2_000_000_000 }),
      fc.integer({ min: 1, max: 40 * DAY }),
      fc.constantFrom('1m' as const, '1h' as const, '1d' as const),
      fc.integer({ min: 1, max: 200 }),
      (from, length, width, limit) => {
        const size = widths[width];
        const end = from + length;
        const spans = bucketSpans(from, end, width, limit);
        assert.ok(spans.length >= 1 && spans.length <= limit);
        assert.equal(spans[0]?.start, from);
        spans.forEach((s, i) => {
          assert.ok(s.start < s.end && s.end <= end);
          assert.equal(Math.floor(s.start / size), Math.floor((s.end - 1) / size), 'one grid cell');
          if (i > 0) {
            assert.equal(s.start, spans[i - 1]?.end);
            assert.equal(s.start % size, 0);
          }
          if (s.end !== end) assert.equal(s.end % size, 0);
        });
        const cells = Math.floor((end - 1) / size) - Math.floor(from / size) + 1;
        assert.equal(spans.length, Math.min(limit, cells));
      },
    ),
  );
});
