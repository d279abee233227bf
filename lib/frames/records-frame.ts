import { columnDtype, makeFrame, type Cell, type Frame } from './make-frame';

/** Column names of records in order of first appearance. */
export function recordColumns(rows: readonly Readonly<Record<string, Cell>>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

/**
 * Small results → DataFrame, preserving column order (given, or first appearance) and forcing dtypes
 * from every row (danfojs samples only 20). Missing keys become null.
 * @example showTable(recordsFrame([{ model: 'gpt-4o', requests: 12 }]))
 */
export function recordsFrame(rows: readonly Readonly<Record<string, Cell>>[], columns?: readonly string[]): Frame {
  const names = columns ? [...columns] : recordColumns(rows);
  if (new Set(names).size !== names.length)
    throw new TypeError(`invalid columns: ${JSON.stringify(names)} (duplicate name)`);
  return makeFrame(
    names.map((name) => {
      const values = rows.map((row) => (Object.prototype.hasOwnProperty.call(row, name) ? (row[name] ?? null) : null));
      return { name, values, dtype: columnDtype(values) };
    }),
  );
}
