/**
 * Notebooks end to end, source "store" against source "api": each notebook is run headless exactly as `npm start`
 * runs it (scripts/run-notebooks.ts: setup check, nbclient, a fresh tslab kernel, exports, report), once with
 * `--source api` against an emulator answering with injected latency, once with `--source store` from a store
 * synced beforehand (untimed: `--source sync` over the same notebooks and range, which stores the directory too).
 * Ranges other than the notebooks' own (days_ago 30, 45 for 04) run scratch copies whose parameters cell says
 * `days_ago: <n>`, as a user would edit it. Where the time goes: npm start's own overhead, kernel start, tslab
 * compile (tslab's converter on the same cells, measured apart), the cells that fetch or read, the other cells.
 * `npm run bench:notebooks -- [--days 30,365] [--latency-ms 50] [--runs 1] [--notebooks 01,02] [--keep DIR]`
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { startEmulator, type RunningEmulator } from '../lib/emulator/index';
import { benchEnv } from './bench-env';
import { chartsDiffer, firstDifference } from './chart-diff';
import { formatNotebookBench, notebookRatioLines, type NotebookResult, type RangeResult } from './notebook-table';
import { medianTiming, sideTiming, type NotebookTimings, type SideTiming } from './notebook-timing';
import { runChild } from '../tools/child-process';
import { copyNotebooks, type NotebookCopies } from '../tools/notebook-copies';
import { readNotebook, sourcesByIndex } from '../tools/notebook-file';
import { setNotebookParameter } from '../tools/notebook-parameters';

const ROOT = path.resolve(__dirname, '..');

export interface NotebookBenchOptions {
  /** Ranges in days (the parameters cell's days_ago); 30 is the notebooks' own default. */
  days: readonly number[];
  /** Latency the emulator adds to every request, in both sides' runs. @unit milliseconds */
  latencyMs: number;
  /** Timed runs per side (medians). */
  runs: number;
  /** Notebook file-name prefixes (default: all). */
  notebooks?: readonly string[];
  log?: (line: string) => void;
  /** Keep the stores, outputs and timings (executed notebooks, charts) in this folder instead of a removed one. */
  keep?: string;
}

async function run(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string = ROOT,
): Promise<{ code: number | null; out: string; seconds: number }> {
  const r = await runChild(process.execPath, ['--import', 'tsx', ...args], { cwd, env });
  return { code: r.code, out: r.output, seconds: r.seconds };
}

/**
 * Copies of the notebooks, siblings of notebooks/ (so their ../dist/lib/index import resolves as for the originals),
 * whose parameters cell starts `days` ago, as a user would edit it.
 */
function notebooksFor(days: number): NotebookCopies {
  const names = readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb'));
  return copyNotebooks(ROOT, names, {
    prefix: `.bench-notebooks-${days}d`,
    edit: (nb, name) => setNotebookParameter(nb, 'days_ago', days, name),
  });
}

/** What every run of one range shares. */
interface RangeContext {
  days: number;
  /** The range's notebook copies. */
  dir: string;
  /** The synced store the "store" side reads. */
  store: string;
  tmp: string;
  emulator: RunningEmulator;
  env: NodeJS.ProcessEnv;
  runs: number;
  log: (line: string) => void;
  headless: (args: readonly string[], what: string) => Promise<{ seconds: number; out: string }>;
}

/** Untimed: the notebooks' own queries by source sync (which also stores the directory, for names). */
async function syncStore(ctx: RangeContext, names: readonly string[]): Promise<void> {
  ctx.emulator.setFaults({});
  ctx.log(`notebooks ${ctx.days}d: syncing the store (untimed, --source sync)…`);
  let syncS = 0;
  for (const name of names) {
    const args = ['--notebook', name, '--source', 'sync', '--store', ctx.store, '--notebooks-dir', ctx.dir];
    const synced = await ctx.headless(
      [...args, '--out', path.join(ctx.tmp, `sync-${ctx.days}`)],
      `${name} --source sync`,
    );
    syncS += synced.seconds;
  }
  ctx.log(`  synced in ${syncS.toFixed(1)} s`);
}

