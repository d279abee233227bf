import type { DataFrame } from 'danfojs-node';
import { displayText } from './display-text';
import type { Cell } from './make-frame';
import type { Pivot } from './pivot';
import { recordColumns } from './records-frame';

/** Anything the HTML and CSV writers accept. */
export type TableLike = DataFrame | Pivot | readonly Readonly<Record<string, Cell>>[];

/** A plain grid: header plus rows of cells. */
export interface Tabular {
  columns: string[];
  rows: Cell[][];
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return displayText(value);
}

export type Records = readonly Readonly<Record<string, Cell>>[];

// Array.isArray does not narrow readonly array members of a union.
function isRecords(input: TableLike): input is Records {
  return Array.isArray(input);
}

function isPivot(input: object): input is Pivot {
  return 'rowTotals' in input && 'columnTotals' in input && 'rows' in input;
}

/** Normalises a DataFrame, Pivot or records into a grid (Pivot: first column `rowHeader`, default ""). */
export function toTabular(input: TableLike, rowHeader = ''): Tabular {
  if (isRecords(input)) {
    const columns = recordColumns(input);
    const rows = input.map((r) =>
      columns.map((c) => (Object.prototype.hasOwnProperty.call(r, c) ? toCell(r[c]) : null)),
    );
    return { columns, rows };
  }
  if (isPivot(input)) {
    return {
      columns: [rowHeader, ...input.columns],
      rows: input.rows.map((label, i) => [label, ...(input.values[i] ?? [])]),
    };
  }
  const columns = [...input.columns];
  const values: unknown = input.values;
  const rows = Array.isArray(values)
    ? values.map((row: unknown) => (Array.isArray(row) ? row.map((v: unknown) => toCell(v)) : [toCell(row)]))
    : [];
  return { columns, rows };
}
