import type { EndpointName, BucketWidth, WireBucket } from '../catalogue/index';
import { UsageNotebooksError } from '../shared/index';
import type { OrganizationIdentity } from '../api/index';
import type { CoverageInterval } from './coverage';
import type { RangeRead } from './range-columns';
import type { StoredResult } from './table-schema';

/** Who an organization is: lib/api's `resolveOrganization` produces it (one definition, there). */
export type { OrganizationIdentity };

/** What {@link UsageStore.relabelOrganization} did. */
export interface RelabelReport {
  /** Data and partial rows now under the new ID. */
  movedRows: number;
  /** Copies of buckets the new ID had stored as well, dropped (the new ID's kept). */
  droppedRows: number;
}

/** An organization the store has synced (the `organizations` table). */
export interface StoredOrganization {
  id: string;
  /** The configured name of its last sync. */
  name: string;
  idSource: OrganizationIdentity['idSource'];
  /** @unit Unix seconds */
  firstSyncedAt: number;
  /** @unit Unix seconds */
  syncedAt: number;
}

/**
 * The organization ID of rows written before the store knew organizations (schema 2): kept as they were until the
 * first sync of the organization the old code synced claims them (see `claimsUnlabelledRows`).
 */
export const UNLABELLED_ORGANIZATION = '';
/** What readers call the unlabelled rows' organization. */
export const UNLABELLED_ORGANIZATION_NAME = '(written before organizations)';

/** What coverage is recorded per: organization, endpoint, grouping (canonical `group_by` text) and bucket width. */
export interface CoverageKey {
  /** The organization's ID ('' for rows written before organizations, until claimed). */
  organizationId: string;
  endpoint: EndpointName;
  /** Canonical grouping text ('' = ungrouped), see `groupingKey`. */
  grouping: string;
  width: BucketWidth;
}

/** A span of one organization's endpoint at a width, inside one bucket: where a partial first bucket is looked up. */
export interface PartialSpan extends Omit<CoverageKey, 'grouping'> {
  /** @unit Unix seconds */
  start: number;
  /** @unit Unix seconds */
  end: number;
}

/** A partial first bucket stored for exactly a {@link PartialSpan}: its grouping, and whether it was final. */
export interface PartialCoverage extends CoverageKey {
  final: boolean;
}

/** One entry of the admin directory (a project, user, API key…): the names behind the IDs. */
export interface DirectoryEntry {
  /** e.g. 'project', 'user', 'api_key', 'service_account'. */
  kind: string;
  id: string;
  name: string | null;
  /** The project of a key or service account; null for top-level objects. */
  parent_id: string | null;
  /** Every other field the directory API sent for the object (JSON-serializable). */
  attributes: Record<string, unknown>;
}

/** A directory entry as stored: with the organization it belongs to. */
export type StoredDirectoryEntry = DirectoryEntry & { organization_id: string };

/** The buckets of one fetch window, written as a unit. */
export interface WindowWrite extends CoverageKey {
  /** Whole window [start, end): every stored bucket starting inside it is replaced. */
  start: number;
  end: number;
  buckets: readonly WireBucket<unknown>[];
  /** True when the window is past the trailing re-read window (it will not be fetched again). */
  final: boolean;
  /** When it was fetched. @unit Unix seconds */
  syncedAt: number;
  /**
   * The API's partial first bucket of a range starting inside a bucket ([start, end) within one bucket, start off
   * the grid): stored apart from whole buckets and found again only by its exact span.
   */
  partial?: boolean;
}

/** The key of an alert event (lib/alerts): one event per organization, rule, scope, period and state, recorded and sent once. */
export interface AlertEventKey {
  organization: string;
  /** The rule's name. */
  rule: string;
  /** `organization`, `project:<id>`, `api_key:<id>`, `model:<name>`. */
  scope: string;
  /** What the event is about in time: `2026-12/80%`, `2026-12-05`, `first`, `sync:<iso>`. */
  period: string;
  state: 'firing' | 'resolved';
}

