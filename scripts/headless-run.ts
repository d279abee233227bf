// The steps of the headless run (`npm start`, scripts/run-notebooks.ts) as plain functions, so each is testable
// without a kernel. This entry holds where a run reads (source and store); the other steps live in scripts/headless/
// by concept (the command line, which notebooks, the parameters check, the output folder and secret scan, the
// combined report, the committed form) and are re-exported here for the runner and its tests.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  /** The demo store to delete before the run (it is rebuilt from the emulator); only ever the headless demo's own. */
  fresh?: string;
  /** Why the run uses its own demo store instead of data/demo.duckdb (said once before the run). */
  note?: string;
}

/**
 * The demo's default: without an admin key and without `--source`, `--store`, `USAGE_SOURCE` or `USAGE_STORE_URL`,
 * the notebooks sync the built-in emulator into a fresh demo store and read it (source "sync"), the way a team runs
 * them against its store. With a key, or anything chosen, the choice stands (default "api"). The fresh store is
 * `data/demo.duckdb` only while it is the headless demo's own (see `demoStoreForRun`).
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
  return { source: 'sync', ...demoStoreForRun(ctx.root) };
}

/** Next to a store the headless demo built: what the file was like when its run ended. */
const HEADLESS_MARK = '.npm-start.json';

interface HeadlessMark {
  writtenBy: 'npm start';
  size: number;
  mtimeMs: number;
  wal: boolean;
}

function fileState(file: string): Omit<HeadlessMark, 'writtenBy'> | undefined {
  if (!existsSync(file)) return undefined;
  const st = statSync(file);
  return { size: st.size, mtimeMs: st.mtimeMs, wal: existsSync(`${file}.wal`) };
}

/**
 * True when `file` is exactly as the headless demo left it (its mark matches the file's size and modification time):
 * nobody synced, opened or wrote it since, so deleting it loses nothing but the demo's own rebuildable data.
 */
function builtByHeadlessDemo(file: string): boolean {
  const state = fileState(file);
  let mark: unknown;
  try {
    mark = JSON.parse(readFileSync(`${file}${HEADLESS_MARK}`, 'utf8'));
  } catch {
    return false;
  }
  if (state === undefined || typeof mark !== 'object' || mark === null) return false;
  const m: Record<string, unknown> = { ...mark };
  return (
    m['writtenBy'] === 'npm start' &&
    m['size'] === state.size &&
    m['mtimeMs'] === state.mtimeMs &&
    m['wal'] === state.wal
  );
}

/**
 * The store the headless demo may delete and rebuild: `data/demo.duckdb` when it does not exist yet or is exactly as
 * the last headless demo left it; else (someone synced into it, or any other program wrote it) that store is left
 * as is and the run uses its own `data/npm-start-demo.duckdb`, saying so.
 */
export function demoStoreForRun(root: string): Pick<RunSource, 'store' | 'fresh' | 'note'> {
  const shared = path.join(root, 'data', 'demo.duckdb');
  if ((!existsSync(shared) && !existsSync(`${shared}.wal`)) || builtByHeadlessDemo(shared))
    return { store: shared, fresh: shared };
  const own = path.join(root, 'data', 'npm-start-demo.duckdb');
  return {
    store: own,
    fresh: own,
    note:
      'data/demo.duckdb was written since npm start last built it (a sync, a notebook or another program): left as ' +
      'is; this run rebuilds its own data/npm-start-demo.duckdb',
  };
}

/** Marks `file` as the headless demo's own, as it is now (after the run that rebuilt it, failed or not). */
export function markHeadlessDemoStore(file: string): void {
  const state = fileState(file);
  if (state === undefined) return;
  const mark: HeadlessMark = { writtenBy: 'npm start', ...state };
  writeFileSync(`${file}${HEADLESS_MARK}`, `${JSON.stringify(mark)}\n`);
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

/** Deletes a DuckDB file, its write-ahead log and the headless demo's mark, if present. */
export function removeDuckDbFile(file: string): void {
  for (const f of [file, `${file}.wal`, `${file}${HEADLESS_MARK}`]) rmSync(f, { force: true });
}
