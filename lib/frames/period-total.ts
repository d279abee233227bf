import { addTo, groupSums, totalOf } from './compensated-sum';
import { metricColumn } from './sum-by';
import { ENDPOINTS } from '../catalogue/index';
import type { UsageTable } from './usage-table';

/** Metrics that are a level (bytes stored now), not a flow: the catalogue's gauges; their period value is the newest. */
const LEVEL_METRICS: ReadonlySet<string> = new Set(
  Object.values(ENDPOINTS).flatMap((spec) =>
    Object.entries(spec.metricKinds)
      .filter(([, kind]) => kind === 'gauge')
      .map(([m]) => m),
  ),
);

/** True when `metric` is a level (`usage_bytes`), whose total over a period is its latest value. */
export function isLevelMetric(metric: string): boolean {
  return LEVEL_METRICS.has(metric);
}

/**
 * A metric over the whole table (or the rows `include` keeps): the sum for flows (tokens, requests), and for levels
 * the sum of the results of the newest bucket by start time (buckets may arrive in any order: the last row is not the
 * latest).
 */
export function periodTotal(table: UsageTable, metric: string, include?: (row: number) => boolean): number {
  const values = metricColumn(table, metric);
  const kept = include ?? ((): boolean => true);
  let newest = -Infinity;
  if (isLevelMetric(metric))
    for (let i = 0; i < table.length; i++) if (kept(i)) newest = Math.max(newest, table.startTime[i] ?? -Infinity);
  const acc = groupSums(1);
  for (let i = 0; i < table.length; i++) {
    if (kept(i) && (!isLevelMetric(metric) || table.startTime[i] === newest)) addTo(acc, 0, values[i] ?? 0);
  }
  return totalOf(acc, 0);
}
