/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Median absolute deviation scaled by 1.4826, so it estimates σ for normal data. */
export function scaledMad(values: readonly number[], center = median(values)): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - center)));
}

/**
 * `median` of the first `n` values, or (`center` given) of their absolute deviations from it (`scaledMad` before its
 * factor), for the many small windows of a rolling baseline. Sorted in `work` by a stable insertion sort, which puts
 * a window's few values in the order `median`'s sort does without a copy and a comparator call per comparison;
 * values with NaN (no order) go through `median` itself.
 */
export function windowMedian(values: Float64Array, n: number, work: Float64Array, center?: number): number {
  const list = values.subarray(0, n);
  if (list.some(Number.isNaN) || (center !== undefined && Number.isNaN(center))) {
    const plain = Array.from(list);
    return median(center === undefined ? plain : plain.map((v) => Math.abs(v - center)));
  }
  for (let i = 0; i < n; i++) {
    const x = center === undefined ? (values[i] ?? 0) : Math.abs((values[i] ?? 0) - center);
    let j = i - 1;
    while (j >= 0 && (work[j] ?? 0) > x) {
      work[j + 1] = work[j] ?? 0;
      j--;
    }
    work[j + 1] = x;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? (work[mid] ?? NaN) : ((work[mid - 1] ?? NaN) + (work[mid] ?? NaN)) / 2;
}

/** `median` of the first `n` values of an ascending buffer (a {@link SortedWindow}'s), `n` ≥ 1: no sort needed. */
export function sortedMedian(sorted: Float64Array, n: number): number {
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/**
 * `windowMedian(…, center)` of the first `n` values of an ascending buffer of finite numbers: the median absolute
 * deviation from `center`, found by merging the two runs the deviations form (falling below the centre, rising from
 * it) up to the middle instead of sorting them: the same deviations, so the same order statistics, to the bit.
 */
export function sortedDeviationMedian(sorted: Float64Array, n: number, center: number): number {
  // The first value at or above the centre: deviations grow leftwards from it - 1 and rightwards from it.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((sorted[m] ?? 0) < center) lo = m + 1;
    else hi = m;
  }
  let left = lo - 1;
  let right = lo;
  let previous = NaN;
  let current = NaN;
  for (let k = 0; k <= n >> 1; k++) {
    const dl = left >= 0 ? Math.abs((sorted[left] ?? 0) - center) : Infinity;
    const dr = right < n ? Math.abs((sorted[right] ?? 0) - center) : Infinity;
    previous = current;
    if (dl <= dr) {
      current = dl;
      left--;
    } else {
      current = dr;
      right++;
    }
  }
  return n % 2 === 1 ? current : (previous + current) / 2;
}
