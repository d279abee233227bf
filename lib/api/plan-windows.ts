import { WIDTH_SECONDS, type BucketWidth } from '../catalogue/index';
import type { TimeSpan } from '../shared/index';

/** Seconds per bucket width (the catalogue's table, re-exported for callers of planWindows). */
export { WIDTH_SECONDS };
/** A window of one page, [start, end) in Unix seconds. */
export type TimeWindow = TimeSpan;

/**
 * Splits [start, end) into disjoint windows of `bucketsPerWindow` buckets each, so every window is
 * one page. The first window starts at `start` itself (the API floors it to the minute and makes the
 * first bucket end on the next width boundary); later windows start on UTC width boundaries, so the
 * union of the windows' buckets is exactly the bucket grid of the whole range.
 */
export function planWindows(start: number, end: number, width: BucketWidth, bucketsPerWindow: number): TimeWindow[] {
  if (!Number.isInteger(bucketsPerWindow) || bucketsPerWindow < 1)
    throw new TypeError(`invalid bucketsPerWindow: ${bucketsPerWindow}`);
  const w = WIDTH_SECONDS[width];
  const span = w * bucketsPerWindow;
  const windows: TimeWindow[] = [];
  const gridStart = Math.floor((Math.floor(start / 60) * 60) / w) * w;
  let from = start;
  for (let to = gridStart + span; from < end; to += span) {
    windows.push({ start: from, end: Math.min(to, end) });
    from = to;
  }
  return windows;
}
