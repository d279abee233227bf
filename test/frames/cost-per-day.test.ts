import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costPerDay } from '../../lib/frames/cost-per-day';
import { costTable } from '../../lib/frames/cost-table';
import { bucketStarts } from '../../lib/frames/usage-table';
import { BUCKETS, bucket, cost } from './cost-buckets';

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
