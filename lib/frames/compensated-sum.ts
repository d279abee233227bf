/**
 * Neumaier (improved Kahan) summation into many accumulators at once: `sum[g]` plus the lost low-order
 * part `comp[g]`. Money is summed this way so 1M float amounts match an exact reference to ~1e-15.
 */
export interface GroupSums {
  readonly sum: Float64Array;
  readonly comp: Float64Array;
}

export function groupSums(groups: number): GroupSums {
  return { sum: new Float64Array(groups), comp: new Float64Array(groups) };
}

/** Adds `value` to accumulator `g`. */
export function addTo(acc: GroupSums, g: number, value: number): void {
  const s = acc.sum[g] ?? 0;
  const t = s + value;
  acc.comp[g] = (acc.comp[g] ?? 0) + (Math.abs(s) >= Math.abs(value) ? s - t + value : value - t + s);
  acc.sum[g] = t;
}

/** The compensated total of accumulator `g`. */
export function totalOf(acc: GroupSums, g: number): number {
  return (acc.sum[g] ?? 0) + (acc.comp[g] ?? 0);
}
