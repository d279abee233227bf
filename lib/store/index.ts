/** The store: usage and costs kept in DuckDB (default, one file) or PostgreSQL, and the sync that fills it. */
export {
  StoreOpenError,
  StoreLockedError,
  StoreSchemaError,
  StoreCoverageError,
  type UsageStore,
  type RangeQuery,
  type AlertEventKey,
  type OpenAlertEvent,
  type AlertDelivery,
  type OrganizationIdentity,
  type StoredOrganization,
  type StoredDirectoryEntry,
  UNLABELLED_ORGANIZATION,
  UNLABELLED_ORGANIZATION_NAME,
  StorePartialBucketError,
} from './store';
export { openStore, resolveStoreLocation, isPostgresUrl, storeLabel } from './open-store';
export { DuckDbStore } from './duckdb-store';
export { syncStore, claimsUnlabelledRows, organizationByName, type SyncOptions, type SyncProgress } from './sync';
export { DEFAULT_TRAILING, apiStart } from './plan-sync';
export { tableSchema, type StoredResult, groupingsHolding } from './table-schema';
export { exportStore, EXPORT_FORMATS, type ExportFormat } from './export-store';
export {
  focusRows,
  focusFromBuckets,
  focusCsv,
  FOCUS_COLUMNS,
  type FocusRow,
  type CostsBucketLike,
  type BillingAccount,
} from './focus-export';
export { normalizeCoverage } from './coverage';
export {
  directoryEntries,
  directoryFromEntries,
  storedSpendLimits,
  type StoredSpendLimits,
  directoryLister,
} from './directory-entries';
export { parseDuration, parseTime, formatSeconds, parseEndpoints, parseTiers } from './cli-values';
export type { FocusColumn } from './focus-export';
export { sqlString } from './sql-driver';
export { cellText } from './table-schema';
