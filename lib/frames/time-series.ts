import { addTo, groupSums, totalOf } from './compensated-sum';
import { labelOf, nullLabel } from './dict-column';
import { groupCodes, groupNumbers } from './group-codes';
import { compareNullable, metricColumn } from './sum-by';
import type { DimensionName, MetricName, UsageEndpointName } from '../catalogue/index';
import type { BucketSpan, UsageTable } from './usage-table';

/** Line-chart data: x = bucket starts (Unix s, ascending), one zero-filled y per series. */
export interface TimeSeries {
  x: number[];
  series: { name: string; y: number[] }[];
}

/**
 * A metric over time, one series per value of dimension `by` (null → `nullLabel(by)`; series by total
 * desc then name), or a single series named after the metric. `buckets` adds empty buckets as zeros.
 * @example timeSeries(usageTable('completions', buckets), 'input_tokens', 'model', bucketStarts(buckets))
 */
export function timeSeries<E extends UsageEndpointName>(
  table: UsageTable<E>,
  metric: MetricName<E>,
  by?: DimensionName<E>,
  buckets?: readonly BucketSpan[],
): TimeSeries {
  const values = metricColumn(table, metric);
  const time = groupNumbers(table.startTime);
  const xs = [...new Set([...time.keys, ...(buckets ?? []).map((b) => b.start)])].sort((a, b) => a - b);
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const slotOfGroup = Int32Array.from(time.keys, (k) => xIndex.get(k) ?? 0);
  let seriesOf = new Int32Array(table.length);
  let names: string[] = [metric];
  if (by !== undefined) {
    const column = Object.prototype.hasOwnProperty.call(table.dimensions, by) ? table.dimensions[by] : undefined;
    if (!column)
      throw new TypeError(
        `invalid by: ${JSON.stringify(by)} (expected one of ${Object.keys(table.dimensions).join(', ')})`,
      );
    const g = groupCodes([column], table.length);
    // A null key and a literal value reading the same (e.g. "(none)") are one series, as in pivot and the bar charts.
    const seriesOfName = new Map<string, number>();
    const seriesOfGroup = Array.from(g.keyCodes[0] ?? [], (code) => {
      const name = (column.values[code] ?? null) === null ? nullLabel(by) : labelOf(column, code);
      const s = seriesOfName.get(name) ?? seriesOfName.size;
      seriesOfName.set(name, s);
      return s;
    });
    seriesOf = Int32Array.from(g.groupOf, (group) => seriesOfGroup[group] ?? 0);
    names = [...seriesOfName.keys()];
  }
  const width = xs.length;
  const acc = groupSums(names.length * width);
  for (let i = 0; i < table.length; i++) {
    addTo(acc, (seriesOf[i] ?? 0) * width + (slotOfGroup[time.groupOf[i] ?? 0] ?? 0), values[i] ?? 0);
  }
  const series = names.map((name, s) => ({ name, y: xs.map((_, x) => totalOf(acc, s * width + x)) }));
  if (table.length === 0 && by !== undefined) series.length = 0;
  const total = (y: number[]): number => y.reduce((a, b) => a + b, 0);
  series.sort((a, b) => total(b.y) - total(a.y) || compareNullable(a.name, b.name));
  return { x: xs, series };
}
