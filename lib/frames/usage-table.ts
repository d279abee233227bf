import {
  type DimensionName,
  type EndpointName,
  type EndpointResultMap,
  type MetricName,
  type UsageEndpointName,
  endpointSpec,
  type WireBucket,
} from '../catalogue/index';
import type { TimeSpan } from '../shared/index';
import { dictEncoder, type DictColumn } from './dict-column';
import { displayText } from './display-text';
import { organizationColumns, type OrganizationColumns } from './organization-columns';

/**
 * Columnar usage table: one row per bucket result of a usage endpoint. `UsageTable<'completions'>` knows the
 * endpoint's metric and dimension names, so `sumBy(table, ['modle'], …)` fails to type-check; the plain
 * `UsageTable` (any usage endpoint) is what helpers that work on every endpoint take.
 */
export interface UsageTable<E extends UsageEndpointName = UsageEndpointName> {
  readonly endpoint: E;
  readonly length: number;
  /** Bucket start, Unix seconds. */
  readonly startTime: Float64Array;
  readonly endTime: Float64Array;
  /** Every metric of the endpoint (ENDPOINTS[endpoint].metrics); a missing or null field reads as 0. */
  readonly metrics: Readonly<Record<MetricName<E>, Float64Array>> & Readonly<Partial<Record<string, Float64Array>>>;
  /** Every dimension (the endpoint's group_by values); null kept as null, batch as "true"/"false". */
  readonly dimensions: Readonly<Record<DimensionName<E>, DictColumn>> & Readonly<Partial<Record<string, DictColumn>>>;
  /**
   * Each row's organization when the buckets came from a read of several organizations (results tagged): tables keep
   * organizations apart, charts may total them. Absent for one organization.
   */
  readonly organizations?: OrganizationColumns;
}

/** Reads a numeric field; numeric strings are accepted because live APIs have sent them. */
export function numberField(value: unknown, name: string): number {
  if (typeof value === 'number') return value;
  if (value === undefined || value === null) return 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new TypeError(`invalid ${name}: ${JSON.stringify(value)}`);
}

/** Reads a dimension field as its dictionary string form. */
export function dimensionField(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return displayText(value);
}

function countRows(buckets: readonly WireBucket<object>[]): number {
  let n = 0;
  for (const bucket of buckets) n += bucket.results.length;
  return n;
}

/**
 * Flattens usage buckets into typed columns, once, at the boundary. Empty buckets add no rows; keep
 * them with `bucketStarts(buckets)`.
 * @example const table = usageTable('completions', page.data);
 */
export function usageTable<E extends EndpointName>(
  endpoint: E,
  buckets: readonly WireBucket<EndpointResultMap[E]>[],
): UsageTable<Exclude<E, 'costs'>> {
  const spec = endpointSpec(endpoint);
  if (!isUsage(endpoint)) throw new TypeError('invalid endpoint: "costs" (use costTable)');
  const length = countRows(buckets);
  const startTime = new Float64Array(length);
  const endTime = new Float64Array(length);
  const metricCols = spec.metrics.map((name) => ({ name, column: new Float64Array(length) }));
  const dimCols = spec.groupBy.map((name) => ({ name, encoder: dictEncoder(), codes: new Int32Array(length) }));
  let base = 0;
  for (const bucket of buckets) {
    const results: readonly object[] = bucket.results;
    const n = results.length;
    startTime.fill(bucket.start_time, base, base + n);
    endTime.fill(bucket.end_time, base, base + n);
    // Column by column within a bucket: each pass reads one field name (measured faster than row-wise).
    for (const { name, column } of metricCols) {
      for (let i = 0; i < n; i++) {
        const v: unknown = Reflect.get(results[i] ?? {}, name);
        column[base + i] = typeof v === 'number' ? v : numberField(v, name);
      }
    }
    for (const { name, encoder, codes } of dimCols) {
      let last: unknown = undefined;
      let lastCode = -1;
      for (let i = 0; i < n; i++) {
        const v: unknown = Reflect.get(results[i] ?? {}, name);
        // Runs of equal values (always null for dimensions not grouped by) skip the dictionary lookup.
        if (v !== last || lastCode < 0) {
          last = v;
          lastCode = encoder.encode(typeof v === 'string' ? v : dimensionField(v));
        }
        codes[base + i] = lastCode;
      }
    }
    base += n;
  }
  const metrics: Record<string, Float64Array> = {};
  for (const { name: m, column } of metricCols) metrics[m] = column;
  const dimensions: Record<string, DictColumn> = {};
  for (const { name: d, encoder, codes } of dimCols) dimensions[d] = { codes, values: encoder.values };
  return usageTableOf({
    endpoint,
    length,
    startTime,
    endTime,
    metrics,
    dimensions,
    organizations: organizationColumns(buckets),
  });
}

/** The columns of a usage table, metrics and dimensions by name, as its two builders (buckets, store columns) make them. */
export interface UsageTableParts<E extends UsageEndpointName> {
  endpoint: E;
  length: number;
  startTime: Float64Array;
  endTime: Float64Array;
  metrics: Record<string, Float64Array>;
  dimensions: Record<string, DictColumn>;
  organizations: OrganizationColumns | undefined;
}

/**
 * The table of its parts. The metrics and dimensions are built over the catalogue's own lists of the endpoint, so
 * every name the type promises is there: the one place that says so.
 */
export function usageTableOf<E extends UsageEndpointName>(parts: UsageTableParts<E>): UsageTable<E> {
  type Table = UsageTable<E>;
  const { endpoint, length, startTime, endTime, organizations } = parts;
  return {
    endpoint,
    length,
    startTime,
    endTime,
    metrics: parts.metrics as Table['metrics'],
    dimensions: parts.dimensions as Table['dimensions'],
    ...(organizations === undefined ? {} : { organizations }),
  };
}

function isUsage<E extends EndpointName>(endpoint: E): endpoint is Exclude<E, 'costs'> {
  return endpoint !== 'costs';
}

/** A bucket's time span, Unix seconds. */
export type BucketSpan = TimeSpan;

/**
 * Every bucket's span, empty buckets included, sorted by start and deduplicated (zero-filling input).
 * @example tokensPerBucket(table, bucketStarts(buckets)) // keeps empty buckets as zero bars
 */
export function bucketStarts(buckets: readonly WireBucket<object>[]): BucketSpan[] {
  const byStart = new Map<number, number>();
  for (const bucket of buckets) byStart.set(bucket.start_time, bucket.end_time);
  return [...byStart].sort((a, b) => a[0] - b[0]).map(([start, end]) => ({ start, end }));
}
