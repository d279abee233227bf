import type { Pivot } from './pivot';

/**
 * A pivot's column totals as records, one per column, in column order; for a pivot read from several organizations,
 * one per organization and column (`organization_id` and `organization` first), organization by organization.
 * @example pivotTotals(byLineItem, 'line_item') // [{ line_item: 'completions', total: 12.5 }, …]
 */
export function pivotTotals(p: Pivot, labelKey: string): Record<string, string | number | null>[] {
  if (typeof labelKey !== 'string' || labelKey === '' || labelKey === 'total') {
    throw new Error(
      `invalid labelKey: ${JSON.stringify(labelKey) ?? String(labelKey)} (a column name other than "total")`,
    );
  }
  const totals = (q: Pivot): Record<string, string | number>[] =>
    q.columns.map((column, i) => ({ [labelKey]: column, total: q.columnTotals[i] ?? 0 }));
  if (p.organizations === undefined) return totals(p);
  return p.organizations.flatMap((o) =>
    totals(o.pivot).map((row) => ({ organization_id: o.organization_id, organization: o.organization, ...row })),
  );
}
