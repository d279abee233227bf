// The driver interface on its own: the migrations and the shared SQL store both use it, neither owns it.
import { rowsToColumns, type ColumnCells } from './column-batch';
import type { Cell, Column } from './table-schema';

/** A SQL identifier, double-quoted (both adapters' dialect). */
export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A SQL string literal, single-quoted (for DDL, where parameters cannot go). */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export type Param = number | string | boolean;
export type Row = Record<string, Cell>;

/** A query's result as columns: `values[i]` holds column `names[i]`, `rowCount` cells each. */
export interface QueryColumns extends ColumnCells {
  names: readonly string[];
}

/** What an adapter provides: statements, queries and a bulk append. Everything else is shared. */
export interface SqlDriver {
  exec(sql: string, params?: readonly Param[]): Promise<void>;
  query(sql: string, params?: readonly Param[]): Promise<Row[]>;
  /** `query` as columns, for reads of many rows: no object per row. */
  queryColumns(sql: string, params?: readonly Param[]): Promise<QueryColumns>;
  /** Appends rows, given as columns (`cells.values[i]` holds `columns[i]`), inside the current transaction, in bulk. */
  bulkInsert(table: string, columns: readonly Column[], cells: ColumnCells): Promise<void>;
  /** Base tables only (views are listed by `viewNames`). */
  tableNames(): Promise<string[]>;
  viewNames(): Promise<string[]>;
  columnNames(table: string): Promise<string[]>;
  /** Every table's and view's column names in column order, in one query (opening a store checks them all). */
  columnsByTable(): Promise<Map<string, string[]>>;
  /**
   * An expression reading the text expression `expr`, whose non-null values are all among `values`, so that each
   * distinct value crosses into JavaScript once per query rather than once per row (a year of rows repeats a few
   * IDs, line items and currencies); undefined where that does not pay. Absent: text is read as is.
   */
  repeatedText?(expr: string, values: readonly string[]): string | undefined;
}

/**
 * Tables, views and columns from information_schema, which both adapters read alike: an adapter's driver extends
 * this and says how its schema is named.
 */
export abstract class InformationSchemaDriver implements SqlDriver {
  /** SQL naming the store's schema: DuckDB's 'main', PostgreSQL's current_schema(). */
  protected abstract readonly schemaSql: string;
  abstract exec(sql: string, params?: readonly Param[]): Promise<void>;
  abstract query(sql: string, params?: readonly Param[]): Promise<Row[]>;
  abstract bulkInsert(table: string, columns: readonly Column[], cells: ColumnCells): Promise<void>;

  /** From `query`'s rows (a driver that reads columns natively overrides it). */
  async queryColumns(sql: string, params: readonly Param[] = []): Promise<QueryColumns> {
    const rows = await this.query(sql, params);
    const names = Object.keys(rows[0] ?? {});
    return { names, rowCount: rows.length, values: names.map((n) => rows.map((r) => r[n] ?? null)) };
  }

  tableNames(): Promise<string[]> {
    return this.#namesOf('BASE TABLE');
  }

  viewNames(): Promise<string[]> {
    return this.#namesOf('VIEW');
  }

  async #namesOf(type: 'BASE TABLE' | 'VIEW'): Promise<string[]> {
    const rows = await this.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = ${this.schemaSql} AND table_type = $1`,
      [type],
    );
    return rows.map((r) => String(r['table_name']));
  }

  async columnNames(table: string): Promise<string[]> {
    const rows = await this.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = ${this.schemaSql} AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((r) => String(r['column_name']));
  }

  async columnsByTable(): Promise<Map<string, string[]>> {
    const rows = await this.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ${this.schemaSql} ORDER BY table_name, ordinal_position`,
    );
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const name = String(r['table_name']);
      const list = out.get(name) ?? [];
      list.push(String(r['column_name']));
      out.set(name, list);
    }
    return out;
  }
}

/** Appends rows given row by row (bookkeeping tables: coverage, directory, organizations, alerts). */
export function insertRows(
  db: SqlDriver,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): Promise<void> {
  return db.bulkInsert(table, columns, rowsToColumns(columns.length, rows));
}

/** What the store's concept modules (range reads, window writes, directory…) work on: the adapter's driver. */
/**
 * The `WHERE organization_id IN (…) ` clause (with a trailing space; '' for every organization when `organizationIds`
 * is undefined) and its parameters, each ID once; null for an empty list, which reads nothing.
 */
export function organizationFilter(
  organizationIds: readonly string[] | undefined,
): { where: string; params: Param[] } | null {
  if (organizationIds === undefined) return { where: '', params: [] };
  const params: Param[] = [...new Set(organizationIds)];
  if (params.length === 0) return null;
  return { where: `WHERE organization_id IN (${params.map((_, i) => `$${i + 1}`).join(', ')}) `, params };
}

export interface StoreContext {
  readonly db: SqlDriver;
  /** The store's location, for error messages. */
  readonly location: string;
  /** Runs `fn` in the adapter's transaction. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
}

/** A stored number (drivers give BIGINT back as a number or a numeric string). */
export function num(v: Cell | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new TypeError(`invalid stored number: ${JSON.stringify(v)}`);
}
