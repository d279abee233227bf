import type { Pivot } from './pivot';

/**
 * A pivot's column totals as records, one per column, in column order.
 * @example pivotTotals(byLineItem, 'line_item') // [{ line_item: 'completions', total: 12.5 }, …]
 */
export function pivotTotals(p: Pivot, labelKey: string): Record<string, string | number>[] {
  if (typeof labelKey !== 'string' || labelKey === '' || labelKey === 'total') {
    throw new Error(
      `invalid labelKey: ${JSON.stringify(labelKey) ?? String(labelKey)} (a column name other than "total")`,
    );
  }
  return p.columns.map((column, i) => ({ [labelKey]: column, total: p.columnTotals[i] ?? 0 }));
}
