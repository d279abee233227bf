import { randomUUID } from 'node:crypto';
import type { FetchProgress, RetryInfo } from '../api/index';
import type { SyncProgress } from '../store/index';
import type { DisplayWriter } from './mime-bundle';
import { tslabWriter } from './tslab-writer';

/** Options of `progressDisplay`. */
export interface ProgressDisplayOptions {
  /** Attempts per request (retry policy `maxRetries + 1`), shown as "attempt 2/3". @default 3 */
  maxAttempts?: number;
  /** Epoch milliseconds, injectable for tests. @default Date.now */
  now?: () => number;
  writer?: DisplayWriter;
  /** The organization read, named at the start of every line ("acme: Fetching costs…") when several are read. */
  organization?: string;
}

/** Callbacks to pass to `client.fetchAll(…, { onProgress })` and `ClientOptions.onRetry` (and a sync's `onProgress`). */
export interface ProgressDisplay {
  onProgress(p: FetchProgress): void;
  onRetry(info: RetryInfo): void;
  /** A store sync's progress for a read of `endpoint`. */
  onSync(p: SyncProgress, endpoint: string): void;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1).replace(/\.0$/, '') : String(Math.round(ms / 1000));
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One progress line: "Fetching completions… 3 pages, 21 buckets", "Done: completions, 5 pages, 31 buckets in 0.4 s", or while a
 * retry waits "Rate limited: waiting 2 s (attempt 2/3)" / "Server error 503: retrying in 1 s (attempt 2/3)" / for a failure
 * without a status, what happened (`detail` of the retry): "Timed out after 2000 ms: retrying in 1 s (attempt 2/3)".
 */
export function progressLine(
  p: FetchProgress,
  elapsedMs: number,
  maxAttempts = 3,
  status?: number,
  detail?: string,
): string {
  const counts = `${plural(p.pages, 'page')}, ${plural(p.buckets, 'bucket')}`;
  if (p.done) return `Done: ${p.endpoint}, ${counts} in ${(elapsedMs / 1000).toFixed(1)} s`;
  if (p.waitingMs !== undefined) {
    const attempt = `(attempt ${(p.attempt ?? 1) + 1}/${maxAttempts})`;
    if (status === 429) return `Rate limited: waiting ${seconds(p.waitingMs)} s ${attempt}`;
    if (status !== undefined && status >= 500)
      return `Server error ${status}: retrying in ${seconds(p.waitingMs)} s ${attempt}`;
    const what =
      status !== undefined ? `HTTP ${status}` : detail === undefined ? 'Request failed' : capitalized(detail);
    return `${what}: retrying in ${seconds(p.waitingMs)} s ${attempt}`;
  }
  return `Fetching ${p.endpoint}… ${counts}`;
}

/**
 * The line of a store sync for one read: "Syncing costs into the store… 2/5 windows, 3 requests, 1,234 rows, about
 * 3 s left", then "Synced costs: 5 windows, 7 requests, 2,345 rows in 1.2 s" or "Store up to date: costs".
 */
export function syncLine(endpoint: string, p: SyncProgress): string {
  if (p.windowsTotal === 0) return `Store up to date: ${endpoint} (no request)`;
  const counts = `${plural(p.requests, 'request')}, ${plural(p.rows, 'row')}`;
  if (p.windowsDone >= p.windowsTotal)
    return `Synced ${endpoint}: ${plural(p.windowsTotal, 'window')}, ${counts} in ${(p.elapsedMs / 1000).toFixed(1)} s`;
  const eta = p.etaMs === null ? '' : `, about ${seconds(p.etaMs)} s left`;
  return `Syncing ${endpoint} into the store… ${p.windowsDone}/${p.windowsTotal} windows, ${counts}${eta}`;
}

/**
 * A progress output updated in place (one `display_data`, then `update_display_data`), for long fetches.
 * @example const progress = progressDisplay(); await client.fetchAll('completions', q, { onProgress: progress.onProgress });
 */
export function progressDisplay(options: ProgressDisplayOptions = {}): ProgressDisplay {
  const writer = options.writer ?? tslabWriter();
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`invalid maxAttempts: ${maxAttempts}`);
  const displayId = `usage-progress-${randomUUID()}`;
  const state: { started?: number; shown: boolean; status?: number; detail?: string } = { shown: false };
  const prefix = options.organization === undefined ? '' : `${options.organization}: `;
  const show = (line: string): void => {
    writer.publish(
      { 'text/plain': prefix + line },
      { displayId, update: state.shown, metadata: { 'usage-notebooks': { role: 'progress' } } },
    );
    state.shown = true;
  };
  return {
    onProgress(p) {
      state.started ??= now();
      const waiting = p.waitingMs !== undefined;
      show(
        progressLine(
          p,
          now() - state.started,
          maxAttempts,
          waiting ? state.status : undefined,
          waiting ? state.detail : undefined,
        ),
      );
      if (!waiting) {
        delete state.status;
        delete state.detail;
      }
    },
    onSync(p, endpoint) {
      show(syncLine(endpoint, p));
    },
    onRetry(info) {
      // onRetry precedes the matching waiting progress; remember the cause so the line names it.
      if (info.status === undefined) delete state.status;
      else state.status = info.status;
      if (info.detail === undefined) delete state.detail;
      else state.detail = info.detail;
    },
  };
}
