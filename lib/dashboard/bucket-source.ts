import type { OpenAlert } from '../alerts/index';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../catalogue/index';
import type { DashboardFilters, DashboardRange, DashboardSource, OrganizationEntry, ProjectEntry } from './source';

/** Everything a dashboard shows, as fetched: one consistent snapshot. */
export interface BucketSnapshot {
  usage: readonly WireBucket<WireCompletionsResult>[];
  costs: readonly WireBucket<WireCostsResult>[];
  /** Directory projects; ids seen in the buckets but missing here are listed under their id. */
  projects?: readonly ProjectEntry[];
  /** The organizations apart in the buckets (results carry `organization_id`); none for one organization. */
  organizations?: readonly OrganizationEntry[];
  /** The range the buckets cover. */
  coverage: DashboardRange;
  /** When it was fetched, epoch ms. */
  syncedAt: number;
  /** Open alerts read from the store with the buckets; undefined for a source without a store. */
  alerts?: readonly OpenAlert[];
}

/** A {@link DashboardSource} whose data is replaced atomically, so reads never see a half-written sync. */
export interface BucketSource extends DashboardSource {
  /** Swaps in a new snapshot and notifies listeners. */
  replace(snapshot: BucketSnapshot): void;
}

function keep(set: ReadonlySet<string> | undefined, value: string | null | undefined): boolean {
  return set === undefined || (value !== null && value !== undefined && set.has(value));
}

function asSet(list: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return list === undefined || list.length === 0 ? undefined : new Set(list);
}

/** The `organization_id` a store read by organization put on a result (not part of the API's result types). */
function organizationOf(result: object): string | undefined {
  return 'organization_id' in result && typeof result.organization_id === 'string' ? result.organization_id : undefined;
}

/** Buckets overlapping the range, with only the results that pass `pass` (a bucket keeps its place when emptied). */
export function selectBuckets<R>(
  buckets: readonly WireBucket<R>[],
  range: DashboardRange,
  pass: (r: R) => boolean,
): WireBucket<R>[] {
  return buckets
    .filter((b) => b.end_time > range.start && b.start_time < range.end)
    .map((b) => ({ ...b, results: b.results.filter(pass) }));
}

/** Project ids seen in the buckets, in first-seen order. */
function bucketProjects(snapshot: BucketSnapshot): string[] {
  const ids = new Set<string>();
  for (const b of snapshot.usage)
    for (const r of b.results) if (typeof r.project_id === 'string') ids.add(r.project_id);
  for (const b of snapshot.costs)
    for (const r of b.results) if (typeof r.project_id === 'string') ids.add(r.project_id);
  return [...ids];
}

/**
 * An in-memory source over buckets (the first sync's data, a test's data or a store read), starting empty.
 * @example const source = bucketSource(); source.replace({ usage, costs, coverage, syncedAt: Date.now() });
 */
export function bucketSource(initial?: BucketSnapshot): BucketSource {
  let snapshot = initial;
  const listeners = new Set<() => void>();
  return {
    lastSyncedAt: () => snapshot?.syncedAt,
    coverage: () => (snapshot === undefined ? undefined : { ...snapshot.coverage }),
    // In memory, so nothing to await: the interface is async for the store and API sources.
    usageBuckets(range: DashboardRange, filters: DashboardFilters) {
      const orgs = asSet(filters.organizationIds);
      const projects = asSet(filters.projectIds);
      const models = asSet(filters.models);
      return Promise.resolve(
        selectBuckets(
          snapshot?.usage ?? [],
          range,
          (r) => keep(orgs, organizationOf(r)) && keep(projects, r.project_id) && keep(models, r.model),
        ),
      );
    },
    costBuckets(range: DashboardRange, filters: DashboardFilters) {
      const orgs = asSet(filters.organizationIds);
      const projects = asSet(filters.projectIds);
      return Promise.resolve(
        selectBuckets(
          snapshot?.costs ?? [],
          range,
          (r) => keep(orgs, organizationOf(r)) && keep(projects, r.project_id),
        ),
      );
    },
    projects() {
      if (snapshot === undefined) return Promise.resolve([]);
      const named = new Map((snapshot.projects ?? []).map((p) => [p.id, p]));
      const ids = [...named.keys(), ...bucketProjects(snapshot).filter((id) => !named.has(id))];
      return Promise.resolve(ids.map((id) => named.get(id) ?? { id, name: id }));
    },
    openAlerts: () => snapshot?.alerts,
    organizations: () => Promise.resolve([...(snapshot?.organizations ?? [])]),
    onChange(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replace(next: BucketSnapshot) {
      snapshot = next;
      for (const listener of [...listeners]) listener();
    },
    close() {
      listeners.clear();
      return Promise.resolve();
    },
  };
}
