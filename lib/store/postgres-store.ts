import { Client, types } from 'pg';
import { SqlStore, migrateSchema, q, type Param, type Row, type SqlDriver } from './sql-store';
import { InformationSchemaDriver } from './sql-driver';
import { StoreLockedError, StoreOpenError } from './store';
import type { ColumnCells } from './column-batch';
import type { Column } from './table-schema';

/** Key of the session advisory lock every writer takes (any constant unique to this project). */
export const LOCK_KEY = 0x5553_4147; // "USAG"
/** Key of the transaction advisory lock around schema creation: stores opened at once create it once. */
const MIGRATE_KEY = LOCK_KEY + 1;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Rows per INSERT … SELECT FROM unnest(…): one statement per chunk, a handful of parameters each. */
const CHUNK = 20_000;

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

const PG_ARRAY: Readonly<Record<Column['type'], string>> = {
  BIGINT: 'bigint[]',
  FLOAT8: 'float8[]',
  TEXT: 'text[]',
  BOOLEAN: 'boolean[]',
};

class PgDriver extends InformationSchemaDriver {
  protected readonly schemaSql = 'current_schema()';
  /** Set when the server ended the session (restart, shutdown, network): the store cannot be used any more. */
  lost: Error | undefined;

  constructor(
    private readonly client: Client,
    private readonly location: string,
  ) {
    super();
    // Without a listener a server restart or shutdown is an uncaught 'error' event that crashes the process.
    client.on('error', (error) => (this.lost ??= error));
  }

  /** The error to throw for a failed statement: the lost connection's own cause, when that is why. */
  failure(error: unknown): Error {
    // 57P: the server ended the session (admin shutdown, crash); 08: connection exceptions.
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (error instanceof Error && (/^(57P|08)/.test(code) || /Connection terminated/i.test(error.message)))
      this.lost ??= error;
    if (this.lost !== undefined)
      return new StoreOpenError(`lost the connection to store ${this.location}: ${this.lost.message}`, {
        cause: this.lost,
      });
    return error instanceof Error ? error : new Error(String(error));
  }

  async exec(sql: string, params: readonly Param[] = []): Promise<void> {
    await this.client.query(sql, [...params]).catch((error: unknown) => Promise.reject(this.failure(error)));
  }

  async query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    const res = await this.client
      .query<Row>(sql, [...params])
      .catch((error: unknown) => Promise.reject(this.failure(error)));
    return res.rows;
  }

  /** Column arrays through unnest: one round trip per chunk, as fast as multi-row VALUES without the parameter cap. */
  async bulkInsert(table: string, columns: readonly Column[], cells: ColumnCells): Promise<void> {
    const names = columns.map((c) => q(c.name)).join(', ');
    const casts = columns.map((c, i) => `$${i + 1}::${PG_ARRAY[c.type]}`).join(', ');
    const sql = `INSERT INTO ${q(table)} (${names}) SELECT * FROM unnest(${casts})`;
    for (let at = 0; at < cells.rowCount; at += CHUNK) {
      const arrays = columns.map((_, i) => cells.values[i]?.slice(at, Math.min(at + CHUNK, cells.rowCount)) ?? []);
      await this.client.query(sql, arrays).catch((error: unknown) => Promise.reject(this.failure(error)));
    }
  }
}

/** The team store: the same schema in PostgreSQL; writers serialize on a session advisory lock. */
export class PostgresStore extends SqlStore {
  readonly kind = 'postgres' as const;
  #locked = false;

  private constructor(
    readonly location: string,
    private readonly client: Client,
    private readonly pg: PgDriver,
  ) {
    super();
  }

  protected get db(): SqlDriver {
    return this.pg;
  }

  static async open(url: string): Promise<PostgresStore> {
    const location = redactUrl(url);
    // Per-client parsers: bigint and numeric sums as JS numbers (values are JSON doubles to begin with).
    const client = new Client({
      connectionString: url,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID
            ? (v: string) => Number(v)
            : (types.getTypeParser(oid, format ?? 'text') as (v: string) => unknown)) as typeof types.getTypeParser,
      },
    });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new StoreOpenError(
        `cannot connect to store ${location}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const store = new PostgresStore(location, client, new PgDriver(client, location));
    try {
      // A sync killed while its backend waits (on a table lock, a long statement) would keep the sync lock until
      // the wait ends: PostgreSQL 14+ can check for a vanished client meanwhile and end the session with its lock.
      // Servers on a platform without the check (Windows) refuse the setting; there the wait just runs its course.
      await client
        .query(
          "SELECT set_config('client_connection_check_interval', '2s', false) FROM pg_settings WHERE name = 'client_connection_check_interval'",
        )
        .catch(() => undefined);
      // Concurrent CREATE TABLE IF NOT EXISTS of one table fails in PostgreSQL (pg_type unique violation):
      // openers of a fresh store take turns, each migrating what the previous one left.
      await migrateSchema(store.db, location, (fn) =>
        store.transaction(async () => {
          await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_KEY]);
          return fn();
        }),
      );
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return store;
  }

  protected async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.pg.exec('BEGIN');
    try {
      const out = await fn();
      await this.pg.exec('COMMIT');
      return out;
    } catch (error) {
      // On a lost connection the rollback fails too (the server rolled back): its error would hide why.
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw this.pg.failure(error);
    }
  }

  async lock(options: { waitMs?: number } = {}): Promise<void> {
    if (this.#locked) return;
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const rows = await this.pg.query('SELECT pg_try_advisory_lock($1) AS ok', [LOCK_KEY]);
      if (rows[0]?.['ok'] === true) {
        this.#locked = true;
        return;
      }
      if (Date.now() >= deadline) {
        throw new StoreLockedError(
          `store ${this.location} is locked by another sync: wait for it to finish (or pass --wait) and try again`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async unlock(): Promise<void> {
    if (!this.#locked) return;
    // A lost session has lost its lock with it: the error says so, and why.
    await this.pg.exec('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    this.#locked = false;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
