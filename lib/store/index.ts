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
  type OrganizationIdentity,
  type StoredOrganization,
  type StoredDirectoryEntry,
  UNLABELLED_ORGANIZATION,
  UNLABELLED_ORGANIZATION_NAME,
} from './store';
export {
  openStore,
  resolveStoreLocation,
  isPostgresUrl,
  DEFAULT_STORE_FILE,
  type OpenStoreOptions,
} from './open-store';
export { DuckDbStore } from './duckdb-store';
export {
  syncStore,
  claimsUnlabelledRows,
  organizationByName,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
} from './sync';
export { DEFAULT_TIERS, DEFAULT_TRAILING, defaultGrouping, type WidthTier } from './plan-sync';
export { tableSchema, allTableSchemas, tableName, type TableSchema } from './table-schema';
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
  type BillingAccount,
} from './focus-export';
export type { CoverageInterval } from './coverage';
export {
  directoryEntries,
  directoryFromEntries,
  storedSpendLimits,
  spendLimitEntries,
  SPEND_KINDS,
  type StoredSpendLimits,
  type DirectoryLists,
  type ListedObject,
} from './directory-entries';
