import type { EndpointName, WireBucket } from '../catalogue/index';
import { readOpenAlerts } from '../alerts/index';
import {
  normalizeCoverage,
  openStore,
  type UsageStore,
  type StoredResult,
  groupingsHolding,
  UNLABELLED_ORGANIZATION,
  UNLABELLED_ORGANIZATION_NAME,
} from '../store/index';
import { utcDayStart } from './api-source';
import { bucketSource, type BucketSource } from './bucket-source';
import type { DashboardRange } from './source';

const DAY = 86_400;
const USAGE_GROUPS = ['model', 'project_id'];
const COST_GROUPS = ['line_item', 'project_id'];
/** The store's pseudo-dimension: results carry `organization_id`, so the page can filter and total by organization. */
const BY_ORGANIZATION = ['organization_id'];

/** Options of {@link storeSource}. */
export interface StoreSourceOptions {
  /** DuckDB file or postgres:// URL. */
  location: string;
  /** Days read, today included. @default 90 */
  days?: number;
  /** Current time, epoch ms. @default Date.now */
  now?: () => number;
}

/** A dashboard source over the store: `refresh()` re-reads it into memory, where page reads are answered. */
export interface StoreSource extends BucketSource {
  /**
   * Re-reads the store when a sync landed since the last read (newest `synced_at` of the coverage table);
   * resolves true when new data was swapped in. Concurrent calls share one read.
   */
  refresh(): Promise<boolean>;
}

/**
 * Per organization, the stored daily span of an endpoint with the needed dimensions that overlaps `window` and ends
 * last. Each organization has its own: one added later, or whose last sync failed, holds other days than the rest.
 */
async function storedSpans(
  store: UsageStore,
  endpoint: EndpointName,
  dims: readonly string[],
  window: DashboardRange,
): Promise<Map<string, DashboardRange>> {
  const spans = new Map<string, DashboardRange>();
  const keys = (await store.coverageKeys()).filter((k) => k.endpoint === endpoint && k.width === '1d');
  for (const key of groupingsHolding(keys, dims)) {
    for (const c of normalizeCoverage((await store.coverage(key)).map((i) => ({ ...i, final: true })))) {
      const start = Math.max(c.start, window.start);
      const end = Math.min(c.end, window.end);
      const best = spans.get(key.organizationId);
      if (end > start && (best === undefined || end > best.end)) spans.set(key.organizationId, { start, end });
    }
  }
  return spans;
}

/** Daily buckets of each organization's stored span, one bucket per day with every organization's results. */
async function readDaily<E extends EndpointName>(
  store: UsageStore,
  endpoint: E,
  spans: ReadonlyMap<string, DashboardRange>,
  groupBy: readonly string[],
): Promise<WireBucket<StoredResult<E>>[]> {
  const byStart = new Map<number, WireBucket<StoredResult<E>>>();
  for (const [organization, span] of spans) {
    const query = {
      ...span,
      width: '1d' as const,
      groupBy: [...groupBy, ...BY_ORGANIZATION],
      organizations: [organization],
    };
    for (const b of await store.readRange(endpoint, query)) {
      const day = byStart.get(b.start_time);
      if (day === undefined) byStart.set(b.start_time, { ...b, results: [...b.results] });
      else day.results = [...day.results, ...b.results];
    }
  }
  return [...byStart.values()].sort((a, b) => a.start_time - b.start_time);
}

/**
 * A dashboard source that follows a store synced by `npm run sync` (cron, systemd) or by the dashboard itself.
 * The store is opened for each refresh and closed after it (a DuckDB file admits one process at a time), so
 * page reads never wait for a sync: they see the last refresh until the next one lands.
 * @example const source = storeSource({ location: 'data/usage.duckdb' }); await source.refresh();
 */
export function storeSource(options: StoreSourceOptions): StoreSource {
  const days = options.days ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new RangeError(`invalid days: ${days} (an integer from 1 to 366)`);
  const now = options.now ?? Date.now;
  const memory = bucketSource();
  let seen: string | undefined;
  let running: Promise<boolean> | undefined;

  const read = async (): Promise<boolean> => {
    const store = await openStore(options.location);
    try {
      const rows = await store.query('SELECT max(synced_at) AS synced FROM coverage');
      const synced = Number(rows[0]?.['synced'] ?? NaN);
      // Alerts are recorded after the data of a sync: a change of either is new data for the page.
      const recorded = await store.query('SELECT count(*) AS n, max(recorded_at) AS t FROM alert_events');
      const version = `${synced}/${String(recorded[0]?.['n'])}/${String(recorded[0]?.['t'])}`;
      if (!Number.isFinite(synced) || version === seen) return false;
      const today = utcDayStart(Math.floor(now() / 1000));
      const window = { start: today - (days - 1) * DAY, end: today + DAY };
      const usage = await readDaily(
        store,
        'completions',
        await storedSpans(store, 'completions', USAGE_GROUPS, window),
        USAGE_GROUPS,
      );
      const costs = await readDaily(
        store,
        'costs',
        await storedSpans(store, 'costs', COST_GROUPS, window),
        COST_GROUPS,
      );
      const organizations = (await store.listOrganizations()).map((o) => ({ id: o.id, name: o.name }));
      if (await store.hasUnlabelledRows())
        organizations.push({ id: UNLABELLED_ORGANIZATION, name: UNLABELLED_ORGANIZATION_NAME });
      const orgName = new Map(organizations.map((o) => [o.id, o.name]));
      const projects = (await store.readDirectory())
        .filter((e) => e.kind === 'project')
        .map((e) => ({
          id: e.id,
          name: e.name ?? e.id,
          ...(organizations.length > 1 ? { organization: orgName.get(e.organization_id) ?? e.organization_id } : {}),
        }));
      const alerts = await readOpenAlerts(store, Math.floor(now() / 1000));
      seen = version;
      memory.replace({
        usage,
        costs,
        projects,
        organizations: organizations.length > 1 ? organizations : [],
        coverage: window,
        syncedAt: synced * 1000,
        alerts,
      });
      return true;
    } finally {
      await store.close();
    }
  };

  return {
    ...memory,
    refresh() {
      running ??= read().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
