import type { CostDimension, CostTable } from './cost-table';
import { sumByColumns, type GroupSum } from './sum-by';

/** Total cost per value of a costs dimension (line item, project, user, API key, API source), sorted by amount desc. */
export function costBy(table: CostTable, dimension: CostDimension): GroupSum[] {
  if (!Object.prototype.hasOwnProperty.call(table.dimensions, dimension)) {
    throw new TypeError(`invalid dimension: ${JSON.stringify(dimension)} (expected one of ${Object.keys(table.dimensions).join(', ')})`);
  }
  return sumByColumns({ [dimension]: table.dimensions[dimension] }, [dimension], table.amount);
}
