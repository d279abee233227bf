// A store over an in-memory DuckDB: the shared SQL store logic (lib/store/sql-store.ts and the concept modules it
// delegates to) against a real SQL engine, with no file, no server and no process, so those modules' tests are pure.
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnCells } from '../../lib/store/column-batch';
import { migrateSchema } from '../../lib/store/schema-setup';
import { InformationSchemaDriver, q, type Param, type Row, type StoreContext } from '../../lib/store/sql-driver';
import { SqlStore } from '../../lib/store/sql-store';
import type { Cell, Column } from '../../lib/store/table-schema';

function cell(v: DuckDBValue): Cell {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** A driver over one DuckDB connection; rows are appended one INSERT at a time (plain, obviously right). */
export class MemoryDriver extends InformationSchemaDriver {
  protected readonly schemaSql = "'main'";
  /** Every statement run, `exec` and `query` alike, in order (tests read what a module asked the database). */
  readonly statements: string[] = [];

  constructor(private readonly conn: DuckDBConnection) {
    super();
  }

  async exec(sql: string, params: readonly Param[] = []): Promise<void> {
    this.statements.push(sql);
    await this.conn.run(sql, params.length === 0 ? undefined : [...params]);
  }

  async query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    this.statements.push(sql);
    const reader = await this.conn.runAndReadAll(sql, params.length === 0 ? undefined : [...params]);
    return reader.getRowObjects().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)])));
  }

  async bulkInsert(table: string, columns: readonly Column[], cells: ColumnCells): Promise<void> {
    const sql =
      `INSERT INTO ${q(table)} (${columns.map((c) => q(c.name)).join(', ')}) ` +
      `VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
    for (let r = 0; r < cells.rowCount; r++)
      await this.conn.run(
        sql,
        columns.map((_, c) => cells.values[c]?.[r] ?? null),
      );
  }
}

/** A fresh, empty DuckDB in memory and a driver over it (no schema: migrations start from nothing). */
export async function memoryDriver(): Promise<{ db: MemoryDriver; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    db: new MemoryDriver(conn),
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `fn` between BEGIN and COMMIT on `db`, rolling back when it throws (what both adapters do). */
export async function inTransaction<T>(db: MemoryDriver, fn: () => Promise<T>): Promise<T> {
  await db.exec('BEGIN TRANSACTION');
  try {
    const out = await fn();
    await db.exec('COMMIT');
    return out;
  } catch (error) {
    await db.exec('ROLLBACK');
    throw error;
  }
}

/** The shared SQL store over an in-memory DuckDB, migrated to the current schema like an opened store. */
export class MemoryStore extends SqlStore {
  readonly kind = 'duckdb' as const;
  readonly location = ':memory:';

  private constructor(
    protected readonly db: MemoryDriver,
    private readonly release: () => void,
  ) {
    super();
  }

  static async open(): Promise<MemoryStore> {
    const { db, close } = await memoryDriver();
    const store = new MemoryStore(db, close);
    await migrateSchema(db, store.location, (fn) => store.transaction(fn));
    return store;
  }

  /** The driver, for raw statements a test sets up (rows no sync would write). */
  get driver(): MemoryDriver {
    return this.db;
  }

  /** What the concept modules take: this store's driver, location and transaction. */
  context(): StoreContext {
    return { db: this.db, location: this.location, transaction: (fn) => this.transaction(fn) };
  }

  protected transaction<T>(fn: () => Promise<T>): Promise<T> {
    return inTransaction(this.db, fn);
  }

  // One connection, one test: nothing to lock against.
  lock(): Promise<void> {
    return Promise.resolve();
  }

  unlock(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.release();
    return Promise.resolve();
  }
}
