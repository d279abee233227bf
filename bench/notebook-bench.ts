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
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { startEmulator, type RunningEmulator } from '../lib/emulator/index';
import { formatTable } from './format-table';
import { median } from './stats';
import { runChild } from '../tools/child-process';
import { figureDifference } from '../tools/same-figure';

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

/** One side's run of one notebook. @unit seconds, except requests */
export interface SideTiming {
  /** Wall time of the whole headless run (`npm start -- --notebook NN --source X`). */
  wallS: number;
  /** npm start around the notebook: tsx, setup check, Python start, report and secret scan. */
  runnerS: number;
  /** Kernel start until it answered (nbclient). */
  kernelS: number;
  /** Code cells that fetch or read (connectNotebook, conn.fetch), compile included. */
  fetchCellsS: number;
  /** Every other code cell (imports, frames, charts, display, exports), compile included. */
  otherCellsS: number;
  /** Requests the emulator received during the run. */
  requests: number;
}

export interface NotebookResult {
  notebook: string;
  api: SideTiming;
  store: SideTiming;
  /** store wall / api wall (medians). */
  ratio: number;
  /** tslab compile of the notebook's cells, measured apart (converter setup + every cell). @unit seconds */
  compileS: number;
  /** Figure JSON of both runs equal (floats to 12 digits); else the differing figure ids. */
  chartsDiffer: string[];
}

export interface RangeResult {
  days: number;
  notebooks: NotebookResult[];
}

interface CellTiming {
  index: number;
  seconds: number;
}
interface NotebookTimings {
  seconds: number;
  kernel_start_s: number | null;
  cells: CellTiming[];
}

async function run(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string = ROOT,
): Promise<{ code: number | null; out: string; seconds: number }> {
  const r = await runChild(process.execPath, ['--import', 'tsx', ...args], { cwd, env });
  return { code: r.code, out: r.output, seconds: r.seconds };
}

/** The kernels' environment: the emulator as "live" API, a pinned "now", nothing inherited that changes the run. */
function runEnv(emulator: RunningEmulator, key: string, now: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['OPENAI_ADMIN_KEY', 'OPENAI_BASE_URL', 'USAGE_NOW', 'OUT_DIR', 'USAGE_SOURCE', 'USAGE_STORE_URL'])
    delete env[name];
  return { ...env, TZ: 'UTC', OPENAI_ADMIN_KEY: key, OPENAI_BASE_URL: emulator.baseURL, USAGE_NOW: String(now) };
}

/** Copies of the notebooks whose parameters cell starts `days` ago (the first `days_ago:` of that cell). */
function notebooksFor(days: number, dir: string): void {
  for (const name of readdirSync(path.join(ROOT, 'notebooks')).filter((f) => f.endsWith('.ipynb'))) {
    const nb = JSON.parse(readFileSync(path.join(ROOT, 'notebooks', name), 'utf8')) as {
      cells: { cell_type: string; source: string[] | string; metadata?: { tags?: string[] } }[];
    };
    const cell = nb.cells.find((c) => c.cell_type === 'code' && (c.metadata?.tags ?? []).includes('parameters'));
    if (cell === undefined) throw new Error(`${name}: no parameters cell`);
    const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    const edited = src.replace(/days_ago: \d+,/, `days_ago: ${days},`);
    if (edited === src && !src.includes(`days_ago: ${days},`)) throw new Error(`${name}: no days_ago in parameters`);
    cell.source = edited;
    writeFileSync(path.join(dir, name), JSON.stringify(nb));
  }
}

