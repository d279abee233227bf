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
