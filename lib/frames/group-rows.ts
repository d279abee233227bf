import type { GroupSum } from './sum-by';

/** One record per group: its keys as columns, then the summed `value` (for tables and CSV exports). */
export type GroupRow = Record<string, string | number | null>;

/**
 * Group sums as flat records.
 * @example groupRows([{ keys: { model: 'gpt-4o' }, value: 12 }]) // [{ model: 'gpt-4o', value: 12 }]
 */
export function groupRows(groups: readonly GroupSum[]): GroupRow[] {
  return groups.map((g) => ({ ...g.keys, value: g.value }));
}
