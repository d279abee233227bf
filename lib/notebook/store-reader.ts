import {
  WIDTH_SECONDS,
  ENDPOINTS,
  type BucketWidth,
  type EndpointName,
  type EndpointResultMap,
  type WireBucket,
} from '../catalogue/index';
import { enrichmentFailure, validateQuery, type UsageClient, type UsageQuery, type WireQuery } from '../api/index';
import { selectOrganizations } from './select-organizations';
import { storeHandle } from './store-handle';
import {
  groupingsHolding,
  StorePartialBucketError,
  UNLABELLED_ORGANIZATION,
  UNLABELLED_ORGANIZATION_NAME,
  type OrganizationIdentity,
  type StoredDirectoryEntry,
  type StoredOrganization,
  type UsageStore,
  type StoredResult,
  type RangeQuery,
  apiStart,
  directoryFromEntries,
  directoryLister,
  storedSpendLimits,
  type StoredSpendLimits,
  organizationByName,
  syncStore,
  type SyncProgress,
} from '../store/index';
import { NO_NAMES, nameResolver, type ResultColumns } from '../frames/index';
import { directoriesApart, type NamesLoader } from './notebook-names';
import {
  failsOneOrganization,
  organizationFailure,
  type OrganizationBuckets,
  type OrganizationFailure,
} from './organization-reads';

/** Where a notebook's data comes from: the API (every run fetches), the store only (no request), or sync then store. */
export type NotebookSource = 'api' | 'store' | 'sync';
export const NOTEBOOK_SOURCES: readonly NotebookSource[] = ['api', 'store', 'sync'];

export function parseSource(value: string | undefined): NotebookSource {
  const v = value?.trim() ?? '';
  if (v === '') return 'api';
  if (!(NOTEBOOK_SOURCES as readonly string[]).includes(v))
    throw new RangeError(`invalid source: ${JSON.stringify(v)} (one of ${NOTEBOOK_SOURCES.join(', ')})`);
  return v as NotebookSource;
}

/** The API's array filters and `batch` as dimension filters of the store (`project_ids` -> `project_id`). */
export function storeFilters(endpoint: EndpointName, query: WireQuery): Record<string, Array<string | boolean>> {
  const spec = ENDPOINTS[endpoint];
  const out: Record<string, Array<string | boolean>> = {};
  const raw = new Map<string, unknown>(Object.entries(query));
  for (const f of spec.arrayFilters) {
    const values = raw.get(f.name);
    if (!Array.isArray(values)) continue;
    const dim = f.dimension;
    out[dim] = values.map(String);
  }
  for (const b of spec.booleanFilters) {
    const v = raw.get(b);
    if (typeof v === 'boolean') out[b] = [v];
  }
  return out;
}

/**
 * The end of the latest stored window of an endpoint (its `stored` coverage) at a width, among the groupings that hold every `dims`
 * (the ones a read can be answered from); undefined when none.
 */
function syncedUntil(
  stored: Awaited<ReturnType<UsageStore['coverageOf']>>,
  width: BucketWidth,
  dims: readonly string[],
): number | undefined {
  let latest: number | undefined;
  const keys = stored.filter((k) => k.width === width);
  for (const key of groupingsHolding(keys, dims)) {
    for (const c of key.intervals) latest = Math.max(latest ?? c.end, c.end);
  }
  return latest;
}

export interface StoreReaderOptions {
  source: Exclude<NotebookSource, 'api'>;
  /** DuckDB file or postgres:// URL. */
  location: string;
  client: UsageClient;
  /** The organization `client` reads ('sync' stores under its ID). @default "default", its name as ID */
  organization?: OrganizationIdentity;
  /** 'sync' claims the rows written before organizations for it. @default true (the one the old code synced) */
  claimsUnlabelled?: boolean;
  /**
   * 'sync' of several organizations: each synced under its own ID with its own client, then all read, every result
   * tagged with its organization. One whose sync fails (401, 5xx, unreachable) is left out of that read and told
   * through `onOrganizationFailed`. @default `client`, `organization` and `claimsUnlabelled` alone
   */
  syncOrganizations?: readonly SyncOrganization[];
  /** An organization a 'sync' read left out, and why. @default the failure is thrown */
  onOrganizationFailed?: (f: OrganizationFailure, endpoint: EndpointName) => void;
  /**
   * Organization IDs read. @default 'sync': the synced organization; 'store': every organization in the store
   */
  organizations?: readonly string[];
  /** 'store': the organizations read by configured name (any case; the `organizations` parameter), else every one. */
  organizationNames?: readonly string[] | null;
  /** @unit Unix seconds */
  now: number;
  /** A sync's progress, and the configured name of the organization it syncs. */
  onSyncProgress?: (p: SyncProgress, organization: string) => void;
  /** How long to wait for another process holding the store. @unit milliseconds @default 600000 */
  waitMs?: number;
  /** Told once per endpoint and width when source 'store' has to widen a partial first bucket to a whole one. */
  onNotice?: (line: string) => void;
  /** The store stays open between reads this long (then another process can have it). @unit ms @default 2000 */
  idleMs?: number;
}

