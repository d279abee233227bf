import type { Cell, Dim } from './stream';

/** Which cells to keep: per dimension index, the allowed values. */
export type CellFilter = ReadonlyArray<{ index: number; values: ReadonlySet<Dim> }>;

/** One aggregated group: the grouped dims (others null) and summed metrics. */
export interface Group {
  dims: Dim[];
  metrics: number[];
}

/**
 * Filters cells and sums their metrics per combination of the grouped dimensions; ungrouped
 * dimensions come out as null. Never mutates the (cached) input cells.
 */
export function aggregateCells(
  chunks: Iterable<readonly Cell[]>,
  filter: CellFilter,
  groupIndexes: readonly number[],
  dimCount: number,
  metricCount: number,
): Group[] {
  const groups = new Map<string, Group>();
  const grouped = new Set(groupIndexes);
  for (const chunk of chunks) {
    for (const cell of chunk) {
      if (!passes(cell, filter)) continue;
      let key = '';
      for (const i of groupIndexes) key += keyPart(cell.dims[i]);
      let group = groups.get(key);
      if (group === undefined) {
        group = {
          dims: Array.from({ length: dimCount }, (_, i) => (grouped.has(i) ? (cell.dims[i] ?? null) : null)),
          metrics: new Array<number>(metricCount).fill(0),
        };
        groups.set(key, group);
      }
      const sums = group.metrics;
      const values = cell.metrics;
      for (let k = 0; k < values.length; k += 1) sums[k] = (sums[k] ?? 0) + (values[k] ?? 0);
    }
  }
  return [...groups.values()];
}

/**
 * One dimension value as a part of a group key that no other value or run of values can spell: a string carries its
 * length (an ID may hold "null", "true" or a separator), booleans and null a letter of their own.
 */
function keyPart(v: Dim | undefined): string {
  if (typeof v === 'string') return `s${v.length}:${v}`;
  return v === true ? 't' : v === false ? 'f' : 'n';
}

function passes(cell: Cell, filter: CellFilter): boolean {
  for (const f of filter) if (!f.values.has(cell.dims[f.index] ?? null)) return false;
  return true;
}
