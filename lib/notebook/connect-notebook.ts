import path from 'node:path';
import {
  DEFAULT_RETRY_POLICY, type EndpointName, type EndpointResultMap, type RetryInfo, type UsageQuery, type WireBucket,
} from '../api/index';
import { connect, type Connection } from '../demo/index';
import { escapeHtml } from '../frames/frame-html';
import type { DisplayWriter } from './mime-bundle';
import { notebookEnv } from './notebook-env';
import { progressDisplay, type ProgressDisplay } from './progress-display';
import { guard } from './show-error';
import { parseSource, storeReader, type NotebookSource } from './store-source';
import { resolveStoreLocation } from '../store/open-store';
import { tslabWriter } from './tslab-writer';

/** A connection plus a notebook-friendly fetch (progress display, short errors). */
export interface NotebookConnection extends Connection {
  /** `client.fetchAll` with an in-place progress line; API errors are shown briefly and stop the cell. */
  fetch<E extends EndpointName>(endpoint: E, query: UsageQuery): Promise<WireBucket<EndpointResultMap[E]>[]>;
}

/** Options of `connectNotebook`. */
export interface ConnectNotebookOptions {
  /** @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** @default `<repo>/.env` */
  dotenvPath?: string;
  writer?: DisplayWriter;
  /** 'api' fetches, 'store' reads the store only, 'sync' syncs the range then reads. @default USAGE_SOURCE, else 'api' */
  source?: NotebookSource | string;
  /** DuckDB file or postgres:// URL. @default USAGE_STORE_URL, else <repo>/data/usage.duckdb (demo: data/demo.duckdb) */
  store?: string;
}

/**
 * Connects like `connect()` (OPENAI_ADMIN_KEY/OPENAI_BASE_URL from the environment or `<repo>/.env`; demo emulator
 * without a key) and shows the mode notice as a note, never the key.
 */
export async function connectNotebook(options: ConnectNotebookOptions = {}): Promise<NotebookConnection> {
  const writer = options.writer ?? tslabWriter();
  const env = options.env ?? process.env;
  const relay: { current?: ProgressDisplay } = {};
  const log = (line: string): void => {
    writer.publish(
      { 'text/html': `<div style="border-left:4px solid #1565c0;background:#e8f0fe;padding:6px 12px">${escapeHtml(line)}</div>`, 'text/plain': line },
      { metadata: { 'usage-notebooks': { role: 'notice' } } },
    );
  };
  const conn = await guard(connect({
    env,
    dotenvPath: options.dotenvPath ?? path.join(notebookEnv(env).root, '.env'),
    log,
    clientOptions: { onRetry: (info: RetryInfo) => relay.current?.onRetry(info) },
  }), writer);
  const source = await guard(Promise.resolve().then(() => parseSource(options.source ?? env['USAGE_SOURCE'])), writer);
  const root = notebookEnv(env).root;
  const fallback = path.join(root, 'data', conn.mode === 'demo' ? 'demo.duckdb' : 'usage.duckdb');
  const reader = source === 'api'
    ? undefined
    : storeReader({ source, location: resolveStoreLocation(options.store, env, fallback), client: conn.client, now: notebookEnv(env).now });
  return {
    ...conn,
    close: async () => {
      await reader?.close();
      await conn.close();
    },
    fetch: async (endpoint, query) => {
      if (reader !== undefined) return guard(reader.read(endpoint, query), writer);
      const progress = progressDisplay({ writer, maxAttempts: DEFAULT_RETRY_POLICY.maxRetries + 1 });
      relay.current = progress;
      // Shown before the first page arrives, so the line appears at once and the elapsed time counts from here.
      progress.onProgress({ endpoint, pages: 0, buckets: 0, results: 0, done: false });
      try {
        return await guard(conn.client.fetchAll(endpoint, query, { onProgress: (p) => progress.onProgress(p) }), writer);
      } finally {
        delete relay.current;
      }
    },
  };
}