/** One organization a 'sync' reader syncs: its client, who it is, whether it claims the unlabelled rows. */
export interface SyncOrganization {
  client: UsageClient;
  identity: OrganizationIdentity;
  claimsUnlabelled: boolean;
}

/** A read for a table: the results as columns, or as buckets where only results can say them. */
export type TableRead<E extends EndpointName> =
  { kind: 'columns'; columns: ResultColumns } | { kind: 'results'; buckets: WireBucket<EndpointResultMap[E]>[] };

/** Reads a query's buckets from the store (after syncing its range for 'sync'), shaped as the API answers. */
export interface StoreReader {
  /**
   * The query's buckets. Reading several organizations (a 'sync' of several, or a store holding several, or the
   * `organizationNames` naming several), each result is tagged with its organization (`organization_id`,
   * `organization`) and nothing is summed across organizations; one organization's results are as the API sends them.
   */
  read<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]>;
  /**
   * `read` as columns, for a table (no object per result): the same rows in the same order, tagged alike; its
   * buckets where the store can only give results (rows keeping fields the catalogue did not know).
   */
  readColumns<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<TableRead<E>>;
  /** `read`, kept apart per organization: organization ID → its buckets (every organization read that has rows). */
  readPerOrganization<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
  ): Promise<Map<string, WireBucket<EndpointResultMap[E]>[]>>;
  /** `readPerOrganization` as columns where the store can give them (as `readColumns`). */
  readColumnsPerOrganization<E extends EndpointName>(
    endpoint: E,
    query: UsageQuery,
  ): Promise<Map<string, TableRead<E>>>;
  /** The organizations the store has synced (no request). */
  organizations(): Promise<StoredOrganization[]>;
  /** One organization's spend limits and alerts as its last directory sync stored them (no request). */
  spendLimits(organizationId: string): Promise<StoredSpendLimits>;
  /** The directory rows the last sync stored (names of projects, users, keys). */
  directory(): Promise<StoredDirectoryEntry[]>;
  close(): Promise<void>;
}

/**
 * A store reader for notebooks, answering as the API does: a start inside a bucket gives the partial first bucket
 * from that minute. 'sync' fetches and stores that partial bucket; 'store' reads it when an earlier sync stored
 * that exact span, else gives the whole first bucket and says so (`onNotice`).
 */
