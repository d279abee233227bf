import type { PipelineTotals } from './pipeline-job';

/** Relative tolerance for USD sums only (summation order differs: pandas pairwise, ours sequential). */
const USD_TOLERANCE = 1e-9;

/**
 * Lists every disagreement between two sides' row counts and totals: counts and token/request totals
 * must be equal; `*_usd` sums within 1e-9 relative. Empty = agree.
 */
export function compareTotals(a: PipelineTotals, b: PipelineTotals): string[] {
  const problems: string[] = [];
  for (const group of ['rows', 'totals'] as const) {
    const keys = new Set([...Object.keys(a[group]), ...Object.keys(b[group])]);
    for (const key of keys) {
      const x = a[group][key];
      const y = b[group][key];
      if (x === undefined || y === undefined) {
        problems.push(`${group}.${key}: missing on one side (${String(x)} vs ${String(y)})`);
        continue;
      }
      const ok = key.endsWith('_usd') ? Math.abs(x - y) <= USD_TOLERANCE * Math.max(1, Math.abs(x)) : x === y;
      if (!ok) problems.push(`${group}.${key}: ${x} vs ${y}`);
    }
  }
  return problems;
}
