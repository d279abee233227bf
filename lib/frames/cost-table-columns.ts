import { ENDPOINTS, type DimensionName } from '../catalogue/index';
import { amountValue, type CostTable } from './cost-table';
import { dictEncoder, type DictColumn } from './dict-column';
import { organizationsOfColumns, rowCount, rowTimes, type ResultColumns } from './result-columns';
import { encodedField } from './encoded-field';
import { dimensionField } from './usage-table';

const COST_DIMENSIONS = ENDPOINTS.costs.groupBy as readonly DimensionName<'costs'>[];

/** A dictionary column of every part's cells, each read by `value` (parts one after the other). */
function encoded(
  parts: readonly ResultColumns[],
  length: number,
  cellsOf: (part: ResultColumns, k: number) => readonly unknown[] | undefined,
  value: (cell: unknown, k: number, i: number) => string | null,
): DictColumn {
  const encoder = dictEncoder();
  const codes = new Int32Array(length);
  let base = 0;
  for (const [k, part] of parts.entries()) {
    const cells = cellsOf(part, k);
    for (let i = 0; i < part.length; i++) codes[base + i] = encoder.encode(value(cells?.[i], k, i));
    base += part.length;
  }
  return { codes, values: encoder.values };
}

/**
 * `costTable` from results given as columns (a store read), parts one after the other: the same table as
 * `costTable` over the same results as buckets (row order, dictionary order, values, checks).
 * @example const costs = costTableFromColumns(parts)
 */
export function costTableFromColumns(parts: readonly ResultColumns[]): CostTable {
  const length = rowCount(parts);
  const { startTime, endTime } = rowTimes(parts, length);
  const amount = new Float64Array(length);
  const quantity = new Float64Array(length);
  let base = 0;
  const amounts = parts.map((p) => p.money('amount'));
  for (const [k, part] of parts.entries()) {
    const values = amounts[k]?.value;
    const quantities = part.field('quantity');
    for (let i = 0; i < part.length; i++) {
      // A null value is a null amount: 0 (as `costTable` reads a missing one).
      const v = values?.[i] ?? null;
      amount[base + i] = v === null ? 0 : amountValue(v);
      const q = quantities?.[i] ?? null;
      quantity[base + i] = typeof q === 'number' ? q : q === null ? NaN : amountValue(q);
    }
    base += part.length;
  }
  // "usd" where the amount is null or has no currency, as `costTable` reads them.
  const currency = encoded(
    parts,
    length,
    (_, k) => amounts[k]?.currency,
    (c, k, i) => {
      const v = amounts[k]?.value?.[i] ?? null;
      return v === null ? 'usd' : dimensionField(c ?? 'usd');
    },
  );
  const dimensions = {} as Record<DimensionName<'costs'>, DictColumn>;
  for (const name of COST_DIMENSIONS) dimensions[name] = encodedField(parts, length, name);
  const quantityUnit = encodedField(parts, length, 'quantity_unit');
  const organizations = organizationsOfColumns(parts, length);
  return {
    length,
    startTime,
    endTime,
    amount,
    currency,
    lineItem: dimensions.line_item,
    projectId: dimensions.project_id,
    apiKeyId: dimensions.api_key_id,
    quantity,
    quantityUnit,
    dimensions,
    ...(organizations === undefined ? {} : { organizations }),
  };
}