/** An alert event to record, with the channels (names from the rules file) it goes to. */
export interface AlertEventRecord extends AlertEventKey {
  ruleType: string;
  /** The event as JSON: names and figures, never a URL or secret. */
  payload: string;
  channels: readonly string[];
}

/** A recorded firing event without a resolved event of the same key, as `alert_events` holds it. */
export interface OpenAlertEvent extends AlertEventKey {
  ruleType: string;
  /** The sent event as JSON. */
  payload: string;
  /** @unit Unix seconds */
  recordedAt: number;
}

/** One channel's delivery of one event. */
export interface AlertDelivery extends AlertEventKey {
  ruleType: string;
  payload: string;
  channel: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** The last failure, already masked by the caller. */
  lastError: string | null;
  /** @unit Unix seconds */
  updatedAt: number;
}

/** A range read back from the store, shaped as the API would answer it. */
export interface RangeQuery {
  start: number;
  end: number;
  width: BucketWidth;
  /**
   * Dimensions to group by, as the API's `group_by`, plus the pseudo-dimension `'organization_id'`: only then do
   * results carry `organization_id` (one result per organization); otherwise the organizations' rows are summed.
   */
  groupBy?: readonly string[];
  /** Organization IDs to read. @default every organization that has this endpoint stored */
  organizations?: readonly string[];
  /** Only rows whose dimension has one of these values (the API's `project_ids`, `models`, `batch`… filters). */
  where?: Readonly<Record<string, readonly (string | boolean)[]>>;
}

/** Runs one DuckDB statement (a `COPY … TO` of an export) against a store's own tables. */
export type DuckDbStatement = (sql: string) => Promise<void>;

/**
 * A store of usage and costs buckets. Two adapters (DuckDB file, PostgreSQL) implement it; sync and readers
 * never see SQL. Opening migrates an older schema and fails on a newer one.
 */
