/** ours / baseline with two decimals ("n/a" when the baseline is 0). */
export function ratio(ours: number, baseline: number): string {
  return baseline > 0 ? (ours / baseline).toFixed(2) : 'n/a';
}
