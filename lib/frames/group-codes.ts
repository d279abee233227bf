import type { DictColumn } from './dict-column';

/** Rows mapped to dense group ids over one or more dictionary columns (internal to the aggregations). */
export interface Grouping {
  /** Row → group id, in order of first appearance. */
  readonly groupOf: Int32Array;
  readonly count: number;
  /** Per input column: group id → that column's code. */
  readonly keyCodes: readonly Int32Array[];
}

// Above this many code combinations a Map replaces the dense lookup array (memory bound).
const DENSE_LIMIT = 1 << 22;

/**
 * Groups rows by the tuple of their codes. Keys combine codes arithmetically (mixed radix), never by
 * joining strings, so ('a-b','c') and ('a','b-c') stay distinct.
 */
export function groupCodes(columns: readonly DictColumn[], length: number): Grouping {
  const groupOf = new Int32Array(length);
  let product = 1;
  for (const c of columns) product *= Math.max(1, c.values.length);
  const firstRow: number[] = [];
  if (product <= DENSE_LIMIT) {
    const dense = new Int32Array(product).fill(-1);
    for (let i = 0; i < length; i++) {
      let key = 0;
      for (const c of columns) key = key * c.values.length + (c.codes[i] ?? 0);
      let g = dense[key] ?? -1;
      if (g < 0) {
        g = firstRow.length;
        dense[key] = g;
        firstRow.push(i);
      }
      groupOf[i] = g;
    }
  } else {
    // Beyond 2^53 the numeric key would round; a string of codes is still collision-free.
    const exact = product <= Number.MAX_SAFE_INTEGER;
    const index = new Map<number | string, number>();
    for (let i = 0; i < length; i++) {
      let key: number | string = 0;
      if (exact) for (const c of columns) key = key * c.values.length + (c.codes[i] ?? 0);
      else key = columns.map((c) => c.codes[i] ?? 0).join(',');
      let g = index.get(key);
      if (g === undefined) {
        g = firstRow.length;
        index.set(key, g);
        firstRow.push(i);
      }
      groupOf[i] = g;
    }
  }
  const keyCodes = columns.map((c) => Int32Array.from(firstRow, (row) => c.codes[row] ?? 0));
  return { groupOf, count: firstRow.length, keyCodes };
}

/** Groups rows by an exact numeric key (e.g. bucket start); `keys[g]` is group g's key. */
export function groupNumbers(values: Float64Array): { groupOf: Int32Array; keys: number[] } {
  const groupOf = new Int32Array(values.length);
  const index = new Map<number, number>();
  const keys: number[] = [];
  let last = NaN;
  let lastGroup = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    // Rows of one bucket are contiguous: skip the Map lookup on runs.
    if (v !== last) {
      let g = index.get(v);
      if (g === undefined) {
        g = keys.length;
        index.set(v, g);
        keys.push(v);
      }
      last = v;
      lastGroup = g;
    }
    groupOf[i] = lastGroup;
  }
  return { groupOf, keys };
}
