import type { GroupSum } from './inputs';
import { nullLabel } from '../frames/index';
import { checkArray, checkText, invalid } from './check-options';

/** The label of a null key: the frames' own, so tables, bars, pies and lines agree. */
export { nullLabel };

/** A group's label and its value summed over every group with that label. */
export interface LabelledValue {
  label: string;
  value: number;
}

/**
 * Sums `groups` by `keys[labelKey]` (null → {@link nullLabel}), largest first. Fails early when a group has no such key,
 * which usually means the data was not grouped by it.
 */
export function groupLabels(groups: readonly GroupSum[], labelKey: string): LabelledValue[] {
  checkText(labelKey, 'labelKey');
  checkArray(groups, 'groups');
  const sums = new Map<string, number>();
  for (const g of groups) {
    if (!(labelKey in g.keys)) throw invalid('labelKey', labelKey);
    if (!Number.isFinite(g.value)) throw invalid('group value', g.value);
    const label = g.keys[labelKey] ?? nullLabel(labelKey);
    sums.set(label, (sums.get(label) ?? 0) + g.value);
  }
  return [...sums]
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
