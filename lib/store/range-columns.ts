// Range reads as columns: the rows `readRange` rebuilds as results, handed over as the columns they were read as.
import type { EndpointName, WireBucket } from '../catalogue/index';
import {
  cellsChecked,
  type Cell,
  type Column,
  type ReadCells,
  type StoredResult,
  type TableSchema,
} from './table-schema';

/** One bucket of a read: its span as `readRange` gives it, and how many results (rows) it holds. */
export interface RangeBucket {
  /** @unit Unix seconds */
  start: number;
  /** @unit Unix seconds */
  end: number;
  results: number;
}

/**
 * The results `readRange` gives for a range, as columns: the same rows in the same order (bucket by bucket), each
 * result field one array, with no object per row (a year of completions is ~4·10^4 results of ~30 fields).
 */
export interface RangeColumns {
  readonly endpoint: EndpointName;
  /** Every bucket of the range in order, empty ones included, as `readRange` gives them. */
  readonly buckets: readonly RangeBucket[];
  /** The number of rows (results). */
  readonly length: number;
  /**
   * A scalar result field by its API name (a metric, dimension or attribute): its cells in row order; undefined
   * where the field is null in every row (a dimension the read does not group by).
   */
  field(name: string): readonly Cell[] | undefined;
  /** A money metric's value and currency cells (a null value: the field is null, its currency not read). */
  money(metric: string): { value: readonly Cell[] | undefined; currency: readonly Cell[] | undefined };
  /** Each row's organization ID, when the read kept organizations apart (`groupBy` with `organization_id`). */
  readonly organizationIds?: readonly Cell[];
}

/** A range read as columns (`RangeColumns`), or as `readRange`'s buckets where only results can say it. */
export type RangeRead<E extends EndpointName> =
  { kind: 'columns'; columns: RangeColumns } | { kind: 'results'; buckets: WireBucket<StoredResult<E>>[] };

/** One table's read of a range: its cells, and which of its rows each bucket of the grid holds. */
export interface CellsRead<E extends EndpointName = EndpointName> {
  /** The columns read (its dimensions: the ones grouped by). */
  schema: TableSchema<E>;
  /** Every dimension of the endpoint. */
  allDims: readonly Column[];
  cells: ReadCells;
  /** The `organization_id` cells, when the read keeps organizations apart. */
  organizationIds: readonly Cell[] | undefined;
  /** The grid's buckets in order, each with its end and its rows (indices into the cells, in row order). */
  buckets: ReadonlyArray<{ start: number; end: number; rows: readonly number[] }>;
  /** Every bucket's rows, one bucket after the other. */
  rows: readonly number[];
}

/**
 * The read as columns, or undefined where only results can say it as `readRange` does: a row keeps fields the
 * catalogue did not know (`extra`, merged into its result), or a cell is not of its column's kind (the result
 * check then names the field).
 */
export function rangeColumns(read: CellsRead): RangeColumns | undefined {
  const { cells, rows, schema } = read;
  const extras = cells.column('extra');
  if (extras !== undefined) for (const i of rows) if ((extras[i] ?? null) !== null) return undefined;
  const shape =
    read.organizationIds === undefined
      ? { allDims: read.allDims }
      : { allDims: read.allDims, organizationIds: read.organizationIds };
  if (!cellsChecked(schema, cells, shape, rows)) return undefined;
  // Rows off the grid belong to no bucket: the columns are picked then (never in a read of whole buckets).
  let identity = rows.length === cells.rowCount;
  for (let k = 0; identity && k < rows.length; k++) identity = rows[k] === k;
  const inOrder = (column: readonly Cell[] | undefined): readonly Cell[] | undefined =>
    column === undefined || identity ? column : rows.map((r) => column[r] ?? null);
  const columnOf = (name: string): readonly Cell[] | undefined => inOrder(cells.column(name));
  const scalar = new Map<string, string>();
  const money = new Map<string, { value: string; currency: string }>();
  for (const v of schema.values)
    if (v.currency === undefined) scalar.set(v.metric, v.name);
    else money.set(v.metric, { value: v.name, currency: v.currency });
  for (const a of schema.attributes) if (a.role === 'attribute') scalar.set(a.name, a.name);
  for (const d of schema.dims) scalar.set(d.name, d.name);
  const organizationIds = inOrder(read.organizationIds);
  return {
    endpoint: schema.endpoint,
    buckets: read.buckets.map((b) => ({ start: b.start, end: b.end, results: b.rows.length })),
    length: rows.length,
    field: (name) => {
      if (money.has(name)) throw new TypeError(`invalid field: ${name} is a money metric (read it with money())`);
      const column = scalar.get(name);
      return column === undefined ? undefined : columnOf(column);
    },
    money: (metric) => {
      const m = money.get(metric);
      if (m === undefined) throw new TypeError(`invalid money metric of ${schema.endpoint}: ${JSON.stringify(metric)}`);
      return { value: columnOf(m.value), currency: columnOf(m.currency) };
    },
    ...(organizationIds === undefined ? {} : { organizationIds }),
  };
}

/** Two reads one after the other (a partial first bucket, then the whole buckets after it). */
export function concatRangeColumns(a: RangeColumns, b: RangeColumns): RangeColumns {
  const both = (x: readonly Cell[] | undefined, y: readonly Cell[] | undefined): readonly Cell[] | undefined => {
    if (x === undefined && y === undefined) return undefined;
    const nulls = (n: number): Cell[] => new Array<Cell>(n).fill(null);
    return [...(x ?? nulls(a.length)), ...(y ?? nulls(b.length))];
  };
  const organizationIds = both(a.organizationIds, b.organizationIds);
  return {
    endpoint: a.endpoint,
    buckets: [...a.buckets, ...b.buckets],
    length: a.length + b.length,
    field: (name) => both(a.field(name), b.field(name)),
    money: (metric) => {
      const x = a.money(metric);
      const y = b.money(metric);
      return { value: both(x.value, y.value), currency: both(x.currency, y.currency) };
    },
    ...(organizationIds === undefined ? {} : { organizationIds }),
  };
}
