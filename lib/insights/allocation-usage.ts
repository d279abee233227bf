import type { DictColumn, UsageTable } from '../frames/index';
import { KEY_NULL, USER_NULL } from './allocation-rows';
import { tupleKey } from './tuple-key';

/** A usage table with its dictionaries numbered (per dictionary code, not per row): model, project, key, user. */
export interface NumberedUsage {
  table: UsageTable;
  /** Billing model number per `model` code (-1: null). */
  models: readonly number[];
  projects: readonly number[];
  keys: readonly number[];
  users: readonly number[];
}

/**
 * The usage rows with a billing model, as columns grouped by (day, project, billing model) cell: cell c's rows are
 * `first[c]` to `first[c + 1] - 1`, in table then row order (the order shares are summed in). Columns, not an object
 * per row: at a year of rows those objects were mostly garbage collection.
 */
export interface UsageCells {
  /** The number of a day, project and model's cell (-1: no usage). */
  cellOf(day: number, project: number, model: number): number;
  readonly first: Int32Array;
  /** The largest cell's row count. */
  readonly largest: number;
  /** Per cell: its day and project number. */
  readonly day: Int32Array;
  readonly project: Int32Array;
  /**
   * Per row: its key and user as numbers (null and '' alike), which of them were null ({@link KEY_NULL},
   * {@link USER_NULL}), its tier's bit and its size's number.
   */
  readonly keyNumber: Int32Array;
  readonly userNumber: Int32Array;
  readonly nulls: Uint8Array;
  readonly tierBit: Uint8Array;
  readonly size: Int32Array;
  /** A line item's size as the rows' numbers: {@link NO_SIZE} for none, {@link OTHER_SIZE} for one no row has. */
  sizeNumber(size: string | null): number;
  /** Each row's `num_model_requests`. */
  readonly requests: Float64Array;
  /**
   * A metric (or derived `billed_input…`) of every row as a weight, 0 where its table lacks it: added to 0 (-0 reads
   * as 0), as a weight's sum of metrics starts. Built once per name.
   */
  weight(name: string): Float64Array;
}

/** A day, project and model's tiers, as bits. */
export const TIER_BITS: Readonly<Record<string, number>> = { default: 1, priority: 2, flex: 4, batch: 8 };
/** The size of a row not grouped by size (or of a line item naming none), and of a line item's size no row has. */
export const NO_SIZE = -1;
export const OTHER_SIZE = -2;

/** 'batch', 'priority', 'flex' or 'default' (also when the usage was not grouped by batch / service_tier), as a bit. */
function tierBit(batch: string | null, serviceTier: string | null): number {
  if (batch === 'true' || serviceTier === 'batch') return TIER_BITS['batch'] ?? 0;
  if (serviceTier === 'priority' || serviceTier === 'flex') return TIER_BITS[serviceTier] ?? 0;
  return TIER_BITS['default'] ?? 0;
}

/**
 * A column's values mapped once per dictionary code, not per row, then read per row; a missing column or an unknown
 * code reads as null.
 */
function rowValues(column: DictColumn | undefined, length: number, f: (value: string | null, code: number) => number) {
  const otherwise = f(null, -1);
  const out = new Int32Array(length).fill(otherwise);
  if (column === undefined) return out;
  const values = Int32Array.from(column.values, (v, code) => f(v, code));
  const { codes } = column;
  for (let i = 0; i < length; i++) out[i] = values[codes[i] ?? -1] ?? otherwise;
  return out;
}

/**
 * A table's metric column (undefined: the table lacks it), or what "<model>, input" bills: uncached + cache-write
 * tokens (embeddings report input_tokens only), and that without cache writes and/or audio where those are billed
 * apart (`billed_input`, `billed_input_no_writes`, `billed_input_no_audio`, `billed_input_no_writes_no_audio`).
 */
function metricColumn(table: UsageTable, name: string): Float64Array | undefined {
  const billed = /^billed_input(_no_writes)?(_no_audio)?$/.exec(name);
  if (billed === null) return table.metrics[name];
  const [uncached, input, cached, writes, audio] = [
    'input_uncached_tokens',
    'input_tokens',
    'input_cached_tokens',
    'input_cache_write_tokens',
    'input_audio_tokens',
  ].map((m) => table.metrics[m]);
  const [, noWrites, noAudio] = billed;
  const out = new Float64Array(table.length);
  for (let i = 0; i < out.length; i++) {
    let v = uncached === undefined ? (input?.[i] ?? 0) - (cached?.[i] ?? 0) : (uncached[i] ?? 0) + (writes?.[i] ?? 0);
    if (noWrites !== undefined) v -= writes?.[i] ?? 0;
    if (noAudio !== undefined) v -= audio?.[i] ?? 0;
    out[i] = v;
  }
  return out;
}

/** Cell numbers by day, project and model: a table of them all while it is small (a year of a few projects), else a Map. */
function cellNumbers(days: number, projects: number, models: number): UsageCells['cellOf'] & { set: CellSetter } {
  const size = days * projects * models;
  if (size <= 1 << 20) {
    const table = new Int32Array(size).fill(-1);
    const at = (d: number, p: number, m: number): number => (d * projects + p) * models + m;
    return Object.assign((d: number, p: number, m: number) => table[at(d, p, m)] ?? -1, {
      set: (d: number, p: number, m: number, c: number) => {
        table[at(d, p, m)] = c;
      },
    });
  }
  const key = tupleKey([days, projects, models, 1]);
  const map = new Map<number | string, number>();
  return Object.assign((d: number, p: number, m: number) => map.get(key(d, p, m, 0)) ?? -1, {
    set: (d: number, p: number, m: number, c: number) => {
      map.set(key(d, p, m, 0), c);
    },
  });
}
type CellSetter = (day: number, project: number, model: number, cell: number) => void;

