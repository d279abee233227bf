/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('invalid values: empty');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** ours / baseline with two decimals ("n/a" when the baseline is 0). */
export function ratio(ours: number, baseline: number): string {
  return baseline > 0 ? (ours / baseline).toFixed(2) : 'n/a';
}
