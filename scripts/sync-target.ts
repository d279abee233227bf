// Which organizations `npm run sync` reads (configured keys, or the demo's) and which store it may write: the demo's
// synthetic data never goes into a store the user named unless `--demo` says so.
import path from 'node:path';
import { resolveStoreLocation, storeLabel } from '../lib/store/index';

/** What one run syncs and where. */
export interface SyncTarget {
  /** Configured organizations (`live`), or the demo's emulated ones. */
  mode: 'live' | 'demo';
  /** DuckDB file or postgres:// URL. */
  location: string;
}

/** The store the demo writes when none is named. */
export const DEMO_STORE_FILE = path.join('data', 'demo.duckdb');

/**
 * Live when any `OPENAI_ADMIN_KEY` or `OPENAI_ADMIN_KEY_<NAME>` is configured (named keys alone are real organizations,
 * never the demo), else the demo; `--demo` asks for the demo whatever is configured. Store: `--store`, else
 * `USAGE_STORE_URL`, else data/usage.duckdb (demo: data/demo.duckdb). Refused, before anything runs: the demo writing
 * into a store named by `--store` or `USAGE_STORE_URL` without `--demo` (an export only reads, so it may).
 */
export function resolveSyncTarget(
  o: { store?: string; demo?: boolean; exportOnly?: boolean },
  ctx: { configured: number; env: Readonly<Record<string, string | undefined>> },
): SyncTarget {
  const mode = o.demo === true || ctx.configured === 0 ? 'demo' : 'live';
  const location = resolveStoreLocation(o.store, ctx.env, mode === 'demo' ? DEMO_STORE_FILE : undefined);
  if (
    mode === 'demo' &&
    o.demo !== true &&
    o.exportOnly !== true &&
    path.resolve(location) !== path.resolve(DEMO_STORE_FILE)
  ) {
    const by = o.store !== undefined ? '--store' : 'USAGE_STORE_URL';
    throw new RangeError(
      `invalid ${by}: refusing to write the demo's synthetic organizations into ${storeLabel(location)}: no ` +
        'OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_<NAME> is set (env or .env). Set a key to sync your organizations, ' +
        `or add --demo to sync the demo into it on purpose (without --store the demo writes ${DEMO_STORE_FILE})`,
    );
  }
  return { mode, location };
}
