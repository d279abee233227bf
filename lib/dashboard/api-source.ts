import type { UsageClient } from '../api/index';
import { bucketSource, type BucketSource } from './bucket-source';
import type { ProjectEntry } from './source';

const DAY = 86_400;

/** Options of {@link apiSource}. */
export interface ApiSourceOptions {
  /** Days kept, today included (the widest range a view can ask for). @default 90 */
  days?: number;
  /** Current time, epoch ms. @default Date.now */
  now?: () => number;
  /**
   * Directory lookup for project names; without it projects are listed under their ids. A failing lookup (e.g. a
   * key without the management scope) keeps the names of the last sync and is reported to `onDirectoryError`.
   */
  directory?: () => Promise<readonly ProjectEntry[]>;
  onDirectoryError?: (error: unknown) => void;
}

/** A source kept current by fetching from the Usage API; `sync()` replaces the data when the fetch is complete. */
export interface ApiSource extends BucketSource {
  /** Fetches the whole window again; concurrent calls share the running sync. */
  sync(): Promise<void>;
  /** True while a sync runs. */
  syncing(): boolean;
}

/** Start of the UTC day holding `seconds`. */
export function utcDayStart(seconds: number): number {
  return Math.floor(seconds / DAY) * DAY;
}

/**
 * A dashboard source over the Usage and Costs API (your organization, or the demo emulator): daily completions
 * by model and project, daily costs by line item and project. Reads serve the last finished sync, so a slow
 * or failing fetch never blocks a page; a failed sync keeps the previous data and rejects.
 * @example const source = apiSource(connection.client); await source.sync();
 */
export function apiSource(client: UsageClient, options: ApiSourceOptions = {}): ApiSource {
  const days = options.days ?? 90;
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new RangeError(`invalid days: ${days} (an integer from 1 to 366)`);
  const now = options.now ?? Date.now;
  const memory = bucketSource();
  let running: Promise<void> | undefined;
  let names: readonly ProjectEntry[] | undefined;
  const lookup = async (): Promise<readonly ProjectEntry[] | undefined> => {
    if (options.directory === undefined) return undefined;
    try {
      names = await options.directory();
    } catch (e) {
      // Names are a nicety: the numbers still land, under the last names known (or the ids).
      options.onDirectoryError?.(e);
    }
    return names;
  };

  const fetchOnce = async (): Promise<void> => {
    const syncedAt = now();
    const end = Math.floor(syncedAt / 1000);
    const start = utcDayStart(end) - (days - 1) * DAY;
    const [usage, costs, projects] = await Promise.all([
      client.fetchAll('completions', {
        start_time: start,
        end_time: end,
        bucket_width: '1d',
        group_by: ['model', 'project_id'],
      }),
      client.fetchAll('costs', {
        start_time: start,
        end_time: end,
        bucket_width: '1d',
        group_by: ['line_item', 'project_id'],
      }),
      lookup(),
    ]);
    memory.replace({
      usage,
      costs,
      ...(projects === undefined ? {} : { projects }),
      coverage: { start, end: utcDayStart(end) + DAY },
      syncedAt,
    });
  };

  return {
    ...memory,
    sync() {
      running ??= fetchOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    syncing: () => running !== undefined,
  };
}
