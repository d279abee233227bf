/** The store: usage and costs kept in DuckDB (default, one file) or PostgreSQL, and the sync that fills it. */
export {
  StoreOpenError,
  StoreLockedError,
  StoreSchemaError,
  StoreCoverageError,
  type UsageStore,
  type CoverageKey,
  type DirectoryEntry,
  type WindowWrite,
  type RangeQuery,
  type AlertEventKey,
  type AlertEventRecord,
  type AlertDelivery,
} from './store';
export {
  openStore,
  resolveStoreLocation,
  isPostgresUrl,
  DEFAULT_STORE_FILE,
  type OpenStoreOptions,
} from './open-store';
export { DuckDbStore } from './duckdb-store';
export { syncStore, type SyncOptions, type SyncProgress, type SyncReport } from './sync';
export { DEFAULT_TIERS, DEFAULT_TRAILING, defaultGrouping, type WidthTier } from './plan-sync';
export { tableSchema, allTableSchemas, tableName, type TableSchema, type Column } from './table-schema';
export type { SqlDriver } from './sql-driver';
export type { ColumnCells } from './column-batch';
export type { SqlStore } from './sql-store';
export { CURRENT_VERSION } from './migrations';
export { exportStore, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './export-store';
export {
  focusRows,
  focusExport,
  focusLeftOutNotice,
  type FocusExport,
  focusFromBuckets,
  focusCsv,
  writeFocus,
  FOCUS_COLUMNS,
  type FocusRow,
  type CostsBucketLike,
} from './focus-export';
export type { CoverageInterval } from './coverage';
export { directoryEntries, directoryFromEntries, type DirectoryLists, type ListedObject } from './directory-entries';
