import { assertOneCurrency } from './by-currency';
import { addTo, groupSums, totalOf } from './compensated-sum';
import type { CostTable } from './cost-table';
import { dictColumn, dictEncoder, labelOf, type DictColumn } from './dict-column';
import { compareNullable } from './sum-by';
import type { BucketSpan } from './usage-table';
import { utcDate } from '../shared/index';
import { utcDay } from './utc-format';

/** A dense pivot table: `values[r][c]` is the sum for rows[r] × columns[c], 0 where no data. */
export interface Pivot {
  rows: string[];
  columns: string[];
  values: number[][];
  rowTotals: number[];
  columnTotals: number[];
  /**
   * Read from several organizations: the same pivot of each organization alone, in the order they were read. Charts
   * draw the totals above; tables and CSV (`toCsv`, `pivotTotals`) show these, so no row adds up two organizations.
   */
  organizations?: OrganizationPivot[];
}

/** One organization's part of a {@link Pivot}. */
export interface OrganizationPivot {
  organization_id: string | null;
  organization: string | null;
  pivot: Pivot;
}

export interface PivotOptions {
  /** Row order: 'label' ascending (default; dates sort chronologically) or 'total' descending. */
  rowOrder?: 'label' | 'total';
  /** Row labels to include even without data (zero-filled), e.g. every day of the range. */
  rowLabels?: readonly string[];
}

// Guard against accidental pivots on high-cardinality keys (e.g. user × api key on 1M rows).
const MAX_CELLS = 10_000_000;

function labelIndex(column: DictColumn, extra: readonly string[]): { of: Int32Array; labels: string[] } {
  const enc = dictEncoder();
  for (const label of extra) enc.encode(label);
  // null and a literal "(none)" share one label, hence one row/column.
  const of = Int32Array.from(column.values, (_, code) => enc.encode(labelOf(column, code)));
  return { of, labels: enc.values.map((v) => v ?? '') };
}

function order(labels: string[], totals: Float64Array, byTotal: boolean): number[] {
  const idx = labels.map((_, i) => i);
  return idx.sort(
    (a, b) => (byTotal ? (totals[b] ?? 0) - (totals[a] ?? 0) : 0) || compareNullable(labels[a] ?? '', labels[b] ?? ''),
  );
}

/**
 * Generic pivot: sums `values` by (row key, column key) with compensated summation. Null keys are
 * labelled "(none)". Columns are ordered by total desc (the stacking order), rows per `rowOrder`.
 */
export function pivot(
  rowKey: DictColumn,
  columnKey: DictColumn,
  values: ArrayLike<number>,
  options: PivotOptions = {},
): Pivot {
  const rowOrder = options.rowOrder ?? 'label';
  if (rowOrder !== 'label' && rowOrder !== 'total') throw new TypeError(`invalid rowOrder: ${String(rowOrder)}`);
  if (rowKey.codes.length !== values.length || columnKey.codes.length !== values.length) {
    throw new RangeError(
      `invalid pivot: key and value lengths differ (${rowKey.codes.length}, ${columnKey.codes.length}, ${values.length})`,
    );
  }
  const r = labelIndex(rowKey, options.rowLabels ?? []);
  const c = labelIndex(columnKey, []);
  const nc = c.labels.length;
  if (r.labels.length * nc > MAX_CELLS)
    throw new RangeError(`invalid pivot: ${r.labels.length} x ${nc} cells is too many`);
  const acc = groupSums(r.labels.length * nc);
  for (let i = 0; i < values.length; i++) {
    const ri = r.of[rowKey.codes[i] ?? 0] ?? 0;
    addTo(acc, ri * nc + (c.of[columnKey.codes[i] ?? 0] ?? 0), values[i] ?? 0);
  }
  const cell = (ri: number, ci: number): number => totalOf(acc, ri * nc + ci);
  const rowSums = Float64Array.from(r.labels, (_, ri) => c.labels.reduce((s, _l, ci) => s + cell(ri, ci), 0));
  const colSums = Float64Array.from(c.labels, (_, ci) => r.labels.reduce((s, _l, ri) => s + cell(ri, ci), 0));
  const rowIdx = order(r.labels, rowSums, rowOrder === 'total');
  const colIdx = order(c.labels, colSums, true);
  return {
    rows: rowIdx.map((i) => r.labels[i] ?? ''),
    columns: colIdx.map((i) => c.labels[i] ?? ''),
    values: rowIdx.map((ri) => colIdx.map((ci) => cell(ri, ci))),
    rowTotals: rowIdx.map((i) => rowSums[i] ?? 0),
    columnTotals: colIdx.map((i) => colSums[i] ?? 0),
  };
}

/** Day labels (YYYY-MM-DD UTC) of each row's bucket start, as a dictionary column. */
export function dayColumn(startTime: Float64Array): DictColumn {
  const enc = dictEncoder();
  const codes = new Int32Array(startTime.length);
  let last = NaN;
  let lastCode = 0;
  for (let i = 0; i < startTime.length; i++) {
    const s = startTime[i] ?? 0;
    if (s !== last) {
      last = s;
      lastCode = enc.encode(utcDate(s));
    }
    codes[i] = lastCode;
  }
  return { codes, values: enc.values };
}

function lineItem(table: CostTable, row: number): string | null {
  return table.lineItem.values[table.lineItem.codes[row] ?? -1] ?? null;
}

/**
 * Cost per day and line item (rows = dates ascending, columns = line items by total desc); read from several
 * organizations, with each organization's own pivot in `organizations`.
 * @example costByLineItem(costTable(buckets), bucketStarts(buckets)) // rows: days, columns: line items
 */
export function costByLineItem(table: CostTable, buckets?: readonly BucketSpan[]): Pivot {
  assertOneCurrency(table, 'costByLineItem');
  const rowLabels = (buckets ?? []).map((b) => utcDate(utcDay(b.start) * 86400));
  const total = pivot(dayColumn(table.startTime), table.lineItem, table.amount, { rowLabels });
  const organizations = table.organizations;
  if (organizations === undefined) return total;
  const { id, name } = organizations;
  const parts = id.values.map((organizationId, code): OrganizationPivot => {
    const rows: number[] = [];
    for (let i = 0; i < table.length; i++) if (id.codes[i] === code) rows.push(i);
    const days = Float64Array.from(rows, (r) => table.startTime[r] ?? 0);
    const amounts = Float64Array.from(rows, (r) => table.amount[r] ?? 0);
    return {
      organization_id: organizationId,
      organization: name.values[name.codes[rows[0] ?? -1] ?? -1] ?? null,
      // A dictionary of its own line items only: a pivot has a column for every dictionary value.
      pivot: pivot(dayColumn(days), dictColumn(rows.map((r) => lineItem(table, r))), amounts, { rowLabels }),
    };
  });
  return { ...total, organizations: parts };
}
