import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBVector,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { resultColumns } from './duckdb-columns';
import { SqlStore, migrateSchema, type Param, type Row, type SqlDriver } from './sql-store';
import { InformationSchemaDriver, sqlString, type QueryColumns } from './sql-driver';
import { StoreLockedError, StoreOpenError, type DuckDbStatement } from './store';
import type { ColumnCells } from './column-batch';
import type { Cell, Column, ColumnType } from './table-schema';

/**
 * WAL size that triggers a checkpoint. DuckDB's default (16 MB) checkpoints every few windows of a big sync, and
 * each checkpoint re-compresses the table's open row groups: a 1M-row sync spent 4x more on checkpoints than the
 * one checkpoint this leaves (at close, or every ~800k rows). The WAL is as durable; it is only longer to replay.
 */
const CHECKPOINT_THRESHOLD = '256MB';

/**
 * DuckDB's files open in this process. Shared through globalThis, as `secret.ts` shares its keys: tslab kernels may
 * load two copies of this module, and a copy with its own registry would open a second instance of a file (both
 * writing it, either dropping the process's file lock on close) and take a sync lock another copy holds.
 */
interface OpenFiles {
  /** Paths held by a DuckDB store of this process: DuckDB's file lock only stops other processes. */
  held: Set<string>;
  /**
   * One DuckDB instance per file in this process, shared by every store open on it (each has its own connection).
   * Two instances of one file in one process would both "hold" DuckDB's file lock (POSIX locks are per process) and
   * write the file independently; closing either drops the process's lock while the other still writes.
   */
  instances: Map<string, { instance: Promise<DuckDBInstance>; refs: number }>;
  /** Instances still checkpointing and closing: a new one of the same file waits, or closing would drop its lock. */
  closing: Map<string, Promise<void>>;
}

const OPEN_FILES = Symbol.for('openai-usage-notebooks.duckdb-open-files');
type WithOpenFiles = { [OPEN_FILES]?: OpenFiles };

function openFiles(): OpenFiles {
  const g = globalThis as WithOpenFiles;
  g[OPEN_FILES] ??= { held: new Set(), instances: new Map(), closing: new Map() };
  return g[OPEN_FILES];
}

const { held: HELD, instances: INSTANCES, closing: CLOSING } = openFiles();

async function acquireInstance(location: string): Promise<DuckDBInstance> {
  for (let closing = CLOSING.get(location); closing !== undefined; closing = CLOSING.get(location)) await closing;
  const shared = INSTANCES.get(location);
  if (shared !== undefined) {
    shared.refs++;
    return shared.instance;
  }
  const entry = { instance: DuckDBInstance.create(location, { checkpoint_threshold: CHECKPOINT_THRESHOLD }), refs: 1 };
  INSTANCES.set(location, entry);
  try {
    return await entry.instance;
  } catch (error) {
    INSTANCES.delete(location);
    throw error;
  }
}

/** The last store of a file closes its instance, after a checkpoint, so the next process opens it without a WAL. */
async function releaseInstance(location: string, conn: DuckDBConnection): Promise<void> {
  const shared = INSTANCES.get(location);
  if (shared === undefined) return;
  shared.refs--;
  if (shared.refs > 0) {
    conn.closeSync();
    return;
  }
  INSTANCES.delete(location);
  const closing = (async () => {
    try {
      // Replaying a WAL of deletes and inserts can fail in a fresh process (duckdb/duckdb#25395): leave none behind.
      await conn.run('CHECKPOINT');
    } catch {
      // DuckDB still checkpoints on shutdown when it can; the data is committed either way.
    } finally {
      conn.closeSync();
      (await shared.instance).closeSync();
    }
  })();
  CLOSING.set(location, closing);
  try {
    await closing;
  } finally {
    if (CLOSING.get(location) === closing) CLOSING.delete(location);
  }
}

/** Beyond this many distinct values a column is read as text (the statement would carry them all). */
const MAX_ENUM_VALUES = 10_000;

/**
 * `expr` as an ENUM of its values (DuckDB's `repeatedText`): DuckDB hands an ENUM vector over as codes into one list
 * of strings, where a VARCHAR vector decodes every cell's UTF-8 apart (most of a year's read of costs was that).
 */
export function enumOf(expr: string, values: readonly string[]): string | undefined {
  if (values.length === 0 || values.length > MAX_ENUM_VALUES) return undefined;
  return `CAST(${expr} AS ENUM(${values.map(sqlString).join(', ')}))`;
}

