import { makeFrame, type Cell, type Frame, type FrameColumn } from './make-frame';
import { NAME_COLUMNS, isNamedDimension, type Names } from './names';
import { recordColumns } from './records-frame';
import { toTabular } from './tabular';

type Records = readonly Readonly<Record<string, Cell>>[];

const DTYPES = new Set<string>(['int32', 'float32', 'string', 'boolean']);

function isDtype(v: string | undefined): v is FrameColumn['dtype'] {
  return v !== undefined && DTYPES.has(v);
}

/** The column order with each name column right after its ID column (only IDs with at least one value). */
// Array.isArray does not narrow readonly array members of a union.
function isRecords(input: Frame | Records): input is Records {
  return Array.isArray(input);
}

function plan(
  columns: readonly string[],
  idColumn: (name: string) => readonly Cell[],
): { name: string; of?: string }[] {
  const out: { name: string; of?: string }[] = [];
  for (const name of columns) {
    out.push({ name });
    if (!isNamedDimension(name)) continue;
    const nameColumn = NAME_COLUMNS[name];
    if (columns.includes(nameColumn) || idColumn(name).every((v) => v === null)) continue;
    out.push({ name: nameColumn, of: name });
  }
  return out;
}

function nameCell(names: Names, dimension: string, id: Cell): string | null {
  return typeof id === 'string' ? names.nameOf(dimension, id) : null;
}

/**
 * Adds `project_name`, `user_email` and `api_key_name` right after `project_id`, `user_id` and `api_key_id`
 * (when that column has any ID), so tables and CSV carry both; a name the directory does not know is null.
 * Without names (`names.available` false) the input is returned unchanged. Never mutates its input.
 * @example showTable(withNames(usageFrame(table), names))
 */
export function withNames(input: Frame, names: Names): Frame;
export function withNames(input: Records, names: Names): Record<string, Cell>[];
export function withNames(input: Frame | Records, names: Names): Frame | Record<string, Cell>[] {
  if (isRecords(input)) return recordsWithNames(input, names);
  const frame = input;
  if (!names.available) return frame;
  const grid = toTabular(frame);
  const index = new Map(grid.columns.map((c, i) => [c, i]));
  const column = (name: string): Cell[] => grid.rows.map((row) => row[index.get(name) ?? -1] ?? null);
  const dtypes = frame.dtypes;
  const columns: FrameColumn[] = plan(grid.columns, column).map(({ name, of }) => {
    if (of !== undefined) return { name, values: column(of).map((id) => nameCell(names, of, id)), dtype: 'string' };
    const dtype = dtypes[index.get(name) ?? -1];
    return { name, values: column(name), dtype: isDtype(dtype) ? dtype : 'string' };
  });
  return makeFrame(columns);
}

function recordsWithNames(rows: Records, names: Names): Record<string, Cell>[] {
  if (!names.available) return rows.map((r) => ({ ...r }));
  const columns = recordColumns(rows);
  const order = plan(columns, (name) =>
    rows.map((r) => (Object.prototype.hasOwnProperty.call(r, name) ? (r[name] ?? null) : null)),
  );
  // fromEntries defines own properties: a "__proto__" column or value stays plain data.
  return rows.map((r) =>
    Object.fromEntries(
      order
        .filter(({ name, of }) => of !== undefined || Object.prototype.hasOwnProperty.call(r, name))
        .map(({ name, of }) => [name, of === undefined ? (r[name] ?? null) : nameCell(names, of, r[of] ?? null)]),
    ),
  );
}