const FETCHING = /connectNotebook\(|conn\.fetch\(|\.fetchAll\(/;

function sideTiming(wallS: number, timings: NotebookTimings, cells: readonly string[], requests: number): SideTiming {
  let fetchCellsS = 0;
  let otherCellsS = 0;
  // nbclient's index counts markdown cells too: map it to the code cell's source.
  for (const c of timings.cells) {
    const src = c.index < cells.length ? cells[c.index] : undefined;
    if (src !== undefined && FETCHING.test(src)) fetchCellsS += c.seconds;
    else otherCellsS += c.seconds;
  }
  return {
    wallS,
    runnerS: wallS - timings.seconds,
    kernelS: timings.kernel_start_s ?? 0,
    fetchCellsS,
    otherCellsS,
    requests,
  };
}

function figureJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** The charts whose figure JSON differs between two runs (numbers compared to 1e-9 relative), or one side lacks. */
function chartsDiffer(a: string, b: string): string[] {
  const list = (d: string): string[] =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
  const left = list(a);
  const right = list(b);
  const ids = [...new Set([...left, ...right])];
  return ids
    .filter(
      (f) =>
        !left.includes(f) ||
        !right.includes(f) ||
        figureDifference(figureJson(path.join(a, f)), figureJson(path.join(b, f))) !== undefined,
    )
    .map((f) => f.slice(0, -5));
}

/** Where two runs' figure JSON first differ (or which side lacks the figure). */
function firstDifference(outs: { api: string; store: string }, fig: string): string {
  const file = (dir: string): string => path.join(dir, 'charts', `${fig}.json`);
  if (!existsSync(file(outs.api)) || !existsSync(file(outs.store))) return 'only one side has it';
  return figureDifference(figureJson(file(outs.api)), figureJson(file(outs.store)), 'api vs store') ?? 'none';
}

function medianTiming(runs: readonly SideTiming[]): SideTiming {
  const m = (k: keyof SideTiming): number => median(runs.map((r) => r[k]));
  return {
    wallS: m('wallS'),
    runnerS: m('runnerS'),
    kernelS: m('kernelS'),
    fetchCellsS: m('fetchCellsS'),
    otherCellsS: m('otherCellsS'),
    requests: m('requests'),
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
  // A sibling of notebooks/, so the copies' ../dist/lib/index import resolves as for the originals.
  const copies = `.bench-notebooks-${randomBytes(4).toString('hex')}`;
  const made: string[] = [];
  const emulator = await startEmulator({ port: 0, adminKeys: [key], now: () => now });
  const env = runEnv(emulator, key, now);
  const headless = async (args: readonly string[], what: string): Promise<{ seconds: number; out: string }> => {
    const r = await run([path.join(ROOT, 'scripts', 'run-notebooks.ts'), ...args], env);
    if (r.code !== 0) throw new Error(`${what} failed (exit ${String(r.code)}):\n${r.out.slice(-3000)}`);
    return r;
  };
  const results: RangeResult[] = [];
  try {
    for (const days of options.days) {
      const dir = path.join(ROOT, `${copies}-${days}d`);
      mkdirSync(dir);
      made.push(dir);
      notebooksFor(days, dir);
      const all = readdirSync(dir)
        .filter((f) => f.endsWith('.ipynb'))
        .sort();
      const names =
        options.notebooks === undefined ? all : all.filter((n) => options.notebooks?.some((p) => n.startsWith(p)));
      const store = path.join(tmp, `store-${days}d.duckdb`);
      // Untimed: the notebooks' own queries by source sync (which also stores the directory, for names).
      emulator.setFaults({});
      log(`notebooks ${days}d: syncing the store (untimed, --source sync)…`);
      let syncS = 0;
      for (const name of names) {
        const args = ['--notebook', name, '--source', 'sync', '--store', store, '--notebooks-dir', dir];
        const synced = await headless([...args, '--out', path.join(tmp, `sync-${days}`)], `${name} --source sync`);
        syncS += synced.seconds;
      }
      log(`  synced in ${syncS.toFixed(1)} s`);
      emulator.setFaults({ latencyMs: options.latencyMs });
      const rows: NotebookResult[] = [];
      for (const name of names) {
        const id = name.slice(0, 2);
        const runs: Record<'api' | 'store', SideTiming[]> = { api: [], store: [] };
        const outs = { api: path.join(tmp, `api-${days}-${id}`), store: path.join(tmp, `store-${days}-${id}`) };
        for (let i = 0; i < options.runs; i++) {
          const order: ('api' | 'store')[] = i % 2 === 0 ? ['api', 'store'] : ['store', 'api'];
          for (const side of order) {
            const timings = path.join(tmp, `t-${days}-${id}-${side}.json`);
            const before = emulator.requests.length;
            const r = await headless(
              [
                '--notebook',
                id,
                '--source',
                side,
                ...(side === 'store' ? ['--store', store] : []),
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
            const timing = sideTiming(
              r.seconds,
              t,
              indexCells(path.join(dir, name)),
              emulator.requests.length - before,
            );
            runs[side].push(timing);
            log(
              `  ${days}d ${id} ${side.padEnd(5)} run ${i + 1}: ${timing.wallS.toFixed(2)} s ` +
                `(kernel ${timing.kernelS.toFixed(2)}, fetch/read cells ${timing.fetchCellsS.toFixed(2)}, ` +
                `other cells ${timing.otherCellsS.toFixed(2)}, ${timing.requests} requests)`,
            );
          }
          emulator.resetRequests();
        }
        const compile = await run([path.join(ROOT, 'bench', 'compile-cells.ts'), path.join(dir, name)], env, dir);
        const c = JSON.parse(compile.out.trim().split('\n').pop() ?? '{}') as { setupS?: number; cellsS?: number[] };
        const api = medianTiming(runs.api);
        const storeT = medianTiming(runs.store);
        const differ = chartsDiffer(path.join(outs.api, 'charts'), path.join(outs.store, 'charts'));
        for (const fig of differ) log(`  ${days}d ${id} chart ${fig} differs: ${firstDifference(outs, fig)}`);
        rows.push({
          notebook: id,
          api,
          store: storeT,
          ratio: storeT.wallS / api.wallS,
          compileS: (c.setupS ?? NaN) + (c.cellsS ?? []).reduce((a, b) => a + b, 0),
          chartsDiffer: differ,
        });
      }
      results.push({ days, notebooks: rows });
    }
  } finally {
    await emulator.close();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    if (options.keep === undefined) rmSync(tmp, { recursive: true, force: true });
  }
  return results;
}

/** Sources by nbclient cell index (markdown cells included, as its index counts them). */
function indexCells(file: string): string[] {
  const nb = JSON.parse(readFileSync(file, 'utf8')) as { cells: { cell_type: string; source: string[] | string }[] };
  return nb.cells.map((c) => (c.cell_type === 'code' ? (Array.isArray(c.source) ? c.source.join('') : c.source) : ''));
}

/** The per-notebook table of one range, and the summary line. */
export function formatNotebookBench(results: readonly RangeResult[], latencyMs: number): string {
  const f = (x: number): string => x.toFixed(2);
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `Notebooks end to end, ${r.days} days (npm start -- --notebook NN; api: emulator with ${latencyMs} ms latency):`,
    );
    const rows = r.notebooks.flatMap((n) => [
      [
        `${n.notebook} api`,
        f(n.api.wallS),
        f(n.api.runnerS),
        f(n.api.kernelS),
        f(n.api.fetchCellsS),
        f(n.api.otherCellsS),
        String(n.api.requests),
        '',
        f(n.compileS),
      ],
      [
        `${n.notebook} store`,
        f(n.store.wallS),
        f(n.store.runnerS),
        f(n.store.kernelS),
        f(n.store.fetchCellsS),
        f(n.store.otherCellsS),
        String(n.store.requests),
        `${(1 / n.ratio).toFixed(2)}x`,
        n.chartsDiffer.length === 0 ? 'charts same' : `differ: ${n.chartsDiffer.join(',')}`,
      ],
    ]);
    lines.push(
      formatTable(
        [
          'notebook',
          'wall s',
          'runner s',
          'kernel s',
          'fetch/read cells s',
          'other cells s',
          'requests',
          'api/store',
          'compile s / charts',
        ],
        rows,
      ),
    );
    lines.push('');
  }
  return lines.join('\n');
}

/** `notebooks store/api (<days>d): 01=<x> 02=<x> …` per range: store wall time over api wall time (< 0.1 meets 10x). */
export function notebookRatioLines(results: readonly RangeResult[]): string[] {
  return results.map(
    (r) =>
      `notebooks store/api (${r.days}d): ${r.notebooks.map((n) => `${n.notebook}=${n.ratio.toFixed(2)}`).join(' ')}`,
  );
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
