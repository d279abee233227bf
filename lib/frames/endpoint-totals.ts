import { endpointSpec, type EndpointName } from '../catalogue/index';
import { isLevelMetric, periodTotal } from './period-total';
import type { UsageTable } from './usage-table';

/** One endpoint metric over a range (a type, not an interface, so it is a record for tables and CSV). */
export type EndpointTotal = {
  /** The organization's ID and configured name: present for a table read from several organizations. */
  organization_id?: string | null;
  organization?: string | null;
  endpoint: EndpointName;
  /** The metric name; levels (gauges) read "<name> (latest)". */
  metric: string;
  total: number;
};

/**
 * Each required metric of the table's endpoint over its range (`periodTotal`): counts summed over every bucket,
 * levels (`usage_bytes`, the catalogue's gauges) as the sum over the results of the latest bucket. A table read from
 * several organizations gives each organization's totals (its own latest bucket for levels), organization by
 * organization in the order they were read.
 * @example
 * endpointTotals(usageTable('vector_stores', buckets))
 * // [{ endpoint: 'vector_stores', metric: 'usage_bytes (latest)', total: 5e9 }]
 */
export function endpointTotals(table: UsageTable): EndpointTotal[] {
  const metrics = endpointSpec(table.endpoint).requiredMetrics;
  const label = (metric: string): string => (isLevelMetric(metric) ? `${metric} (latest)` : metric);
  const organizations = table.organizations;
  if (organizations === undefined)
    return metrics.map((metric) => ({
      endpoint: table.endpoint,
      metric: label(metric),
      total: periodTotal(table, metric),
    }));
  const { id, name } = organizations;
  return id.values.flatMap((organizationId, code) => {
    const first = id.codes.indexOf(code);
    const organization = name.values[name.codes[first] ?? -1] ?? null;
    return metrics.map((metric) => ({
      organization_id: organizationId,
      organization,
      endpoint: table.endpoint,
      metric: label(metric),
      total: periodTotal(table, metric, (row) => id.codes[row] === code),
    }));
  });
}
