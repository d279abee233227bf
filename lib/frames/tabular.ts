import type { CsvRowWriter } from '../shared/index';
import { displayText } from './display-text';
import type { Cell, Frame } from './make-frame';
import type { Pivot } from './pivot';
import { recordColumns } from './records-frame';

/** Anything the HTML and CSV writers accept. */
export type TableLike = Frame | Pivot | readonly Readonly<Record<string, Cell>>[];

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

/**
 * A pivot as a grid: a row per row label. Read from several organizations: a row per organization and row label, with
 * `organization_id` and `organization` first and every column of the whole pivot (0 where an organization has none).
 */
function pivotTabular(p: Pivot, rowHeader: string): Tabular {
  if (p.organizations === undefined)
    return { columns: [rowHeader, ...p.columns], rows: p.rows.map((label, i) => [label, ...(p.values[i] ?? [])]) };
  return {
    columns: ['organization_id', 'organization', rowHeader, ...p.columns],
    rows: p.organizations.flatMap((o) => {
      const at = new Map(o.pivot.columns.map((c, i) => [c, i]));
      return o.pivot.rows.map((label, r) => [
        o.organization_id,
        o.organization,
        label,
        ...p.columns.map((c) => o.pivot.values[r]?.[at.get(c) ?? -1] ?? 0),
      ]);
    }),
  };
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
  if (isPivot(input)) return pivotTabular(input, rowHeader);
  const columns = [...input.columns];
  const values: unknown = input.values;
  const rows = Array.isArray(values)
    ? values.map((row: unknown) => (Array.isArray(row) ? row.map((v: unknown) => toCell(v)) : [toCell(row)]))
    : [];
  return { columns, rows };
}

/**
 * A DataFrame's rows for the CSV writer, each converted as it is written (no grid of 10^4 row arrays built first);
 * undefined for records, a pivot or values that are not one array per row of every column.
 */
export function frameRowWriter(input: TableLike): { columns: string[]; rows: CsvRowWriter } | undefined {
  if (isRecords(input) || isPivot(input)) return undefined;
  const columns = [...input.columns];
  const values: unknown = input.values;
  if (!Array.isArray(values)) return undefined;
  const grid: unknown[] = values;
  if (!grid.every((row) => Array.isArray(row) && row.length === columns.length)) return undefined;
  const width = columns.length;
  const write = (index: number, cells: Parameters<CsvRowWriter['write']>[1], at: number): void => {
    const row: unknown = grid[index];
    if (!Array.isArray(row)) throw new Error(`invalid frame row: ${String(index)}`);
    for (let c = 0; c < width; c++) cells[at + c] = toCell(row[c]);
  };
  return { columns, rows: { count: grid.length, width, write } };
}
