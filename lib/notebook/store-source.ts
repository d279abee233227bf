import {
  ENDPOINTS, WIDTH_SECONDS, validateQuery, type BucketWidth, type EndpointName, type EndpointResultMap, type UsageClient, type UsageQuery,
  type WireBucket, type WireQuery,
} from '../api/index';
import { openStore } from '../store/open-store';
import type { UsageStore } from '../store/store';
import { syncStore, type SyncProgress } from '../store/sync';

/** Where a notebook's data comes from: the API (every run fetches), the store only (no request), or sync then store. */
export type NotebookSource = 'api' | 'store' | 'sync';
export const NOTEBOOK_SOURCES: readonly NotebookSource[] = ['api', 'store', 'sync'];

export function parseSource(value: string | undefined): NotebookSource {
  const v = value?.trim() ?? '';
  if (v === '') return 'api';
  if (!(NOTEBOOK_SOURCES as readonly string[]).includes(v)) throw new RangeError(`invalid source: ${JSON.stringify(v)} (one of ${NOTEBOOK_SOURCES.join(', ')})`);
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

/** The end of the latest stored window of an endpoint at a width, in any grouping (undefined when none). */
async function syncedUntil(store: UsageStore, endpoint: EndpointName, width: BucketWidth): Promise<number | undefined> {
  let latest: number | undefined;
  for (const key of await store.coverageKeys()) {
    if (key.endpoint !== endpoint || key.width !== width) continue;
    for (const c of await store.coverage(key)) latest = Math.max(latest ?? c.end, c.end);
  }
  return latest;
}

export interface StoreReaderOptions {
  source: Exclude<NotebookSource, 'api'>;
  /** DuckDB file or postgres:// URL. */
  location: string;
  client: UsageClient;
  /** @unit Unix seconds */
  now: number;
  onSyncProgress?: (p: SyncProgress) => void;
  /** How long to wait for another process holding the store. @unit milliseconds @default 600000 */
  waitMs?: number;
}

/** Reads a query's buckets from the store (after syncing its range for 'sync'), shaped as the API answers. */
export interface StoreReader {
  read<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]>;
  close(): Promise<void>;
}

/**
 * A store reader for notebooks. Buckets in the store are whole, so a start inside a bucket reads from that
 * bucket's start (the API would return a partial first bucket).
 */
export function storeReader(options: StoreReaderOptions): StoreReader {
  // Opened per read and closed after it: notebooks run side by side share one DuckDB file (one process at a time).
  const withStore = async <T>(fn: (s: UsageStore) => Promise<T>): Promise<T> => {
    const s = await openStore(options.location, { waitMs: options.waitMs ?? 600_000 });
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };
  return {
    async read<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]> {
      const wire = validateQuery(endpoint, query);
      const width = wire.bucket_width ?? '1d';
      const size = WIDTH_SECONDS[width];
      const start = Math.floor(wire.start_time / size) * size;
      return withStore(async (s) => {
        // "Now" for the store alone is the end of what was last synced, so a read never asks for minutes after it.
        const latest = options.source === 'store' && wire.end_time === undefined ? await syncedUntil(s, endpoint, width) : undefined;
        const end = Math.min(wire.end_time ?? latest ?? options.now, options.now);
        const where = storeFilters(endpoint, wire);
        if (options.source === 'sync') {
          // Synced with the query's own grouping (plus filtered dimensions): the stored values are then the API's
          // own sums, so charts match an API run to the last digit, float rounding included.
          const groupBy = [...new Set([...(wire.group_by ?? []), ...Object.keys(where)])];
          await syncStore({
            client: options.client, store: s, now: options.now, since: start, until: end, endpoints: [endpoint],
            groupings: { [endpoint]: groupBy }, waitMs: options.waitMs ?? 600_000,
            tiers: [{ width, maxAgeSeconds: null }], ...(options.onSyncProgress === undefined ? {} : { onProgress: options.onSyncProgress }),
          });
        }
        const buckets = await s.readRange(endpoint, { start, end, width, groupBy: wire.group_by ?? [], where });
        // The store rebuilt each result in the endpoint's wire shape (resultFromRow), which is what the caller types.
        return buckets as unknown as WireBucket<EndpointResultMap[E]>[];
      });
    },
    async close() {
      // Nothing stays open between reads.
    },
  };
}
