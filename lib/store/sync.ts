import { ENDPOINT_NAMES, ENDPOINTS, type EndpointName, WIDTH_SECONDS } from '../catalogue/index';
import { organizationIdVariable, standInOrganizationId, type UsageClient, type UsageQuery } from '../api/index';
import {
  DEFAULT_TIERS,
  DEFAULT_TRAILING,
  planEndpoint,
  syncGroupings,
  type SyncWindow,
  type WidthTier,
} from './plan-sync';
import type { DirectoryEntry, OrganizationIdentity, UsageStore } from './store';
import { groupingKey } from './table-schema';

/** Progress after every written window (and before the first). */
export interface SyncProgress {
  windowsDone: number;
  windowsTotal: number;
  rows: number;
  requests: number;
  elapsedMs: number;
  /** null until one window is done. @unit milliseconds */
  etaMs: number | null;
  current?: { endpoint: EndpointName; width: string };
}

export interface SyncOptions {
  client: UsageClient;
  store: UsageStore;
  /** The organization `client` reads: every row, coverage and directory entry is written under its ID. */
  organization: OrganizationIdentity;
  /**
   * This organization claims the rows written before organizations (schema 2), on its first sync: the one the old
   * code synced. @default `claimsUnlabelledRows(organization.name, 'live')` (the "default" organization)
   */
  claimsUnlabelled?: boolean;
  /**
   * Told once per sync what it did to the organization's rows beyond the window writes (a stand-in relabelled, a
   * stored ID kept) or did not do (unlabelled rows left for another organization to claim).
   */
  onNotice?: (line: string) => void;
  /** @unit Unix seconds @default the clock */
  now?: number;
  /** Start of the range to hold. @unit Unix seconds @default 30 days before now */
  since?: number;
  /** End of the range. @unit Unix seconds @default now (its open bucket is stored, never final) */
  until?: number;
  /** @default every endpoint of the catalogue */
  endpoints?: readonly EndpointName[];
  tiers?: readonly WidthTier[];
  /** Re-read windows. @unit seconds @default usage 48 h, costs 3 days */
  trailing?: { usage?: number; costs?: number };
  /** Grouping per endpoint. @default `syncGroupings`: `defaultGrouping`, and every dimension from a cut-off */
  groupings?: Partial<Record<EndpointName, readonly string[]>>;
  /** Windows fetched at once (writes stay one at a time). @default 2 */
  concurrency?: number;
  /** Lists the admin directory (project, user, key names); skipped when absent or when it returns undefined. */
  listDirectory?: () => Promise<DirectoryEntry[] | undefined>;
  /**
   * Hold [since, until) exactly as the API answers it: a `since` inside a bucket gets the API's partial first
   * bucket (stored apart), instead of widening the range to whole buckets. For notebook reads. @default false
   */
  exactStart?: boolean;
  /** Wait this long for another sync's lock instead of failing at once. @unit milliseconds @default 0 */
  waitMs?: number;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncReport {
  /**
   * The organization the rows were stored under: `organization`, or, when that is a stand-in (`name:<NAME>`), the
   * ID an earlier sync of the same name learned (see {@link syncStore}).
   */
  organization: OrganizationIdentity;
  windows: number;
  requests: number;
  rows: number;
  directoryEntries: number | null;
  durationMs: number;
}

const DAY = 86_400;

/**
 * Which organization's first sync labels the rows of a store written before organizations: the one the old code
 * synced, that is "default" (`OPENAI_ADMIN_KEY`) with keys, the demo's "acme" (its first emulator) without.
 */
export function claimsUnlabelledRows(name: string, mode: 'live' | 'demo'): boolean {
  return mode === 'demo' ? name === 'acme' : name === 'default';
}

/**
 * An organization known by its configured name only: the name stands in for the ID (`name:<NAME>`), as lib/api's
 * identity resolver does when neither the `openai-organization` header nor `OPENAI_ORG_ID_<NAME>` gives one.
 */
export function organizationByName(name: string): OrganizationIdentity {
  return { id: standInOrganizationId(name), name, idSource: 'name' };
}

/**
 * The identity a sync stores under. An ID never turns back into a stand-in: when the server sends no header this
 * time (and `OPENAI_ORG_ID_<NAME>` is not set), the rows go on under the real ID an earlier sync of the same name
 * recorded (the last synced, if several), said once, so the organization's history is never split.
 */
async function storedIdentity(options: SyncOptions): Promise<OrganizationIdentity> {
  const { store, organization } = options;
  if (organization.idSource !== 'name') return organization;
  const known = (await store.listOrganizations())
    .filter((o) => o.name === organization.name && o.idSource !== 'name')
    .sort((a, b) => b.syncedAt - a.syncedAt);
  const latest = known[0];
  if (latest === undefined) return organization;
  const variable = organizationIdVariable(organization.name);
  const others = known.slice(1).map((o) => o.id);
  options.onNotice?.(
    `organization ${organization.name}: no openai-organization header this time and ${variable} is not set; its rows ` +
      `stay under ${latest.id}, the ID an earlier sync learned for ${organization.name}, not under the stand-in ` +
      `${organization.id} (set ${variable}=${latest.id} to say so)` +
      (others.length === 0 ? '' : `; IDs also synced as ${organization.name} before: ${others.join(', ')}`),
  );
  return { id: latest.id, name: organization.name, idSource: latest.idSource };
}

/** Moves the rows stored under the name's stand-in (synced before its ID was known) to its ID, and says so once. */
async function relabelStandIn(options: SyncOptions, organization: OrganizationIdentity): Promise<void> {
  if (organization.idSource === 'name') return;
  const standIn = standInOrganizationId(organization.name);
  const moved = await options.store.relabelOrganization(standIn, organization);
  if (moved === undefined) return;
  options.onNotice?.(
    `organization ${organization.name}: rows stored under the stand-in ${standIn} (no header then) are now under ` +
      `${organization.id} (${moved.movedRows} rows moved` +
      (moved.droppedRows === 0
        ? ')'
        : `; ${moved.droppedRows} rows of buckets ${organization.id} held as well dropped, its own copy kept)`),
  );
}

/** Claims the rows written before organizations, or says once why they stay unlabelled. */
async function settleUnlabelled(options: SyncOptions, organization: OrganizationIdentity): Promise<void> {
  const { store } = options;
  if (!(await store.hasUnlabelledRows())) return;
  const claims = options.claimsUnlabelled ?? claimsUnlabelledRows(organization.name, 'live');
  if (claims && (await store.claimUnlabelledRows(organization.id)) > 0) return;
  options.onNotice?.(
    `store ${store.location} holds rows written before organizations (shown as organization "(written before organizations)"): ` +
      (claims
        ? `organization ${organization.name} (${organization.id}) already has rows of its own, so they stay unlabelled.`
        : `the first sync of the organization that wrote them ("default" with OPENAI_ADMIN_KEY, "acme" in the demo) labels them.`),
  );
}

/**
 * Brings the store up to date: for every endpoint, grouping and width tier, fetches the windows that final
 * coverage lacks plus the trailing window, and writes each window (replacing its buckets and recording its
 * coverage) in one transaction, so a sync killed at any point resumes without gap or duplicate. One organization,
 * one ID: a sync under a real ID first moves the rows its name's stand-in (`name:<NAME>`) holds to that ID, and a
 * sync under a stand-in stores under the real ID an earlier sync of the name recorded (each said once).
 */
export async function syncStore(options: SyncOptions): Promise<SyncReport> {
  const started = Date.now();
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const since = options.since ?? now - 30 * DAY;
  const until = options.until ?? now;
  if (!Number.isFinite(since) || !Number.isFinite(until) || since >= until) {
    throw new RangeError(`invalid range: since ${since} must be before until ${until} (Unix seconds)`);
  }
  if (until > now) throw new RangeError(`invalid until: ${until} is after now (${now})`);
  const endpoints = options.endpoints ?? ENDPOINT_NAMES;
  for (const e of endpoints)
    if (!ENDPOINT_NAMES.includes(e))
      throw new TypeError(`invalid endpoint: ${JSON.stringify(e)} (expected one of ${ENDPOINT_NAMES.join(', ')})`);
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`invalid concurrency: ${concurrency} (a positive integer)`);
  const tiers = options.tiers ?? DEFAULT_TIERS;
  const store = options.store;
  const asked = options.organization;
  if (typeof asked?.id !== 'string' || asked.id.trim() === '')
    throw new TypeError(`invalid organization: ${JSON.stringify(asked?.id)} (an organization ID is required)`);
  await store.lock(options.waitMs === undefined ? {} : { waitMs: options.waitMs });
  try {
    const organization = await storedIdentity(options);
    const organizationId = organization.id;
    await relabelStandIn(options, organization);
    await settleUnlabelled(options, organization);
    await store.recordOrganization(organization, now);
    const plan: SyncWindow[] = [];
    for (const endpoint of endpoints) {
      const explicit = options.groupings?.[endpoint];
      const plans =
        explicit === undefined ? syncGroupings(endpoint, since, until) : [{ groupBy: [...explicit], since }];
      for (const { groupBy, since: from } of plans) {
        const grouping = groupingKey(ENDPOINTS[endpoint], groupBy);
        const trailingSeconds =
          endpoint === 'costs'
            ? (options.trailing?.costs ?? DEFAULT_TRAILING.costs)
            : (options.trailing?.usage ?? DEFAULT_TRAILING.usage);
        plan.push(
          ...(await planEndpoint({
            endpoint,
            groupBy,
            now,
            since: from,
            until,
            tiers,
            trailingSeconds,
            coverage: (width) => store.coverage({ organizationId, endpoint, grouping, width }),
            ...(options.exactStart === true
              ? {
                  exactStart: {
                    isFinal: async (width, start, end) =>
                      (await store.partialCoverage({ organizationId, endpoint, width, start, end })).some(
                        (k) => k.grouping === grouping && k.final,
                      ),
                  },
                }
              : {}),
          })),
        );
      }
    }
    const progress: SyncProgress = {
      windowsDone: 0,
      windowsTotal: plan.length,
      rows: 0,
      requests: 0,
      elapsedMs: 0,
      etaMs: null,
    };
    const report = (current?: SyncWindow): void => {
      progress.elapsedMs = Date.now() - started;
      progress.etaMs =
        progress.windowsDone === 0
          ? null
          : (progress.elapsedMs / progress.windowsDone) * (progress.windowsTotal - progress.windowsDone);
      if (current === undefined) delete progress.current;
      else progress.current = { endpoint: current.endpoint, width: current.width };
      options.onProgress?.({ ...progress });
    };
    report();
    // Writes go one at a time (one connection, one transaction each); fetches overlap.
    let writes: Promise<void> = Promise.resolve();
    let next = 0;
    // Boxed: the first worker's error as thrown, whatever it is (even undefined).
    let failure: { error: unknown } | undefined;
    const worker = async (): Promise<void> => {
      while (failure === undefined && next < plan.length) {
        const w = plan[next++];
        if (w === undefined) break;
        const size = WIDTH_SECONDS[w.width];
        const query: UsageQuery = {
          start_time: w.start,
          end_time: w.end,
          bucket_width: w.width,
          limit: Math.ceil((w.end - w.start) / size),
        };
        if (w.groupBy.length > 0) query.group_by = [...w.groupBy];
        let pages = 0;
        const buckets = await options.client.fetchAll(w.endpoint, query, {
          concurrency: 1,
          onProgress: (p) => (pages = p.pages),
        });
        const write = writes.then(async () => {
          if (failure !== undefined) return;
          const rows = await store.writeWindow({ ...w, organizationId, buckets, syncedAt: now });
          progress.windowsDone++;
          progress.rows += rows;
          progress.requests += pages;
          report(w);
        });
        writes = write.catch(() => undefined);
        await write;
      }
    };
    const workers = Array.from({ length: Math.min(concurrency, Math.max(1, plan.length)) }, () =>
      worker().catch((error: unknown) => {
        failure ??= { error };
      }),
    );
    await Promise.all(workers);
    await writes;
    if (failure !== undefined) throw failure.error;
    let directoryEntries: number | null = null;
    if (options.listDirectory !== undefined) {
      const entries = await options.listDirectory();
      if (entries !== undefined) {
        await store.replaceDirectory(organizationId, entries, now);
        directoryEntries = entries.length;
      }
    }
    return {
      organization,
      windows: plan.length,
      requests: progress.requests,
      rows: progress.rows,
      directoryEntries,
      durationMs: Date.now() - started,
    };
  } finally {
    await store.unlock();
  }
}