/**
 * Groups the usage rows by cell (day, project, billing model; each below its count in `counts`); rows without a model
 * are left out.
 */
export function usageCells(
  tables: readonly NumberedUsage[],
  counts: { days: number; projects: number; models: number },
  firstDay: number,
  none: { project: number; key: number; user: number },
): UsageCells {
  const cellOf = cellNumbers(counts.days, counts.projects, counts.models);
  const day: number[] = [];
  const project: number[] = [];
  const count: number[] = [];
  // Each row's cell (-1: no model), counted; then the rows placed cell by cell.
  const rowCells = tables.map(({ table, models, projects }) => {
    const cells = new Int32Array(table.length).fill(-1);
    const modelCol = table.dimensions['model'];
    const projectCol = table.dimensions['project_id'];
    if (modelCol === undefined) return cells;
    for (let i = 0; i < table.length; i++) {
      const model = models[modelCol.codes[i] ?? -1] ?? -1;
      if (model < 0) continue;
      const p = projectCol === undefined ? none.project : (projects[projectCol.codes[i] ?? -1] ?? none.project);
      const d = Math.floor((table.startTime[i] ?? 0) / 86_400) - firstDay;
      let c = cellOf(d, p, model);
      if (c < 0) {
        c = count.length;
        cellOf.set(d, p, model, c);
        day.push(d);
        project.push(p);
        count.push(0);
      }
      cells[i] = c;
      count[c] = (count[c] ?? 0) + 1;
    }
    return cells;
  });
  const first = new Int32Array(count.length + 1);
  let largest = 0;
  for (let c = 0; c < count.length; c++) {
    const m = count[c] ?? 0;
    first[c + 1] = (first[c] ?? 0) + m;
    if (m > largest) largest = m;
  }
  const n = first[count.length] ?? 0;
  const next = first.slice(0, count.length);
  const keyNumber = new Int32Array(n);
  const userNumber = new Int32Array(n);
  const nulls = new Uint8Array(n);
  const tierBits = new Uint8Array(n);
  const size = new Int32Array(n);
  const sizes = new Map<string, number>();
  // Each table row's place among the cells' rows (-1: none), to gather metric columns by.
  const places = tables.map(({ table, keys, users }, t) => {
    const cells = rowCells[t] ?? new Int32Array(0);
    const place = new Int32Array(table.length).fill(-1);
    const dims = table.dimensions;
    const n = table.length;
    // Key and user numbers with their null bit below (a missing column or unknown code: the null one).
    const keyOf = rowValues(dims['api_key_id'], n, (v, code) => (keys[code] ?? none.key) * 2 + (v === null ? 1 : 0));
    const userOf = rowValues(dims['user_id'], n, (v, code) => (users[code] ?? none.user) * 2 + (v === null ? 1 : 0));
    const batchOf = rowValues(dims['batch'], n, (v) => (v === 'true' ? 1 : 0));
    const tierOf = rowValues(dims['service_tier'], n, (v) => tierBit(null, v));
    const batchBit = tierBit('true', null);
    const sizeOf = rowValues(dims['size'], n, (v) => {
      if (v === null) return NO_SIZE;
      if (!sizes.has(v)) sizes.set(v, sizes.size);
      return sizes.get(v) ?? NO_SIZE;
    });
    for (let i = 0; i < n; i++) {
      const c = cells[i] ?? -1;
      if (c < 0) continue;
      const e = next[c] ?? 0;
      next[c] = e + 1;
      place[i] = e;
      const key = keyOf[i] ?? 0;
      const user = userOf[i] ?? 0;
      keyNumber[e] = key >> 1;
      userNumber[e] = user >> 1;
      nulls[e] = (key & 1 ? KEY_NULL : 0) | (user & 1 ? USER_NULL : 0);
      tierBits[e] = batchOf[i] === 1 ? batchBit : (tierOf[i] ?? 0);
      size[e] = sizeOf[i] ?? NO_SIZE;
    }
    return place;
  });
  // A metric's column in the cells' order, its values as given or (`weight`) added to 0 as a sum of weights starts
  // (rows of tables without it stay 0).
  const gather = (name: string, weight: boolean): Float64Array => {
    const column = new Float64Array(n);
    for (let t = 0; t < tables.length; t++) {
      const table = tables[t]?.table;
      const values = table === undefined ? undefined : metricColumn(table, name);
      const place = places[t];
      if (values === undefined || place === undefined) continue;
      for (let i = 0; i < place.length; i++) {
        const e = place[i] ?? -1;
        if (e >= 0) column[e] = weight ? 0 + (values[i] ?? 0) : (values[i] ?? 0);
      }
    }
    return column;
  };
  const weights = new Map<string, Float64Array>();
  return {
    cellOf,
    first,
    largest,
    day: Int32Array.from(day),
    project: Int32Array.from(project),
    keyNumber,
    userNumber,
    nulls,
    tierBit: tierBits,
    size,
    sizeNumber: (s) => (s === null ? NO_SIZE : (sizes.get(s) ?? OTHER_SIZE)),
    requests: gather('num_model_requests', false),
    weight: (name) => {
      let column = weights.get(name);
      if (column === undefined) weights.set(name, (column = gather(name, true)));
      return column;
    },
  };
}
