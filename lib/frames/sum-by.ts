import { addTo, groupSums, totalOf } from './compensated-sum';
import type { DictColumn } from './dict-column';
import { groupCodes } from './group-codes';
import { ORGANIZATION_COLUMNS, organizationDimensions, type OrganizationColumns } from './organization-columns';
import type { DimensionName, MetricName, UsageEndpointName } from '../catalogue/index';
import type { UsageTable } from './usage-table';

/** One group of a group-by sum: the dimension values (null kept) and the summed metric. */
export interface GroupSum {
  keys: Record<string, string | null>;
  value: number;
}

/** Code-unit order with null last: deterministic, locale-independent. */
export function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Sorts by value desc, then by the keys in `by` order. */
export function sortGroups(groups: GroupSum[], by: readonly string[]): GroupSum[] {
  return groups.sort((a, b) => {
    if (a.value !== b.value) return b.value - a.value;
    for (const k of by) {
      const c = compareNullable(a.keys[k] ?? null, b.keys[k] ?? null);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** Group-by sum over named dictionary columns (shared by usage and cost tables). */
export function sumByColumns(
  columns: Readonly<Partial<Record<string, DictColumn>>>,
  by: readonly string[],
  values: Float64Array,
): GroupSum[] {
  const picked = by.map((name) => {
    const column = Object.prototype.hasOwnProperty.call(columns, name) ? columns[name] : undefined;
    if (!column)
      throw new TypeError(
        `invalid dimension: ${JSON.stringify(name)} (expected one of ${Object.keys(columns).join(', ')})`,
      );
    return column;
  });
  if (new Set(by).size !== by.length) throw new TypeError(`invalid by: ${JSON.stringify(by)} (duplicate dimension)`);
  const grouping = groupCodes(picked, values.length);
  const acc = groupSums(grouping.count);
  const { groupOf } = grouping;
  for (let i = 0; i < values.length; i++) addTo(acc, groupOf[i] ?? 0, values[i] ?? 0);
  const groups: GroupSum[] = [];
  for (let g = 0; g < grouping.count; g++) {
    // fromEntries defines own properties, so a hostile "__proto__" value stays a plain key.
    const keys = Object.fromEntries(
      by.map((name, k) => [name, picked[k]?.values[grouping.keyCodes[k]?.[g] ?? 0] ?? null]),
    );
    groups.push({ keys, value: totalOf(acc, g) });
  }
  return sortGroups(groups, by);
}

/**
 * The columns and keys of a group-by over a table read from several organizations: `organization_id` and
 * `organization` first, so no group adds up two organizations. A table of one organization: as given.
 */
export function keepingOrganizations(
  columns: Readonly<Partial<Record<string, DictColumn>>>,
  by: readonly string[],
  organizations: OrganizationColumns | undefined,
): { columns: Readonly<Partial<Record<string, DictColumn>>>; by: readonly string[] } {
  if (organizations === undefined) return { columns, by };
  return {
    columns: { ...columns, ...organizationDimensions(organizations) },
    by: [...ORGANIZATION_COLUMNS.filter((c) => !by.includes(c)), ...by],
  };
}

/** Looks a metric column up, failing with the valid names. */
export function metricColumn<E extends UsageEndpointName>(table: UsageTable<E>, metric: string): Float64Array {
  const column = Object.prototype.hasOwnProperty.call(table.metrics, metric) ? table.metrics[metric] : undefined;
  if (!column)
    throw new TypeError(
      `invalid metric: ${JSON.stringify(metric)} (expected one of ${Object.keys(table.metrics).join(', ')})`,
    );
  return column;
}

/**
 * Generic group-by sum on dictionary codes (no '-'-join collisions; null is its own group), sorted by
 * value desc then keys. `by: []` gives one grand-total group (none for an empty table). A table read from several
 * organizations is also grouped by organization: each group's keys start with `organization_id` and `organization`
 * (charts total a label's groups; tables show them apart).
 * @example sumBy(table, ['model', 'project_id'], 'num_model_requests')
 */
export function sumBy<E extends UsageEndpointName>(
  table: UsageTable<E>,
  by: readonly DimensionName<E>[],
  metric: MetricName<E>,
): GroupSum[] {
  const grouping = keepingOrganizations(table.dimensions, by, table.organizations);
  return sumByColumns(grouping.columns, grouping.by, metricColumn(table, metric));
}
