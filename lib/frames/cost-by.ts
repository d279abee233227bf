import type { CostTable } from './cost-table';
import { sumByColumns, type GroupSum } from './sum-by';

const DIMENSIONS = { line_item: 'lineItem', project_id: 'projectId', api_key_id: 'apiKeyId' } as const;

/**
 * Total cost per line item, project or API key (compensated sums), sorted by amount desc then key.
 * @example costBy(costTable(buckets), 'project_id') // [{ keys: { project_id: 'proj_a' }, value: 12.5 }, …]
 */
export function costBy(table: CostTable, dimension: 'line_item' | 'project_id' | 'api_key_id'): GroupSum[] {
  if (!Object.prototype.hasOwnProperty.call(DIMENSIONS, dimension)) throw new TypeError(`invalid dimension: ${JSON.stringify(dimension)}`);
  return sumByColumns({ [dimension]: table[DIMENSIONS[dimension]] }, [dimension], table.amount);
}
