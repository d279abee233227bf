import { UNGROUPED } from './dict-column';
import { OTHER_LABEL, OTHER_THRESHOLD, foldOther } from './fold-other';
import { compareNullable, metricColumn, sumByColumns, type GroupSum } from './sum-by';
import type { UsageTable } from './usage-table';

/** One pie slice. */
export interface ShareSlice {
  label: string;
  value: number;
  /** Fraction of the total, 0..1. */
  share: number;
}

/** A pie split the seed's way: slices under the threshold fold into one "Other" slice. */
export interface ShareSplit {
  /** Slices at or above the threshold, plus an "Other" slice when `other` is non-empty; sorted desc. */
  main: ShareSlice[];
  /** The folded slices (shares still relative to the overall total), sorted desc. */
  other: ShareSlice[];
  otherTotal: number;
  total: number;
  threshold: number;
}

export { OTHER_LABEL };

function bySize(a: ShareSlice, b: ShareSlice): number {
  return b.value - a.value || compareNullable(a.label, b.label);
}

/**
 * Splits groups into main slices and "Other" (share < threshold, default {@link OTHER_THRESHOLD}). Groups with
 * value ≤ 0 are dropped as in the seed; a null key is labelled "(none)".
 * @example shareWithOther(sumBy(table, ['model'], 'input_tokens'), 'model', 0.05)
 */
export function shareWithOther(groups: readonly GroupSum[], labelKey: string, threshold = OTHER_THRESHOLD): ShareSplit {
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`invalid threshold: ${threshold}`);
  const positive = groups.filter((g) => g.value > 0);
  for (const g of positive) {
    if (!Object.prototype.hasOwnProperty.call(g.keys, labelKey))
      throw new TypeError(`invalid labelKey: ${JSON.stringify(labelKey)}`);
  }
  let total = 0;
  for (const g of positive) total += g.value;
  const slices = positive.map((g) => ({
    label: g.keys[labelKey] ?? UNGROUPED,
    value: g.value,
    share: g.value / total,
  }));
  const {
    kept: main,
    folded: other,
    foldedTotal: otherTotal,
  } = foldOther(slices.sort(bySize), (s) => s.value, { threshold });
  if (other.length > 0) main.push({ label: OTHER_LABEL, value: otherTotal, share: otherTotal / total });
  return { main: main.sort(bySize), other, otherTotal, total, threshold };
}

/**
 * Requests per project as a pie split (seed: "Distribution of Model Requests by Project ID").
 * @example requestsByProject(usageTable('completions', bucketsGroupedByProject)).main // slices, 'Other' last
 */
export function requestsByProject(table: UsageTable, threshold?: number): ShareSplit {
  const groups = sumByColumns(table.dimensions, ['project_id'], metricColumn(table, 'num_model_requests'));
  return shareWithOther(groups, 'project_id', threshold);
}
