import type { MetricName } from '../catalogue/index';
import { groupNumbers } from './group-codes';
import type { BucketSpan, UsageTable } from './usage-table';

/** Token and request totals of one time bucket. */
export interface TokenPoint {
  start: number;
  end: number;
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  num_model_requests: number;
}

const FIELDS = [
  'input_tokens',
  'output_tokens',
  'input_cached_tokens',
  'num_model_requests',
] as const satisfies readonly MetricName<'completions'>[];

/**
 * Sums results per bucket, sorted by start. With `bucketStarts` (see `bucketStarts(buckets)`), buckets
 * without results appear with zeros so the token chart shows idle days. Metrics the endpoint lacks read 0.
 * @example tokensPerBucket(usageTable('completions', buckets), bucketStarts(buckets))
 */
export function tokensPerBucket(table: UsageTable, bucketStarts?: readonly BucketSpan[]): TokenPoint[] {
  const { groupOf, keys } = groupNumbers(table.startTime);
  const points = new Map<number, TokenPoint>();
  const byGroup: TokenPoint[] = keys.map((start) => {
    const point: TokenPoint = {
      start,
      end: start,
      input_tokens: 0,
      output_tokens: 0,
      input_cached_tokens: 0,
      num_model_requests: 0,
    };
    points.set(start, point);
    return point;
  });
  for (let i = 0; i < table.length; i++) {
    const point = byGroup[groupOf[i] ?? 0];
    if (point) point.end = table.endTime[i] ?? point.end;
  }
  for (const field of FIELDS) {
    const column = table.metrics[field];
    if (!column) continue;
    // Token counts are integers: plain Float64 addition is exact below 2^53.
    const sums = new Float64Array(keys.length);
    for (let i = 0; i < table.length; i++) sums[groupOf[i] ?? 0] += column[i] ?? 0;
    byGroup.forEach((point, g) => (point[field] = sums[g] ?? 0));
  }
  for (const span of bucketStarts ?? []) {
    if (!points.has(span.start)) {
      points.set(span.start, {
        start: span.start,
        end: span.end,
        input_tokens: 0,
        output_tokens: 0,
        input_cached_tokens: 0,
        num_model_requests: 0,
      });
    }
  }
  return [...points.values()].sort((a, b) => a.start - b.start);
}
