import type { DataFrame } from 'danfojs-node';

/**
 * danfojs (with tfjs) costs ~145 MB of RSS just to load: load it on the first DataFrame, not with the library,
 * so fetching, aggregating and exporting never pay for it.
 */
function danfo(): typeof import('danfojs-node') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return require('danfojs-node') as typeof import('danfojs-node');
}

/**
 * A frame as the library hands it out: at run time a danfojs DataFrame, typed as the members tables, CSV and
 * notebooks read. Naming danfojs's class here would bring its declarations (with plotly.js's 1.2 MB schema, xlsx,
 * table, node-fetch: 45 files) into every notebook cell's program, which tslab rebuilds for each cell
 * (docs/performance-interactive.md). For danfojs's whole API in a cell: `import type { DataFrame } from
 * "danfojs-node"` then `usageFrame(table) as DataFrame`.
 * @example const df = usageFrame(table); console.log(df.shape, df.columns); df.head(3).print();
 */
export interface Frame {
  readonly columns: string[];
  /** danfojs dtypes, one per column: 'int32', 'float32', 'string', 'boolean'. */
  readonly dtypes: string[];
  /** [rows, columns]. */
  readonly shape: number[];
  /** Rows, each an array of cells in column order. */
  readonly values: readonly unknown[];
  readonly index: (string | number)[];
  column(name: string): { readonly values: readonly unknown[] };
  head(rows?: number): Frame;
  tail(rows?: number): Frame;
  /** Prints the frame as a text table to stdout. */
  print(): void;
}

/** A cell danfojs can hold. */
export type Cell = string | number | boolean | null;

/** One named column with its danfojs dtype. */
export interface FrameColumn {
  name: string;
  values: Cell[];
  dtype: 'int32' | 'float32' | 'string' | 'boolean';
}

/**
 * The dtype a whole column deserves. danfojs infers dtypes from the first 20 rows only (and calls an
 * all-null column float32), so we decide from every value and force it.
 */
export function columnDtype(values: readonly Cell[]): FrameColumn['dtype'] {
  let numbers = 0;
  let integers = 0;
  let booleans = 0;
  let others = 0;
  for (const v of values) {
    if (typeof v === 'number') {
      numbers++;
      if (Number.isInteger(v)) integers++;
    } else if (typeof v === 'boolean') booleans++;
    else if (v !== null) others++;
  }
  if (others > 0 || numbers + booleans === 0 || (numbers > 0 && booleans > 0)) return 'string';
  if (booleans > 0) return 'boolean';
  // The label only; danfojs keeps JS numbers, so integers above 2^31 survive (see tests).
  return integers === numbers ? 'int32' : 'float32';
}

/** Builds a DataFrame with exactly these columns, in this order, with forced dtypes. */
export function makeFrame(columns: readonly FrameColumn[]): DataFrame {
  const options = { columns: columns.map((c) => c.name), dtypes: columns.map((c) => c.dtype) };
  // danfojs refuses columns of no values ("end must be greater than start"); an empty row list keeps the header.
  if (columns.every((c) => c.values.length === 0)) return new (danfo().DataFrame)([], options);
  const data = Object.fromEntries(columns.map((c) => [c.name, c.values]));
  return new (danfo().DataFrame)(data, options);
}

/** A numeric typed column as a frame column (NaN shown as missing). */
export function numberColumn(name: string, values: Float64Array): FrameColumn {
  const cells: Cell[] = Array.from(values, (v) => (Number.isNaN(v) ? null : v));
  return {
    name,
    values: cells,
    dtype: values.every((v) => Number.isInteger(v) || Number.isNaN(v)) ? 'int32' : 'float32',
  };
}

/** A dictionary column decoded into a string frame column (null kept). */
export function stringColumn(
  name: string,
  column: { codes: Int32Array; values: readonly (string | null)[] },
): FrameColumn {
  return { name, values: Array.from(column.codes, (code) => column.values[code] ?? null), dtype: 'string' };
}

/** Unix seconds rendered with `format` as a string column. */
export function timeColumn(name: string, seconds: Float64Array, format: (s: number) => string): FrameColumn {
  // A bucket's rows share its time: formatted once per run of equal times, not once per row.
  let last = NaN;
  let text = '';
  const values = Array.from(seconds, (s) => {
    if (s !== last || text === '') {
      last = s;
      text = format(s);
    }
    return text;
  });
  return { name, values, dtype: 'string' };
}