/** Sets rows [0, n) of `vector` from cells [at, at + n): one loop per column type, no per-cell type dispatch. */
function fillVector(
  vector: DuckDBVector,
  type: ColumnType | undefined,
  values: readonly Cell[] | undefined,
  at: number,
  n: number,
): void {
  if (type === undefined || values === undefined) {
    for (let r = 0; r < n; r++) vector.setItem(r, null);
  } else if (type === 'FLOAT8') {
    for (let r = 0; r < n; r++) {
      const v = values[at + r] ?? null;
      vector.setItem(r, typeof v === 'number' || v === null ? v : Number(v));
    }
  } else if (type === 'TEXT') {
    for (let r = 0; r < n; r++) {
      const v = values[at + r] ?? null;
      vector.setItem(r, typeof v === 'string' || v === null ? v : String(v));
    }
  } else if (type === 'BIGINT') {
    // Bucket starts and ends repeat for every result of a bucket: one bigint per distinct value, not per cell.
    let last: Cell = null;
    let big: bigint | null = null;
    for (let r = 0; r < n; r++) {
      const v = values[at + r] ?? null;
      if (v !== last) {
        last = v;
        big = v === null ? null : BigInt(Math.trunc(Number(v)));
      }
      vector.setItem(r, big);
    }
  } else {
    for (let r = 0; r < n; r++) {
      const v = values[at + r] ?? null;
      vector.setItem(r, v === null ? null : v === true);
    }
  }
}

class DuckDriver extends InformationSchemaDriver {
  protected readonly schemaSql = "'main'";
  /** Table columns in table order, per table (the appender fills them positionally); dropped on DDL. */
  readonly #columns = new Map<string, string[]>();

  constructor(private readonly conn: DuckDBConnection) {
    super();
  }

  async exec(sql: string, params: readonly Param[] = []): Promise<void> {
    if (/^\s*(ALTER|CREATE|DROP)\b/i.test(sql)) this.#columns.clear();
    await this.conn.run(sql, params.length === 0 ? undefined : (params as DuckDBValue[]));
  }

  async query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    // Column by column, rows filled by index: a year of grouped buckets is ~40k rows, and one Object.entries per
    // row made most of a read's time garbage collection.
    const { names, rowCount, values } = await this.queryColumns(sql, params);
    const rows: Row[] = new Array<Row>(rowCount);
    for (let i = 0; i < rowCount; i++) {
      const out: Row = {};
      for (let c = 0; c < names.length; c++) out[names[c] ?? ''] = values[c]?.[i] ?? null;
      rows[i] = out;
    }
    return rows;
  }

  override async queryColumns(sql: string, params: readonly Param[] = []): Promise<QueryColumns> {
    return resultColumns(await this.conn.run(sql, params.length === 0 ? undefined : (params as DuckDBValue[])));
  }

  repeatedText(expr: string, values: readonly string[]): string | undefined {
    return enumOf(expr, values);
  }

  async bulkInsert(table: string, columns: readonly Column[], cells: ColumnCells): Promise<void> {
    const have = this.#columns.get(table) ?? (await this.columnNames(table));
    this.#columns.set(table, have);
    const index = new Map(columns.map((c, i) => [c.name, i]));
    // The appender fills every table column in table order; a column this code does not write gets NULL.
    const sources = have.map((name) => {
      const i = index.get(name);
      const column = i === undefined ? undefined : columns[i];
      return { type: column?.type, values: i === undefined ? undefined : cells.values[i] };
    });
    const appender = await this.conn.createAppender(table);
    try {
      // Whole data chunks, a column vector at a time: numbers reach DuckDB as one copy per chunk and column,
      // where appending value by value costs a native call per cell.
      const types = have.map((_, c) => appender.columnType(c));
      const size = DuckDBVector.standardSize();
      for (let at = 0; at < cells.rowCount; at += size) {
        const n = Math.min(size, cells.rowCount - at);
        const chunk = DuckDBDataChunk.create(types, n);
        sources.forEach((source, c) => {
          const vector = chunk.getColumnVector(c);
          fillVector(vector, source.type, source.values, at, n);
          vector.flush();
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

/** The embedded default: one DuckDB file. While open, DuckDB's own file lock keeps other processes out. */
export class DuckDbStore extends SqlStore {
  readonly kind = 'duckdb' as const;
  #locked = false;
  #closed = false;

  private constructor(
    readonly location: string,
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
      instance = await acquireInstance(location);
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
    const store = new DuckDbStore(location, conn, db);
    try {
      await migrateSchema(db, location, (fn) => store.transaction(fn));
    } catch (error) {
      await store.close();
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
      // A failed COMMIT (a full disk) has already ended the transaction: the rollback's own error would hide why.
      await this.db.exec('ROLLBACK').catch(() => undefined);
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

  /** Folds the WAL into the file (closing does it too). */
  async checkpoint(): Promise<void> {
    await this.db.exec('CHECKPOINT');
  }

  /** Runs a statement as is (COPY … TO for exports). */
  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  /** Exports run COPY … TO on the file's own tables. */
  override duckDbStatements(): DuckDbStatement {
    return (sql) => this.exec(sql);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#locked) HELD.delete(this.location);
    this.#locked = false;
    await releaseInstance(this.location, this.conn);
  }
}
