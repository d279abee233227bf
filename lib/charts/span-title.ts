import type { BucketWidth } from '../catalogue/index';

const DAY = 86_400;

/** "Daily" / "Hourly" / "Per-minute" for a bucket width. */
export function widthAdjective(width: BucketWidth): string {
  return width === '1d' ? 'Daily' : width === '1h' ? 'Hourly' : 'Per-minute';
}

/** Slack before a span counts as one more unit: a 30-day query answered seconds later still reads "Last 30 Days". */
const SLACK_SECONDS = 900;

/**
 * "Last 30 Days" / "Last 6 Hours" for a span in seconds (a partial unit beyond the slack rounds up).
 * @example lastSpan(30 * 86400) // 'Last 30 Days'
 * lastSpan(3600) // 'Last 1 Hour'
 */
export function lastSpan(seconds: number): string {
  if (seconds > DAY + SLACK_SECONDS) {
    const days = Math.ceil((seconds - SLACK_SECONDS) / DAY);
    return `Last ${days} Day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.ceil((seconds - SLACK_SECONDS / 15) / 3600));
  return `Last ${hours} Hour${hours === 1 ? '' : 's'}`;
}

/** Infers the bucket width from the most common bucket length (partial first/last buckets are shorter). */
export function inferBucketWidth(points: readonly { start: number; end: number }[]): BucketWidth {
  const counts = new Map<number, number>();
  for (const p of points) counts.set(p.end - p.start, (counts.get(p.end - p.start) ?? 0) + 1);
  let best = DAY;
  let bestCount = 0;
  for (const [len, n] of counts) if (n > bestCount || (n === bestCount && len > best)) [best, bestCount] = [len, n];
  return best <= 60 ? '1m' : best <= 3600 ? '1h' : '1d';
}

/** A caller-given range (validated) or the span the data covers. */
export function rangeSeconds(given: number | undefined, covered: number): number {
  if (given === undefined) return covered;
  if (typeof given !== 'number' || !Number.isFinite(given) || given <= 0)
    throw new RangeError(`invalid rangeSeconds: ${String(given)}`);
  return given;
}
