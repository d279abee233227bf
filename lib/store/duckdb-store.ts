import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { SqlStore, migrateSchema, type Param, type Row, type SqlDriver } from './sql-store';
import { StoreLockedError, StoreOpenError } from './store';
import type { Cell, Column } from './table-schema';

/** Paths held by a DuckDB store of this process: DuckDB's file lock only stops other processes. */
const HELD = new Set<string>();

function jsValue(v: DuckDBValue): Cell {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function append(appender: DuckDBAppender, column: Column, value: Cell): void {
  if (value === null) appender.appendNull();
  else if (column.type === 'BIGINT') appender.appendBigInt(BigInt(Math.trunc(Number(value))));
  else if (column.type === 'FLOAT8') appender.appendDouble(Number(value));
  else if (column.type === 'BOOLEAN') appender.appendBoolean(value === true);
  else appender.appendVarchar(String(value));
}

class DuckDriver implements SqlDriver {
  /** Table columns in table order, per table (the appender fills them positionally); dropped on DDL. */
  readonly #columns = new Map<string, string[]>();

  constructor(private readonly conn: DuckDBConnection) {}

  async exec(sql: string, params: readonly Param[] = []): Promise<void> {
    if (/^\s*(ALTER|CREATE|DROP)\b/i.test(sql)) this.#columns.clear();
    await this.conn.run(sql, params.length === 0 ? undefined : (params as DuckDBValue[]));
  }

  async query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql, params.length === 0 ? undefined : (params as DuckDBValue[]));
    // Column by column, rows filled by index: a year of grouped buckets is ~40k rows, and one Object.entries per
    // row made most of a read's time garbage collection.
    const names = reader.columnNames();
    const columns = reader.getColumns().map((column) => column.map(jsValue));
    const count = columns[0]?.length ?? 0;
    const rows: Row[] = new Array<Row>(count);
    for (let i = 0; i < count; i++) {
      const out: Row = {};
      names.forEach((name, c) => (out[name] = columns[c]?.[i] ?? null));
      rows[i] = out;
    }
    return rows;
  }

  async bulkInsert(table: string, columns: readonly Column[], rows: readonly Cell[][]): Promise<void> {
    const have = this.#columns.get(table) ?? (await this.columnNames(table));
    this.#columns.set(table, have);
    const index = new Map(columns.map((c, i) => [c.name, i]));
    const order = have.map((name) => {
      const i = index.get(name);
      return { i, column: i === undefined ? undefined : columns[i] };
    });
    // The appender fills every table column in table order; a column this code does not write gets NULL.
    const appender = await this.conn.createAppender(table);
    try {
      for (const row of rows) {
        for (const o of order) {
          if (o.i === undefined || o.column === undefined) appender.appendNull();
          else append(appender, o.column, row[o.i] ?? null);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async tableNames(): Promise<string[]> {
    const rows = await this.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'");
    return rows.map((r) => String(r['table_name']));
  }

  async columnNames(table: string): Promise<string[]> {
    const rows = await this.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position",
      [table],
    );
    return rows.map((r) => String(r['column_name']));
  }
}

/** The embedded default: one DuckDB file. While open, DuckDB's own file lock keeps other processes out. */
export class DuckDbStore extends SqlStore {
  readonly kind = 'duckdb' as const;
  #locked = false;
  #closed = false;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    protected readonly db: SqlDriver,
  ) {
    super();
  }

  /**
   * Opens (creating it and its folder when missing) and migrates a store file. Another process holding the
   * file fails with `StoreLockedError`, retried until `waitMs` has passed.
   */
  static async open(file: string, options: { waitMs?: number } = {}): Promise<DuckDbStore> {
    const location = path.resolve(file);
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      try {
        return await DuckDbStore.#tryOpen(location);
      } catch (error) {
        if (!(error instanceof StoreLockedError) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  static async #tryOpen(location: string): Promise<DuckDbStore> {
    if (!existsSync(path.dirname(location))) mkdirSync(path.dirname(location), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(location);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const pid = /PID (\d+)/.exec(message)?.[1];
      if (/Could not set lock|Conflicting lock/i.test(message)) {
        throw new StoreLockedError(
          `store ${location} is in use by another process${pid === undefined ? '' : ` (PID ${pid})`}, ` +
            'probably another sync: wait for it to finish (or pass --wait) and try again',
        );
      }
      throw new StoreOpenError(`cannot open store ${location}: ${message.replace(/^IO Error: /, '')}`);
    }
    const conn = await instance.connect();
    const db = new DuckDriver(conn);
    const store = new DuckDbStore(location, instance, conn, db);
    try {
      await migrateSchema(db, location, (fn) => store.transaction(fn));
    } catch (error) {
      store.#release();
      throw error;
    }
    return store;
  }

  protected async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.db.exec('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.db.exec('COMMIT');
      return out;
    } catch (error) {
      await this.db.exec('ROLLBACK');
      throw error;
    }
  }

  // DuckDB has no advisory locks: an in-process set stands in, so these are synchronous behind the async interface.
  lock(): Promise<void> {
    if (this.#locked) return Promise.resolve();
    if (HELD.has(this.location))
      return Promise.reject(new StoreLockedError(`store ${this.location} is locked by another sync in this process`));
    HELD.add(this.location);
    this.#locked = true;
    return Promise.resolve();
  }

  unlock(): Promise<void> {
    if (this.#locked) HELD.delete(this.location);
    this.#locked = false;
    return Promise.resolve();
  }

  /** Runs a statement as is (COPY … TO for exports). */
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  #release(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#locked) HELD.delete(this.location);
    this.#locked = false;
    this.conn.closeSync();
    this.instance.closeSync();
  }

  close(): Promise<void> {
    this.#release();
    return Promise.resolve();
  }
}