export function storeReader(options: StoreReaderOptions): StoreReader {
  // One open store for a burst of reads, closed when idle: notebooks side by side share one DuckDB file.
  const handle = storeHandle({
    location: options.location,
    waitMs: options.waitMs ?? 600_000,
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
  });
  const withStore = <T>(fn: (s: UsageStore) => Promise<T>): Promise<T> => handle.use(fn);
  const widened = new Set<string>();
  const organization = options.organization ?? organizationByName('default');
  const syncing: readonly SyncOrganization[] = options.syncOrganizations ?? [
    { client: options.client, identity: organization, claimsUnlabelled: options.claimsUnlabelled ?? true },
  ];
  const fixed = options.organizations ?? (options.source === 'sync' ? syncing.map((o) => o.identity.id) : undefined);
  const names = options.source === 'store' ? (options.organizationNames ?? null) : null;
  // Named organizations resolve to their IDs in the store once (an unknown name is an error naming the known ones).
  let resolved: Promise<readonly string[] | undefined> | undefined;
  const organizationIds = (s: UsageStore): Promise<readonly string[] | undefined> =>
    names === null
      ? Promise.resolve(fixed)
      : (resolved ??= s
          .listOrganizations()
          .then((stored) => selectOrganizations({ organizations: stored }, names).organizations.map((o) => o.id)));
  // The configured name of each organization read, when a read covers several (its results are then tagged); null
  // for one organization. Decided by what is asked, not by which organizations have rows or answered this time.
  let tagNames: Promise<ReadonlyMap<string, string> | null> | undefined;
  const severalNames = (s: UsageStore): Promise<ReadonlyMap<string, string> | null> =>
    (tagNames ??= (async () => {
      if (options.source === 'sync')
        return syncing.length < 2 ? null : new Map(syncing.map((o) => [o.identity.id, o.identity.name]));
      const ids = await organizationIds(s);
      const stored = await s.listOrganizations();
      if ((ids ?? stored).length < 2) return null;
      const named = new Map(stored.map((o) => [o.id, o.name]));
      named.set(UNLABELLED_ORGANIZATION, UNLABELLED_ORGANIZATION_NAME);
      return named;
    })());
  // 'sync' also stores the directory, once per reader and organization, so a later 'store' run names IDs without a
  // request.
  const directorySynced = new Set<string>();
  /** Syncs the read's range of every organization; returns the IDs synced (the ones a failure left out are told). */
  const syncRange = async (
    s: UsageStore,
    endpoint: EndpointName,
    range: { start: number; end: number; width: BucketWidth; groupBy: string[] },
  ): Promise<string[]> => {
    const synced: string[] = [];
    const failures: OrganizationFailure[] = [];
    for (const o of syncing) {
      const say = (line: string): void => options.onNotice?.(syncing.length > 1 ? `${o.identity.name}: ${line}` : line);
      try {
        const report = await syncStore({
          client: o.client,
          store: s,
          organization: o.identity,
          claimsUnlabelled: o.claimsUnlabelled,
          ...(options.onNotice === undefined ? {} : { onNotice: say }),
          now: options.now,
          since: range.start,
          until: range.end,
          exactStart: true,
          endpoints: [endpoint],
          groupings: { [endpoint]: range.groupBy },
          waitMs: options.waitMs ?? 600_000,
          tiers: [{ width: range.width, maxAgeSeconds: null }],
          ...(options.onSyncProgress === undefined
            ? {}
            : { onProgress: (p: SyncProgress) => options.onSyncProgress?.(p, o.identity.name) }),
          ...(directorySynced.has(o.identity.id)
            ? {}
            : {
                listDirectory: directoryLister(o.client, {
                  onUnavailable: (m) => say(`Names not stored (IDs shown in store runs): ${m}`),
                  onIncomplete: say,
                }),
              }),
        });
        directorySynced.add(o.identity.id);
        // The ID its rows are stored under (a stand-in name syncs under the real ID a header gave it before).
        synced.push(report.organization.id);
      } catch (err) {
        if (options.onOrganizationFailed === undefined || !failsOneOrganization(err)) throw err;
        failures.push(organizationFailure(o.identity.name, err));
      }
    }
    const [first] = failures;
    if (synced.length === 0 && first !== undefined) throw first.error;
    for (const f of failures) options.onOrganizationFailed?.(f, endpoint);
    return synced;
  };
  /**
   * A query's range in the store (synced first for 'sync'; organizations kept apart when `perOrganization`), handed
   * to `read`; with source 'store', again from the whole first bucket when the store lacks the partial one.
   */
  const readRaw = <E extends EndpointName, T>(
    endpoint: E,
    query: UsageQuery,
    perOrganization: boolean,
    read: (
      s: UsageStore,
      range: RangeQuery,
      organizations: readonly string[] | undefined,
      /** The endpoint's stored coverage (read once per read). */
      coverage: () => ReturnType<UsageStore['coverageOf']>,
    ) => Promise<T>,
  ): Promise<T> => {
    const wire = validateQuery(endpoint, query);
    const width = wire.bucket_width ?? '1d';
    const start = apiStart(wire.start_time);
    return withStore(async (s) => {
      let organizations = await organizationIds(s);
      let stored: ReturnType<UsageStore['coverageOf']> | undefined;
      const coverage = (): ReturnType<UsageStore['coverageOf']> => (stored ??= s.coverageOf(endpoint));
      // "Now" for the store alone is the end of what was last synced, so a read never asks for minutes after it.
      const where = storeFilters(endpoint, wire);
      const dims = [...(wire.group_by ?? []), ...Object.keys(where)];
      const latest =
        options.source === 'store' && wire.end_time === undefined
          ? syncedUntil(await coverage(), width, dims)
          : undefined;
      const end = Math.min(wire.end_time ?? latest ?? options.now, options.now);
      if (options.source === 'sync') {
        // Synced with the query's own grouping (plus filtered dimensions): the stored values are then the API's
        // own sums, so charts match an API run to the last digit, float rounding included.
        const groupBy = [...new Set([...(wire.group_by ?? []), ...Object.keys(where)])];
        const synced = await syncRange(s, endpoint, { start, end, width, groupBy });
        stored = undefined;
        // An organization whose sync failed is not read: the store may hold only part of its range.
        organizations =
          options.organizations === undefined ? synced : organizations?.filter((id) => synced.includes(id));
      }
      const range: RangeQuery = {
        start,
        end,
        width,
        groupBy: perOrganization ? [...(wire.group_by ?? []), ORGANIZATION_ID] : (wire.group_by ?? []),
        where,
        ...(organizations === undefined ? {} : { organizations }),
      };
      try {
        return await read(s, range, organizations, coverage);
      } catch (err) {
        if (!(err instanceof StorePartialBucketError) || options.source !== 'store') throw err;
        const size = WIDTH_SECONDS[width];
        const whole = Math.floor(start / size) * size;
        const out = await read(s, { ...range, start: whole }, organizations, coverage);
        const key = `${endpoint}:${width}`;
        if (!widened.has(key)) {
          widened.add(key);
          options.onNotice?.(
            `The store holds whole ${width} buckets of ${endpoint} here: the first bucket starts at ` +
              `${new Date(whole * 1000).toISOString()} instead of ${new Date(start * 1000).toISOString()} ` +
              `(source "sync" stores the API's exact partial first bucket; a start on a bucket boundary avoids it).`,
          );
        }
        return out;
      }
    });
  };
  /** Each result tagged with its organization (ID, configured name), as a read of several organizations gives it. */
  const tagged = <E extends EndpointName>(
    buckets: readonly WireBucket<StoredResult<E>>[],
    names: ReadonlyMap<string, string>,
  ): WireBucket<EndpointResultMap[E]>[] =>
    buckets.map((b) => ({
      ...b,
      results: b.results.map((r) => {
        const id = String(r[ORGANIZATION_ID] ?? UNLABELLED_ORGANIZATION);
        return { ...r, organization_id: id, organization: names.get(id) ?? id };
      }),
    }));
  /**
   * Each organization read alone by `readOne` (as `read` of it alone would): its rows need no key to split on and no
   * copy without it (a year of costs is ~10^5 results). Organization ID → its read, for every one with rows.
   */
  const perOrganization = <E extends EndpointName, T>(
    endpoint: E,
    query: UsageQuery,
    readOne: (s: UsageStore, range: RangeQuery) => Promise<T>,
    hasRows: (read: T) => boolean,
  ): Promise<Map<string, T>> =>
    readRaw(endpoint, query, false, async (s, range, organizations, coverage) => {
      const ids = organizations ?? [...new Set((await coverage()).map((k) => k.organizationId))];
      const apart = new Map<string, T>();
      // Nothing stored of any organization: the store's own answer (its error, "nothing is stored").
      if (ids.length === 0 && organizations === undefined) await readOne(s, range);
      // Every one read before any is kept: one whose partial first bucket is missing widens them all alike.
      for (const id of [...new Set(ids)].sort()) {
        const read = await readOne(s, { ...range, organizations: [id] });
        if (hasRows(read)) apart.set(id, read);
      }
      return apart;
    });
  return {
    async read<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]> {
      const several = await withStore(severalNames);
      const readAll = (s: UsageStore, range: RangeQuery): Promise<WireBucket<StoredResult<E>>[]> =>
        s.readRange(endpoint, range);
      if (several === null) return readRaw(endpoint, query, false, readAll);
      return tagged(await readRaw(endpoint, query, true, readAll), several);
    },
    async readColumns<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<TableRead<E>> {
      const several = await withStore(severalNames);
      const read = await readRaw(endpoint, query, several !== null, (s, range) => s.readRangeColumns(endpoint, range));
      if (read.kind === 'results')
        return { kind: 'results', buckets: several === null ? read.buckets : tagged(read.buckets, several) };
      if (several === null) return read;
      const c = read.columns;
      // As `read` tags each result: its organization ID (the unlabelled rows' '') and configured name.
      const ids = (c.organizationIds ?? []).map((id) => String(id ?? UNLABELLED_ORGANIZATION));
      return {
        kind: 'columns',
        columns: {
          buckets: c.buckets,
          length: c.length,
          field: (name) => c.field(name),
          money: (metric) => c.money(metric),
          organizations: { ids, names: several },
        },
      };
    },
    readPerOrganization<E extends EndpointName>(
      endpoint: E,
      query: UsageQuery,
    ): Promise<Map<string, WireBucket<EndpointResultMap[E]>[]>> {
      return perOrganization(
        endpoint,
        query,
        (s, range) => s.readRange(endpoint, range),
        (buckets) => buckets.some((b) => b.results.length > 0),
      );
    },
    readColumnsPerOrganization<E extends EndpointName>(
      endpoint: E,
      query: UsageQuery,
    ): Promise<Map<string, TableRead<E>>> {
      // Each organization's rows as columns: a year of costs without ~10^5 result objects.
      return perOrganization(
        endpoint,
        query,
        (s, range) => s.readRangeColumns(endpoint, range),
        (read) => (read.kind === 'columns' ? read.columns.length > 0 : read.buckets.some((b) => b.results.length > 0)),
      );
    },
    organizations: () => withStore((s) => s.listOrganizations()),
    spendLimits: (organizationId) => withStore((s) => storedSpendLimits(s, organizationId)),
    directory: () => withStore(async (s) => s.readDirectory(await organizationIds(s))),
    close: () => handle.close(),
  };
}

