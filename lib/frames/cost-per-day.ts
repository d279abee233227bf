import { assertOneCurrency } from './by-currency';
import { addTo, groupSums, totalOf } from './compensated-sum';
import type { CostTable } from './cost-table';
import { groupNumbers } from './group-codes';
import type { BucketSpan } from './usage-table';
import { utcDate } from '../shared/index';
import { utcDay } from './utc-format';

/** Total cost of one UTC day. */
export interface DailyAmount {
  /** YYYY-MM-DD, UTC. */
  date: string;
  amount: number;
}

/**
 * Sums amounts per UTC day of the bucket start (compensated summation), sorted by date. With `buckets`
 * (see `bucketStarts`), days without results are present with 0. One currency only (see `byCurrency`).
 * @example costPerDay(costTable(buckets), bucketStarts(buckets)) // [{ date: '2026-11-01', amount: 12.5 }, …]
 */
export function costPerDay(table: CostTable, buckets?: readonly BucketSpan[]): DailyAmount[] {
  assertOneCurrency(table, 'costPerDay');
  const { groupOf, keys } = groupNumbers(table.startTime.map(utcDay));
  const acc = groupSums(keys.length);
  for (let i = 0; i < table.length; i++) addTo(acc, groupOf[i] ?? 0, table.amount[i] ?? 0);
  const amounts = new Map(keys.map((day, g) => [day, totalOf(acc, g)]));
  for (const span of buckets ?? []) {
    const day = utcDay(span.start);
    if (!amounts.has(day)) amounts.set(day, 0);
  }
  return [...amounts].sort((a, b) => a[0] - b[0]).map(([day, amount]) => ({ date: utcDate(day * 86400), amount }));
}
