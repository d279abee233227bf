import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDay } from '../../lib/frames/cost-per-day';
import { costTable } from '../../lib/frames/cost-table';
import { bucketStarts } from '../../lib/frames/usage-table';
import { BUCKETS, bucket, cost } from './cost-buckets';
import { COSTS } from './fixtures';

const value = (v: number | string | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

test('costPerDay: amounts summed per UTC day, sorted; days without results only with the bucket spans, at 0', () => {
  const table = costTable(BUCKETS);
  assert.deepEqual(costPerDay(table), [
    { date: '2026-11-01', amount: 1.75 },
    { date: '2026-11-03', amount: 3.3 },
  ]);
  assert.deepEqual(
    costPerDay(table, bucketStarts(BUCKETS)).map((d) => [d.date, d.amount]),
    [
      ['2026-11-01', 1.75],
      ['2026-11-02', 0],
      ['2026-11-03', 3.3],
    ],
  );
  // A million cents add up to exactly $10,000 (compensated summation).
  const many = costTable([
    bucket(
      0,
      Array.from({ length: 1_000_000 }, () => cost(0.01, 'p', 'x')),
    ),
  ]);
  assert.equal(costPerDay(many)[0]?.amount, 10_000);
});

test('a table of several currencies is refused (byCurrency splits it first)', () => {
  const mixed = costTable([bucket(0, [cost(1, 'p', 'x'), cost(1, 'p', 'x', 'eur')])]);
  assert.throws(() => costPerDay(mixed), /costPerDay/);
});

test('costPerDay sums per UTC day and zero-fills days of empty buckets when given', () => {
  const t = costTable(COSTS);
  const days = costPerDay(t, bucketStarts(COSTS));
  assert.deepEqual(
    days.map((d) => d.date),
    ['2025-01-11', '2025-01-12', '2025-01-13'],
  );
  const expected = COSTS.map((b) => b.results.reduce((s, r) => s + value(r.amount?.value), 0));
  days.forEach((d, i) => assert.ok(Math.abs(d.amount - (expected[i] ?? NaN)) <= 1e-12 * Math.abs(expected[i] ?? 1)));
  assert.equal(costPerDay(t).length, 2);
});
