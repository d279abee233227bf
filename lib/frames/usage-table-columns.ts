import { endpointSpec, type UsageEndpointName } from '../catalogue/index';
import type { DictColumn } from './dict-column';
import { encodedField } from './encoded-field';
import { organizationsOfColumns, rowCount, rowTimes, type ResultColumns } from './result-columns';
import { numberField, type UsageTable, usageTableOf } from './usage-table';

/**
 * `usageTable` from results given as columns (a store read), parts one after the other: the same table as
 * `usageTable` over the same results as buckets (row order, dictionary order, values, checks), without reading
 * an object per result.
 * @example const table = usageTableFromColumns('completions', [columns])
 */
export function usageTableFromColumns<E extends UsageEndpointName>(
  endpoint: E,
  parts: readonly ResultColumns[],
): UsageTable<E> {
  const spec = endpointSpec(endpoint);
  const length = rowCount(parts);
  const { startTime, endTime } = rowTimes(parts, length);
  const metrics: Record<string, Float64Array> = {};
  for (const name of spec.metrics) {
    const column = new Float64Array(length);
    let base = 0;
    for (const part of parts) {
      const cells = part.field(name);
      // A field null in every row reads as 0, as a missing one does in `usageTable`.
      if (cells !== undefined)
        for (let i = 0; i < part.length; i++) {
          const v = cells[i];
          column[base + i] = typeof v === 'number' ? v : numberField(v, name);
        }
      base += part.length;
    }
    metrics[name] = column;
  }
  const dimensions: Record<string, DictColumn> = {};
  // Runs of equal values skip the dictionary lookup (codes in order of first appearance all the same).
  for (const name of spec.groupBy) dimensions[name] = encodedField(parts, length, name);
  const organizations = organizationsOfColumns(parts, length);
  return usageTableOf({ endpoint, length, startTime, endTime, metrics, dimensions, organizations });
}
