// The store over SQL, shared by both adapters: each concept lives in its own module, the class delegates to them.
import type { EndpointName, WireBucket } from '../catalogue/index';
import {
  alertDeliveries,
  openAlertEvents,
  recordAlertEvents,
  undeliveredAlerts,
  updateAlertDelivery,
} from './alert-tables';
import type { CoverageInterval } from './coverage';
import { coverage, coverageKeys, endpointCoverage, partialCoverage } from './coverage-table';
import { readDirectory, replaceDirectory } from './directory-table';
import { claimUnlabelledRows, hasUnlabelledRows, listOrganizations, recordOrganization } from './organization-tables';
import { relabelOrganization } from './organization-relabel';
import { readRange, readRangeColumns } from './range-reads';
import type { RangeRead } from './range-columns';
import { num, type Param, type Row, type SqlDriver, type StoreContext } from './sql-driver';
import type {
  AlertDelivery,
  AlertEventKey,
  AlertEventRecord,
  CoverageKey,
  DirectoryEntry,
  DuckDbStatement,
  OpenAlertEvent,
  OrganizationIdentity,
  PartialCoverage,
  PartialSpan,
  RangeQuery,
  RelabelReport,
  StoredDirectoryEntry,
  StoredOrganization,
  UsageStore,
  WindowWrite,
} from './store';
import type { StoredResult } from './table-schema';
import { writeWindow } from './window-writes';

// The adapters import the driver types and the schema setup from here with the shared store.
export type { Param, Row, SqlDriver } from './sql-driver';
export { q } from './sql-driver';
export { migrateSchema } from './schema-setup';

/** The shared store logic over a driver; adapters add opening, locking and transactions. */
export abstract class SqlStore implements UsageStore {
  abstract readonly kind: 'duckdb' | 'postgres';
  abstract readonly location: string;
  protected abstract readonly db: SqlDriver;
  abstract lock(options?: { waitMs?: number }): Promise<void>;
  abstract unlock(): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract transaction<T>(fn: () => Promise<T>): Promise<T>;

  /** What the concept modules work on: this adapter's driver, location and transaction. */
  #context(): StoreContext {
    return { db: this.db, location: this.location, transaction: (fn) => this.transaction(fn) };
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.db.query('SELECT max(version) AS version FROM schema_version');
    return num(rows[0]?.['version'] ?? null);
  }

  coverage(key: CoverageKey): Promise<CoverageInterval[]> {
    return coverage(this.#context(), key);
  }

  coverageKeys(organizationIds?: readonly string[]): Promise<CoverageKey[]> {
    return coverageKeys(this.#context(), organizationIds);
  }

  async coverageOf(endpoint: EndpointName): Promise<Array<CoverageKey & { intervals: CoverageInterval[] }>> {
    return (await endpointCoverage(this.#context(), endpoint)).stored;
  }

  partialCoverage(span: PartialSpan): Promise<PartialCoverage[]> {
    return partialCoverage(this.#context(), span);
  }

  writeWindow(write: WindowWrite): Promise<number> {
    return writeWindow(this.#context(), write);
  }

  readRange<E extends EndpointName>(endpoint: E, query: RangeQuery): Promise<WireBucket<StoredResult<E>>[]> {
    return readRange(this.#context(), endpoint, query);
  }

  readRangeColumns<E extends EndpointName>(endpoint: E, query: RangeQuery): Promise<RangeRead<E>> {
    return readRangeColumns(this.#context(), endpoint, query);
  }

  replaceDirectory(organizationId: string, entries: readonly DirectoryEntry[], syncedAt: number): Promise<void> {
    return replaceDirectory(this.#context(), organizationId, entries, syncedAt);
  }

  readDirectory(organizationIds?: readonly string[]): Promise<StoredDirectoryEntry[]> {
    return readDirectory(this.#context(), organizationIds);
  }

  recordOrganization(identity: OrganizationIdentity, at: number): Promise<void> {
    return recordOrganization(this.#context(), identity, at);
  }

  listOrganizations(): Promise<StoredOrganization[]> {
    return listOrganizations(this.#context());
  }

  hasUnlabelledRows(): Promise<boolean> {
    return hasUnlabelledRows(this.#context());
  }

  claimUnlabelledRows(organizationId: string): Promise<number> {
    return claimUnlabelledRows(this.#context(), organizationId);
  }

  relabelOrganization(from: string, to: OrganizationIdentity): Promise<RelabelReport | undefined> {
    return relabelOrganization(this.#context(), from, to);
  }

  recordAlertEvents(events: readonly AlertEventRecord[], recordedAt: number): Promise<AlertEventKey[]> {
    return recordAlertEvents(this.#context(), events, recordedAt);
  }

  undeliveredAlerts(): Promise<AlertDelivery[]> {
    return undeliveredAlerts(this.#context());
  }

  alertDeliveries(): Promise<AlertDelivery[]> {
    return alertDeliveries(this.#context());
  }

  updateAlertDelivery(
    key: AlertEventKey,
    channel: string,
    update: { status: AlertDelivery['status']; attempts: number; lastError: string | null; updatedAt: number },
  ): Promise<void> {
    return updateAlertDelivery(this.#context(), key, channel, update);
  }

  openAlertEvents(): Promise<OpenAlertEvent[]> {
    return openAlertEvents(this.#context());
  }

  /** Rows go through an in-memory DuckDB unless the adapter runs DuckDB itself. */
  duckDbStatements(): DuckDbStatement | undefined {
    return undefined;
  }

  query(sql: string, params: readonly Param[] = []): Promise<Row[]> {
    return this.db.query(sql, params);
  }
}
