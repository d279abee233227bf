import { endpointSpec, type EndpointName } from '../catalogue/index';
import { isLevelMetric, periodTotal } from './period-total';
import type { UsageTable } from './usage-table';

/** One endpoint metric over a range (a type, not an interface, so it is a record for tables and CSV). */
export type EndpointTotal = {
  endpoint: EndpointName;
  /** The metric name; levels (gauges) read "<name> (latest)". */
  metric: string;
  total: number;
};

/**
 * Each required metric of the table's endpoint over its range (`periodTotal`): counts summed over every bucket,
 * levels (`usage_bytes`, the catalogue's gauges) as the sum over the results of the latest bucket.
 * @example
 * endpointTotals(usageTable('vector_stores', buckets))
 * // [{ endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 5e9 }]
 */
export function endpointTotals(table: UsageTable): EndpointTotal[] {
  return endpointSpec(table.endpoint).requiredMetrics.map((metric) => ({
    endpoint: table.endpoint,
    metric: isLevelMetric(metric) ? `${metric} (latest)` : metric,
    total: periodTotal(table, metric),
  }));
}
