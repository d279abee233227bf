/** The store: usage and costs kept in DuckDB (default, one file) or PostgreSQL, and the sync that fills it. */
export {
  StoreOpenError,
  StoreLockedError,
  StoreSchemaError,
  StoreCoverageError,
  type UsageStore,
  type DuckDbStatement,
  type CoverageKey,
  type DirectoryEntry,
  type WindowWrite,
  type RangeQuery,
  type AlertEventKey,
  type AlertEventRecord,
  type OpenAlertEvent,
  type AlertDelivery,
  type OrganizationIdentity,
  type StoredOrganization,
  type StoredDirectoryEntry,
  UNLABELLED_ORGANIZATION,
  UNLABELLED_ORGANIZATION_NAME,
  StorePartialBucketError,
} from './store';
export { openStore, resolveStoreLocation, isPostgresUrl, type OpenStoreOptions, storeLabel } from './open-store';
export { DuckDbStore } from './duckdb-store';
export {
  syncStore,
  claimsUnlabelledRows,
  organizationByName,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
} from './sync';
export { DEFAULT_TRAILING, type WidthTier, apiStart } from './plan-sync';
export { tableSchema, type TableSchema, type StoredResult, groupingsHolding } from './table-schema';
export { exportStore, EXPORT_FORMATS, type ExportFormat, type ExportOptions } from './export-store';
export {
  focusRows,
  type FocusExport,
  focusFromBuckets,
  focusCsv,
  FOCUS_COLUMNS,
  type FocusRow,
  type CostsBucketLike,
  type BillingAccount,
} from './focus-export';
export { type CoverageInterval, normalizeCoverage } from './coverage';
export {
  directoryEntries,
  directoryFromEntries,
  storedSpendLimits,
  type StoredSpendLimits,
  type DirectoryLists,
  type ListedObject,
  directoryLister,
} from './directory-entries';
export { parseDuration, parseTime, formatSeconds, parseEndpoints, parseTiers } from './cli-values';
export type { FocusColumn } from './focus-export';
export { sqlString } from './sql-driver';
export { cellText } from './table-schema';