/** The store's pseudo-dimension that keeps organizations apart in a read. */
const ORGANIZATION_ID = 'organization_id';

/**
 * Names from the store's directory table (no request): IDs when the store holds no directory, and IDs with one
 * notice when it cannot be read (names never stop a notebook). Several organizations: each one's directory, a
 * project name two of them use reading "name (organization)" (`directoriesApart`).
 */
export function storeNamesLoader(reader: StoreReader, notice: (line: string) => void): NamesLoader {
  let outcome: Promise<ReturnType<typeof nameResolver>> | undefined;
  return (enabled = true) => {
    if (!enabled) return Promise.resolve(NO_NAMES);
    outcome ??= reader
      .directory()
      .then(async (entries) => {
        if (entries.length === 0) return NO_NAMES;
        const ids = [...new Set(entries.map((e) => e.organization_id))];
        const nameOf = ids.length < 2 ? new Map<string, string>() : await storedNames(reader);
        return nameResolver(
          directoriesApart(
            ids.map((id) => ({
              organization: nameOf.get(id) ?? id,
              directory: directoryFromEntries(entries.filter((e) => e.organization_id === id)),
            })),
          ),
        );
      })
      .catch((err: unknown) => {
        notice(
          `Names unavailable, charts and tables show IDs: the store's directory could not be read (${enrichmentFailure(err)}).`,
        );
        return NO_NAMES;
      });
    return outcome;
  };
}

/**
 * `readPerOrganization` with each organization named (its configured name, as the store records it): the parts of a
 * read kept apart, in ID order.
 */
export async function readApart<E extends EndpointName>(
  reader: Pick<StoreReader, 'readPerOrganization' | 'organizations'>,
  endpoint: E,
  query: UsageQuery,
): Promise<OrganizationBuckets<EndpointResultMap[E]>[]> {
  const apart = await reader.readPerOrganization(endpoint, query);
  const names = await storedNames(reader);
  return [...apart].map(([id, buckets]) => ({ organization_id: id, organization: names.get(id) ?? id, buckets }));
}

/** The configured name of every organization the store holds, by ID (the unlabelled rows' too). */
async function storedNames(reader: Pick<StoreReader, 'organizations'>): Promise<Map<string, string>> {
  const names = new Map((await reader.organizations()).map((o) => [o.id, o.name]));
  names.set(UNLABELLED_ORGANIZATION, UNLABELLED_ORGANIZATION_NAME);
  return names;
}
