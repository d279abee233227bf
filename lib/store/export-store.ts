import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFocus } from './focus-export';
import { sqlString } from './sql-driver';
import { bookkeepingTables } from './migrations';
import type { DuckDbStatement, UsageStore } from './store';
import { allTableSchemas, cellText, type Column } from './table-schema';

export type ExportFormat = 'parquet' | 'csv' | 'focus';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['parquet', 'csv', 'focus'];

/** Every table of the store with its columns (data tables from the catalogue, then coverage and directory). */
export function exportTables(): Array<[string, readonly Column[]]> {
  return [
    ...allTableSchemas().map((t): [string, readonly Column[]] => [t.table, t.columns]),
    ...bookkeepingTables().filter(
      ([n]) => !['schema_version', 'partial_coverage', 'alert_events', 'alert_deliveries'].includes(n),
    ),
  ];
}

/**
 * Copies rows of any store into a DuckDB table so DuckDB's writers (CSV, Parquet) can serve both adapters.
 * A DuckDB store is exported directly; PostgreSQL rows go through an in-memory DuckDB.
 */
export async function withDuckDb<T>(
  store: UsageStore,
  tables: ReadonlyArray<[string, readonly Column[]]>,
  fn: (copy: DuckDbStatement) => Promise<T>,
): Promise<T> {
  const own = store.duckDbStatements();
  if (own !== undefined) return fn(own);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    for (const [table, columns] of tables) {
      await conn.run(`CREATE TABLE "${table}" (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
      const rows = await store.query(`SELECT ${columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table}"`);
      const appender = await conn.createAppender(table);
      for (const r of rows) {
        for (const c of columns) {
          const v = r[c.name];
          if (v === null || v === undefined) appender.appendNull();
          else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(Math.trunc(Number(v))));
          else if (c.type === 'FLOAT8') appender.appendDouble(Number(v));
          else if (c.type === 'BOOLEAN') appender.appendBoolean(v === true);
          else appender.appendVarchar(cellText(v));
        }
        appender.endRow();
      }
      appender.closeSync();
    }
    return await fn(async (sql) => {
      await conn.run(sql);
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Options of `exportStore`. */
export interface ExportOptions {
  /** Told what an export could not include (FOCUS: stored days of costs without project and line item). */
  onNotice?: (line: string) => void;
}

/** Writes one file per table (`<table>.parquet` / `.csv`), or the FOCUS costs files; returns the paths. */
export async function exportStore(
  store: UsageStore,
  format: ExportFormat,
  outDir: string,
  options: ExportOptions = {},
): Promise<string[]> {
  if (!EXPORT_FORMATS.includes(format))
    throw new RangeError(`invalid --export: ${JSON.stringify(format)} (one of ${EXPORT_FORMATS.join(', ')})`);
  mkdirSync(outDir, { recursive: true });
  if (format === 'focus') return writeFocus(store, outDir, options.onNotice);
  const tables = exportTables();
  return withDuckDb(store, tables, async (run) => {
    const files: string[] = [];
    for (const [table] of tables) {
      const file = path.resolve(outDir, `${table}.${format}`);
      const opts = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet)';
      await run(`COPY "${table}" TO ${sqlString(file)} ${opts}`);
      files.push(file);
    }
    return files;
  });
}
