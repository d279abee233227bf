// The steps of the headless run (`npm start`, scripts/run-notebooks.ts) as plain functions, so each is testable
// without a kernel. This entry holds where a run reads (source and store); the other steps live in scripts/headless/
// by concept (the command line, which notebooks, the parameters check, the output folder and secret scan, the
// combined report, the committed form) and are re-exported here for the runner and its tests.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isPostgresUrl, resolveStoreLocation } from '../lib/store/index';
import type { RunOptions } from './headless/options';

export { isCommanderExit, parseRunOptions, type RunOptions } from './headless/options';
export { selectNotebooks } from './headless/select';
export { checkParameterCells } from './headless/parameter-check';
export { cleanOut, filesUnder, outputsWithSecrets } from './headless/out-dir';
export { figureIdsInOrder, writeCombinedReport } from './headless/report';
export { committedForm, updateCommitted } from './headless/committed';
export { readNotebook, type NotebookCell, type NotebookFile, type NotebookOutput } from '../tools/notebook-file';

/** Where a run reads when no `--source`/`USAGE_SOURCE` says: what `resolveRunSource` decided and why. */
export interface RunSource {
  source?: 'api' | 'store' | 'sync';
  store?: string;
  /** The demo store to delete before the run (it is rebuilt from the emulator). */
  fresh?: string;
}

/**
 * The demo's default: without an admin key and without `--source`, `--store`, `USAGE_SOURCE` or `USAGE_STORE_URL`,
 * the notebooks sync the built-in emulator into a fresh `data/demo.duckdb` and read it (source "sync"), the way
 * a team runs them against its store. With a key, or anything chosen, the choice stands (default "api").
 */
export function resolveRunSource(
  opts: Pick<RunOptions, 'source' | 'store'>,
  ctx: { root: string; env: Readonly<Record<string, string | undefined>>; adminKey: string | undefined },
): RunSource {
  const chosen = (name: string): boolean => (ctx.env[name]?.trim() ?? '') !== '';
  if (opts.source !== undefined || opts.store !== undefined || chosen('USAGE_SOURCE') || chosen('USAGE_STORE_URL'))
    return {
      ...(opts.source === undefined ? {} : { source: opts.source }),
      ...(opts.store === undefined ? {} : { store: opts.store }),
    };
  if (ctx.adminKey !== undefined) return {};
  const store = path.join(ctx.root, 'data', 'demo.duckdb');
  return { source: 'sync', store, fresh: store };
}

/**
 * `--source store` reads a store that must already exist: a missing DuckDB file is one line naming where it was
 * looked for and how to make it, before any kernel starts (the notebooks would fail in their first read).
 */
export function checkStoreExists(
  source: string,
  opts: Pick<RunOptions, 'store'>,
  ctx: { root: string; env: Readonly<Record<string, string | undefined>>; adminKey: string | undefined },
): void {
  if (source !== 'store') return;
  const fallback = path.join(ctx.root, 'data', ctx.adminKey === undefined ? 'demo.duckdb' : 'usage.duckdb');
  const location = resolveStoreLocation(opts.store, ctx.env, fallback);
  if (isPostgresUrl(location) || existsSync(location)) return;
  const given =
    opts.store !== undefined
      ? '--store'
      : (ctx.env['USAGE_STORE_URL']?.trim() ?? '') !== ''
        ? 'USAGE_STORE_URL'
        : 'store';
  const relative = path.relative(process.cwd(), location);
  const shown = relative === '' || relative.startsWith('..') ? location : relative;
  throw new Error(
    `invalid ${given}: ${shown} does not exist; sync it first (npm run sync -- --store ${shown}) or run with --source sync`,
  );
}

/** Deletes a DuckDB file and its write-ahead log, if present. */
export function removeDuckDbFile(file: string): void {
  for (const f of [file, `${file}.wal`]) rmSync(f, { force: true });
}