export interface UsageStore {
  /** 'duckdb' or 'postgres'. */
  readonly kind: 'duckdb' | 'postgres';
  /** The file path, or the URL with any password removed. */
  readonly location: string;
  /** Schema version of the open store (after migration). */
  schemaVersion(): Promise<number>;
  /** Takes the store's write lock; fails with `StoreLockedError` (or waits up to `waitMs`) when another holds it. */
  lock(options?: { waitMs?: number }): Promise<void>;
  unlock(): Promise<void>;
  coverage(key: CoverageKey): Promise<CoverageInterval[]>;
  /** Every coverage key that has rows in the coverage table (of these organizations, when given). */
  coverageKeys(organizationIds?: readonly string[]): Promise<CoverageKey[]>;
  /** Every stored span of one endpoint, per organization, grouping and width, in one read (`coverage` of each key). */
  coverageOf(endpoint: EndpointName): Promise<Array<CoverageKey & { intervals: CoverageInterval[] }>>;
  /** The partial first buckets of one organization stored for exactly [start, end) at a width, one per grouping. */
  partialCoverage(span: PartialSpan): Promise<PartialCoverage[]>;
  /** Replaces every bucket of the window and records its coverage, in one transaction. */
  writeWindow(write: WindowWrite): Promise<number>;
  /**
   * Buckets of [start, end) at a width, aggregated to `groupBy` from a stored grouping that contains it. A start
   * inside a bucket reads that exact partial first bucket (`StorePartialBucketError` when it was never synced).
   * Each organization read must hold the whole range (`StoreCoverageError` names the one that does not).
   */
  readRange<E extends EndpointName>(endpoint: E, query: RangeQuery): Promise<WireBucket<StoredResult<E>>[]>;
  /**
   * `readRange` as columns (the same rows in the same order, the same checks and errors), no object per result; its
   * buckets where a stored row keeps fields the catalogue did not know (merged into its result).
   */
  readRangeColumns<E extends EndpointName>(endpoint: E, query: RangeQuery): Promise<RangeRead<E>>;
  /** Replaces one organization's directory (names, spend limits, spend alerts) in one transaction. */
  replaceDirectory(organizationId: string, entries: readonly DirectoryEntry[], syncedAt: number): Promise<void>;
  /** The directory of these organizations (every organization when omitted). */
  readDirectory(organizationIds?: readonly string[]): Promise<StoredDirectoryEntry[]>;
  /** Records (or updates the name and last sync of) a synced organization. */
  recordOrganization(identity: OrganizationIdentity, at: number): Promise<void>;
  /** Every organization recorded, by name, then ID. */
  listOrganizations(): Promise<StoredOrganization[]>;
  /** True when the store holds rows written before organizations (organization ID ''). */
  hasUnlabelledRows(): Promise<boolean>;
  /**
   * Labels every row written before organizations with this organization's ID, in one transaction; returns the
   * number of coverage rows relabelled (0 when there was nothing to claim, or the organization already has rows).
   */
  claimUnlabelledRows(organizationId: string): Promise<number>;
  /**
   * Moves every row of organization `from` (a stand-in ID, `name:<NAME>`) to `to`'s ID in one transaction; where both
   * hold a bucket, partial bucket, directory or alert event, `to`'s copy is kept and coverage is merged. Undefined when
   * the store holds nothing of `from`.
   */
  relabelOrganization(from: string, to: OrganizationIdentity): Promise<RelabelReport | undefined>;
  /**
   * Records the events not recorded before (by key), each with a pending delivery per channel, in one transaction;
   * returns the keys that were new. An event already recorded is left as it is, whatever its deliveries' state.
   */
  recordAlertEvents(events: readonly AlertEventRecord[], recordedAt: number): Promise<AlertEventKey[]>;
  /** Deliveries not delivered yet (pending or failed), oldest event first. */
  undeliveredAlerts(): Promise<AlertDelivery[]>;
  /** Every delivery, for reports and tests. */
  alertDeliveries(): Promise<AlertDelivery[]>;
  /** Sets one delivery's state after an attempt. */
  updateAlertDelivery(
    key: AlertEventKey,
    channel: string,
    update: { status: AlertDelivery['status']; attempts: number; lastError: string | null; updatedAt: number },
  ): Promise<void>;
  /**
   * Events recorded firing without a resolved event of the same key (for recovery messages and the open alerts),
   * oldest first.
   */
  openAlertEvents(): Promise<OpenAlertEvent[]>;
  /**
   * What the store can export by itself: DuckDB statements run on its own tables (a DuckDB store), or undefined when
   * its rows must first be copied into an in-memory DuckDB (PostgreSQL).
   */
  duckDbStatements(): DuckDbStatement | undefined;
  /** Read-only SQL for reports, tests and exports (`$1`… parameters). */
  query(sql: string, params?: readonly (number | string | boolean)[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

// The store's errors belong to the library's one error family (`lib/shared/errors.ts`).

/** The store could not be opened (missing directory, corrupt or unreadable file, refused connection). */
export class StoreOpenError extends UsageNotebooksError {
  override readonly name = 'StoreOpenError';
}

/** Another process holds the store's write lock. */
export class StoreLockedError extends UsageNotebooksError {
  override readonly name = 'StoreLockedError';
}

/** The store's schema is newer than this code, or not a store of this project. */
export class StoreSchemaError extends UsageNotebooksError {
  override readonly name = 'StoreSchemaError';
}

/** A read asked for a range the store does not hold. */
export class StoreCoverageError extends UsageNotebooksError {
  override readonly name: string = 'StoreCoverageError';
}

/** A read starts inside a bucket and the store holds no partial bucket for that exact span. */
export class StorePartialBucketError extends StoreCoverageError {
  override readonly name = 'StorePartialBucketError';
}
