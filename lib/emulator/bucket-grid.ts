import { WIDTH_SECONDS, type BucketWidth } from '../catalogue/index';
import type { TimeSpan } from '../shared/index';

/** One bucket's time span, [start, end). */
export type BucketSpan = TimeSpan;

/**
 * Up to `limit` buckets of the UTC-aligned grid of `width` intersected with [from, end): the first starts at
 * `from` (which may be off the grid), later ones on UTC boundaries, the last may be cut at `end`.
 */
export function bucketSpans(from: number, end: number, width: BucketWidth, limit: number): BucketSpan[] {
  const size = WIDTH_SECONDS[width];
  const spans: BucketSpan[] = [];
  let start = from;
  while (start < end && spans.length < limit) {
    const boundary = Math.floor(start / size) * size + size;
    const stop = Math.min(boundary, end);
    spans.push({ start, end: stop });
    start = stop;
  }
  return spans;
}
