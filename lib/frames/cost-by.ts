import { assertOneCurrency } from './by-currency';
import type { CostDimension, CostTable } from './cost-table';
import { keepingOrganizations, sumByColumns, type GroupSum } from './sum-by';

/**
 * Total cost per value of a costs dimension (line item, project, user, API key, API source), sorted by amount desc;
 * one currency only. A table read from several organizations: per organization and value (see `sumBy`).
 * @example costBy(costTable(buckets), 'project_id') // [{ keys: { project_id: 'proj_a' }, value: 12.5 }, …]
 */
export function costBy(table: CostTable, dimension: CostDimension): GroupSum[] {
  assertOneCurrency(table, 'costBy');
  if (!Object.prototype.hasOwnProperty.call(table.dimensions, dimension)) {
    throw new TypeError(
      `invalid dimension: ${JSON.stringify(dimension)} (expected one of ${Object.keys(table.dimensions).join(', ')})`,
    );
  }
  const grouping = keepingOrganizations({ [dimension]: table.dimensions[dimension] }, [dimension], table.organizations);
  return sumByColumns(grouping.columns, grouping.by, table.amount);
}
