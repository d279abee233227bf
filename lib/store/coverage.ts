/** A half-open stored range [start, end) in Unix seconds; `final` once it is past the trailing re-read window. */
export interface CoverageInterval {
  start: number;
  end: number;
  final: boolean;
}

/** Sorted, disjoint, merged: adjacent intervals with the same flag become one. */
export function normalizeCoverage(intervals: readonly CoverageInterval[]): CoverageInterval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: CoverageInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.final === i.final && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** Records that [next.start, next.end) now holds what was just written: it replaces whatever covered that span. */
export function addCoverage(existing: readonly CoverageInterval[], next: CoverageInterval): CoverageInterval[] {
  const kept: CoverageInterval[] = [];
  for (const i of existing) {
    if (i.end <= next.start || i.start >= next.end) kept.push({ ...i });
    else {
      if (i.start < next.start) kept.push({ start: i.start, end: next.start, final: i.final });
      if (i.end > next.end) kept.push({ start: next.end, end: i.end, final: i.final });
    }
  }
  kept.push({ ...next });
  return normalizeCoverage(kept);
}

/** The parts of [start, end) not covered by any interval matching `accept`. */
export function missingRanges(
  covered: readonly CoverageInterval[],
  start: number,
  end: number,
  accept: (i: CoverageInterval) => boolean = (i) => i.final,
): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let t = start;
  for (const i of normalizeCoverage(covered.filter(accept).map((c) => ({ ...c, final: true })))) {
    if (i.end <= t) continue;
    if (i.start >= end) break;
    if (i.start > t) out.push({ start: t, end: Math.min(i.start, end) });
    t = Math.max(t, i.end);
    if (t >= end) break;
  }
  if (t < end) out.push({ start: t, end });
  return out;
}
