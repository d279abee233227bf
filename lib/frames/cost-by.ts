import { assertOneCurrency } from './by-currency';
import type { CostTable } from './cost-table';
import { sumByColumns, type GroupSum } from './sum-by';

const DIMENSIONS = { line_item: 'lineItem', project_id: 'projectId', api_key_id: 'apiKeyId' } as const;

/** Total cost per line item, project or API key (compensated sums), sorted by amount desc then key; one currency only. */
export function costBy(table: CostTable, dimension: 'line_item' | 'project_id' | 'api_key_id'): GroupSum[] {
  assertOneCurrency(table, 'costBy');
  if (!Object.prototype.hasOwnProperty.call(DIMENSIONS, dimension)) throw new TypeError(`invalid dimension: ${JSON.stringify(dimension)}`);
  return sumByColumns({ [dimension]: table[DIMENSIONS[dimension]] }, [dimension], table.amount);
}
