/** Label of the slice, bar or series holding the folded small groups. */
export const OTHER_LABEL = 'Other';

/** Groups under this share of the total fold into "Other" unless a caller says otherwise (the seed's 5 %). */
export const OTHER_THRESHOLD = 0.05;

/** Which items fold into "Other". */
export interface FoldRule {
  /** Fold items whose share of the total (0..1) is under this. @default 0 (none by share) */
  threshold?: number;
  /** Fold every item after the first `keep`. @default Infinity */
  keep?: number;
  /** Fold nothing when fewer items would fold (one item under "Other" says less than its own name). @default 1 */
  minFolded?: number;
}

/** The result of {@link foldOther}: items kept in their order, the folded ones, and totals. */
export interface Folded<T> {
  kept: T[];
  folded: T[];
  foldedTotal: number;
  total: number;
}

/**
 * The one rule for folding small groups into "Other", used by the share split, the pies, the bar chart and the
 * stacked line items: items (the caller's order, usually largest first) whose share is under `threshold` or that come
 * after the first `keep` are folded.
 * @example foldOther(groups, (g) => g.value, { threshold: OTHER_THRESHOLD }).folded
 */
export function foldOther<T>(items: readonly T[], value: (item: T) => number, rule: FoldRule = {}): Folded<T> {
  const threshold = rule.threshold ?? 0;
  const keep = rule.keep ?? Infinity;
  const minFolded = rule.minFolded ?? 1;
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`invalid threshold: ${threshold} (a share from 0 to 1)`);
  if (!(keep === Infinity || (Number.isInteger(keep) && keep >= 0))) throw new RangeError(`invalid keep: ${keep}`);
  if (!(Number.isInteger(minFolded) && minFolded >= 1)) throw new RangeError(`invalid minFolded: ${minFolded}`);
  let total = 0;
  for (const item of items) total += value(item);
  const kept: T[] = [];
  const folded: T[] = [];
  items.forEach((item, i) => {
    const small = total > 0 && value(item) / total < threshold;
    (i >= keep || small ? folded : kept).push(item);
  });
  if (folded.length < minFolded) return { kept: [...items], folded: [], foldedTotal: 0, total };
  let foldedTotal = 0;
  for (const item of folded) foldedTotal += value(item);
  return { kept, folded, foldedTotal, total };
}
