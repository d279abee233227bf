import type { EndpointName } from '../api/endpoints';
import { endpointSpec } from '../api/endpoints';
import type { UsageTable } from './usage-table';

/**
 * Metrics that are a level at a point in time (vector store storage), not a count per bucket: summing them over
 * buckets would count the same bytes again every day, so their total is the level in the latest bucket.
 */
const GAUGE_METRICS: ReadonlySet<string> = new Set(['usage_bytes']);

/** One endpoint metric over a range (a type, not an interface, so it is a record for tables and CSV). */
export type EndpointTotal = {
  endpoint: EndpointName;
  /** The metric name; gauges read "<name> (latest)". */
  metric: string;
  total: number;
};

/**
 * Each required metric of the table's endpoint over its range: counts summed over every bucket, gauges
 * (`usage_bytes`) as the sum over the results of the latest bucket.
 * @example
 * endpointTotals(usageTable('vector_stores', buckets))
 * // [{ endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 5e9 }]
 */
export function endpointTotals(table: UsageTable): EndpointTotal[] {
  let lastStart = -Infinity;
  for (let i = 0; i < table.length; i++) lastStart = Math.max(lastStart, table.startTime[i] ?? -Infinity);
  return endpointSpec(table.endpoint).requiredMetrics.map((metric) => {
    const values = table.metrics[metric] ?? new Float64Array(0);
    const gauge = GAUGE_METRICS.has(metric);
    let total = 0;
    for (let i = 0; i < table.length; i++) if (!gauge || table.startTime[i] === lastStart) total += values[i] ?? 0;
    return { endpoint: table.endpoint, metric: gauge ? `${metric} (latest)` : metric, total };
  });
}
