import path from 'node:path';
import { DuckDbStore } from './duckdb-store';
import type { UsageStore } from './store';

/** The default store file, relative to the current directory. */
export const DEFAULT_STORE_FILE = path.join('data', 'usage.duckdb');

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a DuckDB file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Where the store is: the explicit value, else USAGE_STORE_URL, else `fallback` (data/usage.duckdb). */
export function resolveStoreLocation(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  fallback = DEFAULT_STORE_FILE,
): string {
  const value = explicit ?? env['USAGE_STORE_URL'];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

/**
 * The store as a report may name it: a DuckDB file by its name (not the user's folders), PostgreSQL by host and
 * database (never user or password).
 */
export function storeLabel(location: string): string {
  if (!isPostgresUrl(location)) return `DuckDB store ${path.basename(location)}`;
  try {
    const u = new URL(location);
    return `PostgreSQL store ${u.host}${u.pathname}`;
  } catch {
    return 'PostgreSQL store';
  }
}

export interface OpenStoreOptions {
  /** Keep retrying while another process holds a DuckDB file. @unit milliseconds @default 0 */
  waitMs?: number;
}

/** Opens (and migrates) the store at a DuckDB path or a PostgreSQL URL. */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<UsageStore> {
  if (isPostgresUrl(location)) {
    // Loaded on demand so a DuckDB-only user never needs a PostgreSQL server nor its driver's setup.
    const { PostgresStore } = await import('./postgres-store');
    return PostgresStore.open(location);
  }
  return DuckDbStore.open(location, options);
}
