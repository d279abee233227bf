// Wire buckets -> stored cells, column-major: one array per table column instead of one per row, so a million
// rows are 29 arrays (cheap to collect, to slice into DuckDB data chunks and PostgreSQL unnest arrays).
import { ENDPOINTS, type BucketWidth, type WireBucket } from '../catalogue/index';
import { isJsonObject } from '../shared/index';
import { cellText, type Cell, type Column, type TableSchema } from './table-schema';

/**
 * Rows as columns: `values[i][r]` is the cell of column i (in the order the columns were given) in row r, for r
 * below `rowCount` (an array may be longer: cells past `rowCount` are not rows).
 */
export interface ColumnCells {
  rowCount: number;
  values: readonly (readonly Cell[])[];
}

/** Rows given one by one (coverage, directory) as columns. */
export function rowsToColumns(width: number, rows: readonly (readonly Cell[])[]): ColumnCells {
  const values: Cell[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let c = 0; c < width; c++) values[c]?.push(row[c] ?? null);
  return { rowCount: rows.length, values };
}

function numberOrNull(name: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new TypeError(`invalid ${name}: ${JSON.stringify(value)} (expected a number)`);
  return n;
}

function dimValue(column: Column, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (column.type === 'BOOLEAN') {
    if (typeof value !== 'boolean')
      throw new TypeError(`invalid ${column.name}: ${JSON.stringify(value)} (expected a boolean)`);
    return value;
  }
  return cellText(value);
}

interface Slot {
  out: Cell[];
}

/**
 * The stored cells of an endpoint's buckets, in `schema.columns` order: one row per result. The mapping from
 * result keys to columns is worked out once here, not per row (a million rows go through `add`).
 */
export class BucketColumns implements ColumnCells {
  rowCount = 0;
  readonly values: Cell[][];
  readonly #keys: readonly [Cell[], Cell[], Cell[], Cell[], Cell[]];
  readonly #dims: ReadonlyArray<Slot & { column: Column }>;
  readonly #metrics: ReadonlyArray<Slot & { name: string; label: string; money: boolean }>;
  /** Attributes; `moneyOf` names the money metric whose currency the column holds. */
  readonly #attributes: ReadonlyArray<Slot & { name: string; moneyOf: string | undefined }>;
  readonly #extra: Cell[];
  readonly #known: ReadonlySet<string>;

  /** `capacity`: the rows expected (sum of the buckets' results), allocated up front rather than grown by push. */
  constructor(
    private readonly schema: TableSchema,
    capacity = 0,
  ) {
    const spec = ENDPOINTS[schema.endpoint];
    const col = (): Cell[] => new Array<Cell>(capacity).fill(null);
    this.#keys = [col(), col(), col(), col(), col()];
    this.#dims = schema.dims.map((column) => ({ column, out: col() }));
    this.#metrics = spec.metrics.map((name) => {
      const money = spec.metricKinds[name] === 'money';
      return { name, money, label: money ? `${name}.value` : name, out: col() };
    });
    this.#attributes = schema.attributes.map((a) => ({
      name: a.name,
      moneyOf: a.role === 'currency' ? a.metric : undefined,
      out: col(),
    }));
    this.#extra = col();
    this.values = [
      ...this.#keys,
      ...this.#dims.map((s) => s.out),
      ...this.#metrics.map((s) => s.out),
      ...this.#attributes.map((s) => s.out),
      this.#extra,
    ];
    if (this.values.length !== schema.columns.length)
      throw new Error(`internal: ${schema.table} has ${schema.columns.length} columns, built ${this.values.length}`);
    // `organization_id` is not among them: a result field of that name (the Costs API sends one) stays in `extra`,
    // never in the key column, which is the organization the sync was for.
    const known = new Set<string>(['object', ...schema.dims.map((d) => d.name)]);
    for (const m of spec.metrics) known.add(m);
    for (const a of schema.attributes) known.add(a.name);
    this.#known = known;
  }

  /** JSON of the keys of `result` the catalogue does not know (kept so that nothing the API sent is dropped). */
  #extraOf(result: Record<string, unknown>): string | null {
    let extra: Record<string, unknown> | undefined;
    for (const k of Object.keys(result)) if (!this.#known.has(k)) (extra ??= {})[k] = result[k];
    return extra === undefined ? null : JSON.stringify(extra);
  }

  /** Appends one row per result of `bucket` (a throw leaves the batch half-filled: drop it). */
  add(organizationId: string, width: BucketWidth, grouping: string, bucket: WireBucket<unknown>): void {
    const [organizations, starts, ends, widths, groupings] = this.#keys;
    const dims = this.#dims;
    const metrics = this.#metrics;
    const attributes = this.#attributes;
    for (const result of bucket.results) {
      const row = this.rowCount;
      if (!isJsonObject(result))
        throw new TypeError(`invalid result in ${this.schema.endpoint} bucket ${bucket.start_time}: not an object`);
      // Known keys the result has: when that is all of its keys (the usual case) it has no extra ones to keep.
      let present = result['object'] === undefined ? 0 : 1;
      for (const d of dims) {
        const v = result[d.column.name];
        if (v !== undefined) present++;
        d.out[row] = dimValue(d.column, v);
      }
      for (const m of metrics) {
        const raw = result[m.name];
        if (raw !== undefined) present++;
        m.out[row] = numberOrNull(m.label, m.money ? (isJsonObject(raw) ? raw['value'] : undefined) : raw);
      }
      for (const a of attributes) {
        if (a.moneyOf !== undefined) {
          const money = result[a.moneyOf];
          const currency = isJsonObject(money) ? money['currency'] : undefined;
          a.out[row] = typeof currency === 'string' ? currency : null;
        } else {
          const v = result[a.name];
          if (v !== undefined) present++;
          a.out[row] = v === undefined || v === null ? null : cellText(v);
        }
      }
      this.#extra[row] = Object.keys(result).length === present ? null : this.#extraOf(result);
      organizations[row] = organizationId;
      starts[row] = bucket.start_time;
      ends[row] = bucket.end_time;
      widths[row] = width;
      groupings[row] = grouping;
      this.rowCount++;
    }
  }
}
