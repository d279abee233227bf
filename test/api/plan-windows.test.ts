import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { planWindows } from '../../lib/api/plan-windows';

const WIDTH = { '1m': 60, '1h': 3600, '1d': 86_400 } as const;

test('a range of 10 days in windows of 7 daily buckets: the first from the start itself, then on UTC midnights', () => {
  const start = Date.UTC(2026, 10, 1, 10, 30) / 1000;
  const end = Date.UTC(2026, 10, 11) / 1000;
  assert.deepEqual(planWindows(start, end, '1d', 7), [
    { start, end: Date.UTC(2026, 10, 8) / 1000 },
    { start: Date.UTC(2026, 10, 8) / 1000, end },
  ]);
  assert.deepEqual(planWindows(end, end, '1d', 7), []);
  assert.throws(() => planWindows(0, 1, '1h', 0), /^TypeError: invalid bucketsPerWindow: 0$/);
});

test('property: windows are contiguous, cover [start, end) exactly, and each holds at most the asked buckets', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }),
      fc.integer({ min: 1, max: 3 * 86_400 * 40 }),
      fc.constantFrom('1m', '1h', '1d'),
      fc.integer({ min: 1, max: 50 }),
      (start, length, width: '1m' | '1h' | '1d', per) => {
        fc.pre(length / WIDTH[width] / per < 2000);
        const end = start + length;
        const windows = planWindows(start, end, width, per);
        const w = WIDTH[width];
        assert.equal(windows[0]?.start, start);
        assert.equal(windows.at(-1)?.end, end);
        windows.forEach((win, i) => {
          assert.ok(win.start < win.end);
          if (i > 0) {
            assert.equal(win.start, windows[i - 1]?.end, 'contiguous');
            assert.equal(win.start % w, 0, 'later windows start on the UTC grid');
          }
          // Buckets of the grid the window touches: from the floor of its start to its end.
          const first = Math.floor((Math.floor(win.start / 60) * 60) / w) * w;
          assert.ok(Math.ceil((win.end - first) / w) <= per, `window ${i} holds at most ${per} buckets`);
        });
      },
    ),
  );
});