/** One notebook's timed runs, sides alternating between runs, its compile time and whether the charts agree. */
async function measureNotebook(ctx: RangeContext, name: string): Promise<NotebookResult> {
  const { days, dir, tmp, emulator } = ctx;
  const id = name.slice(0, 2);
  const runs: Record<'api' | 'store', SideTiming[]> = { api: [], store: [] };
  const outs = { api: path.join(tmp, `api-${days}-${id}`), store: path.join(tmp, `store-${days}-${id}`) };
  for (let i = 0; i < ctx.runs; i++) {
    const order: ('api' | 'store')[] = i % 2 === 0 ? ['api', 'store'] : ['store', 'api'];
    for (const side of order) {
      const timings = path.join(tmp, `t-${days}-${id}-${side}.json`);
      const before = emulator.requests.length;
      const r = await ctx.headless(
        [
          '--notebook',
          id,
          '--source',
          side,
          ...(side === 'store' ? ['--store', ctx.store] : []),
          '--out',
          outs[side],
          '--jobs',
          '1',
          '--notebooks-dir',
          dir,
          '--timings',
          timings,
        ],
        `${name} --source ${side}`,
      );
      const t = (JSON.parse(readFileSync(timings, 'utf8')) as Record<string, NotebookTimings>)[name];
      if (t === undefined) throw new Error(`no timings for ${name}`);
      const cells = sourcesByIndex(readNotebook(path.join(dir, name)));
      const timing = sideTiming(r.seconds, t, cells, emulator.requests.length - before);
      runs[side].push(timing);
      ctx.log(
        `  ${days}d ${id} ${side.padEnd(5)} run ${i + 1}: ${timing.wallS.toFixed(2)} s ` +
          `(kernel ${timing.kernelS.toFixed(2)}, fetch/read cells ${timing.fetchCellsS.toFixed(2)}, ` +
          `other cells ${timing.otherCellsS.toFixed(2)}, ${timing.requests} requests)`,
      );
    }
    emulator.resetRequests();
  }
  const compile = await run([path.join(ROOT, 'bench', 'compile-cells.ts'), path.join(dir, name)], ctx.env, dir);
  const c = JSON.parse(compile.out.trim().split('\n').pop() ?? '{}') as { setupS?: number; cellsS?: number[] };
  const api = medianTiming(runs.api);
  const store = medianTiming(runs.store);
  const differ = chartsDiffer(path.join(outs.api, 'charts'), path.join(outs.store, 'charts'));
  for (const fig of differ) ctx.log(`  ${days}d ${id} chart ${fig} differs: ${firstDifference(outs, fig)}`);
  return {
    notebook: id,
    api,
    store,
    ratio: store.wallS / api.wallS,
    compileS: (c.setupS ?? NaN) + (c.cellsS ?? []).reduce((a, b) => a + b, 0),
    chartsDiffer: differ,
  };
}

/**
 * Runs every notebook headless with source "api" (emulator with `latencyMs`) and "store" (synced beforehand) for
 * each range, alternating the sides between runs, and returns the medians with a breakdown.
 */
export async function notebookBench(options: NotebookBenchOptions): Promise<RangeResult[]> {
  const log = options.log ?? ((line: string): void => console.log(line));
  const key = `sk-admin-bench-${randomBytes(12).toString('hex')}`;
  const now = Math.floor(Date.now() / 1000);
  const tmp = options.keep === undefined ? mkdtempSync(path.join(tmpdir(), 'nb-bench-')) : path.resolve(options.keep);
  mkdirSync(tmp, { recursive: true });
  const made: NotebookCopies[] = [];
  const emulator = await startEmulator({ port: 0, adminKeys: [key], now: () => now });
  const env = benchEnv(emulator, key, now);
  const headless = async (args: readonly string[], what: string): Promise<{ seconds: number; out: string }> => {
    const r = await run([path.join(ROOT, 'scripts', 'run-notebooks.ts'), ...args], env);
    if (r.code !== 0) throw new Error(`${what} failed (exit ${String(r.code)}):\n${r.out.slice(-3000)}`);
    return r;
  };
  const results: RangeResult[] = [];
  try {
    for (const days of options.days) {
      const copies = notebooksFor(days);
      made.push(copies);
      const all = readdirSync(copies.dir)
        .filter((f) => f.endsWith('.ipynb'))
        .sort();
      const names =
        options.notebooks === undefined ? all : all.filter((n) => options.notebooks?.some((p) => n.startsWith(p)));
      const ctx: RangeContext = {
        days,
        dir: copies.dir,
        store: path.join(tmp, `store-${days}d.duckdb`),
        tmp,
        emulator,
        env,
        runs: options.runs,
        log,
        headless,
      };
      await syncStore(ctx, names);
      emulator.setFaults({ latencyMs: options.latencyMs });
      const rows: NotebookResult[] = [];
      for (const name of names) rows.push(await measureNotebook(ctx, name));
      results.push({ days, notebooks: rows });
    }
  } finally {
    await emulator.close();
    for (const copies of made) copies.remove();
    if (options.keep === undefined) rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}

async function main(): Promise<void> {
  const o = new Command('bench-notebooks')
    .option('--days <list>', 'ranges in days (days_ago of the parameters cells)', '30,365')
    .option('--latency-ms <n>', 'latency of the emulator', '50')
    .option('--runs <n>', 'timed runs per side', '1')
    .option('--notebooks <list>', 'notebook prefixes, e.g. 01,03')
    .option('--keep <dir>', 'keep stores, executed notebooks, charts and timings in this folder')
    .parse()
    .opts<{ days: string; latencyMs: string; runs: string; notebooks?: string; keep?: string }>();
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid ${name}: ${v} (a whole number ≥ 1)`);
    return n;
  };
  const days = o.days.split(',').map((d) => int('--days', d.trim()));
  const latencyMs = Number(o.latencyMs);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`invalid --latency-ms: ${o.latencyMs} (≥ 0)`);
  const results = await notebookBench({
    days,
    latencyMs,
    runs: int('--runs', o.runs),
    ...(o.notebooks === undefined ? {} : { notebooks: o.notebooks.split(',').map((s) => s.trim()) }),
    ...(o.keep === undefined ? {} : { keep: o.keep }),
  });
  console.log(formatNotebookBench(results, latencyMs));
  for (const line of notebookRatioLines(results)) console.log(line);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
