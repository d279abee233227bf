import { endpointSpec, type UsageEndpointName } from '../catalogue/index';
import { dictEncoder, type DictColumn } from './dict-column';
import { organizationsOfColumns, rowCount, rowTimes, type ResultColumns } from './result-columns';
import { dimensionField, numberField, type UsageTable } from './usage-table';

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
  for (const name of spec.groupBy) {
    const encoder = dictEncoder();
    const codes = new Int32Array(length);
    let base = 0;
    for (const part of parts) {
      const cells = part.field(name);
      if (cells === undefined) codes.fill(encoder.encode(null), base, base + part.length);
      else {
        let last: unknown = undefined;
        let lastCode = -1;
        for (let i = 0; i < part.length; i++) {
          const v = cells[i];
          // Runs of equal values skip the dictionary lookup (codes in order of first appearance all the same).
          if (v !== last || lastCode < 0) {
            last = v;
            lastCode = encoder.encode(typeof v === 'string' ? v : dimensionField(v));
          }
          codes[base + i] = lastCode;
        }
      }
      base += part.length;
    }
    dimensions[name] = { codes, values: encoder.values };
  }
  const organizations = organizationsOfColumns(parts, length);
  type Table = UsageTable<E>;
  return {
    endpoint,
    length,
    startTime,
    endTime,
    // Built from the catalogue's own lists, so every name the type promises is there.
    metrics: metrics as Table['metrics'],
    dimensions: dimensions as Table['dimensions'],
    ...(organizations === undefined ? {} : { organizations }),
  };
}
