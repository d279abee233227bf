/**
 * Interactive speed: what a person feels in JupyterLab. A warm kernel (started once, untimed) is driven through
 * jupyter_client as Lab drives it (bench/interactive-kernel.py): open the notebook and Run All, then `edits` times
 * edit the parameters cell (days_ago n → n-1 → n-2 …) and Run All again. Per notebook, per source (store: synced
 * beforehand by `npm run sync --since <max days + 2>d`, untimed; api: the emulator with injected latency), per
 * range; re-run figures are medians over the edits. The 1-minute load average is printed beside every row, and a
 * row is marked noisy when the load was above the machine's cores or the re-runs spread more than 1.5×.
 * `npm run bench:interactive -- [--days 30,365] [--notebooks 01,02] [--sources store,api] [--edits 3]
 *  [--latency-ms 50] [--compile]`
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { startEmulator, type RunningEmulator } from '../lib/emulator/index';
import { benchEnv } from './bench-env';
import { formatTable } from './format-table';
import { median } from '../lib/insights/index';
import { runChild } from '../tools/child-process';
import { codeCellSources, readNotebook } from '../tools/notebook-file';
import { editPythonAssignments, parameterSpan, withParameter } from '../tools/notebook-parameters';

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.venv');
/** Cells that fetch or read: the only cells whose work differs between the sources. */
const FETCHING = /connectNotebook\(|conn\.fetch\(|\.fetchAll\(|connectOrganizations\(/;

export type Source = 'store' | 'api';

export interface InteractiveOptions {
  days: readonly number[];
  notebooks?: readonly string[];
  sources: readonly Source[];
  /** Edits of the parameters cell, each followed by Run All (medians over these). */
  edits: number;
  /** @unit milliseconds */
  latencyMs: number;
  /** Also measure tslab's compile of each cell in a warm converter (bench/compile-cells.ts --warm). */
  compile: boolean;
  /** Also run the seed's cells (bench/seed-notebook.py) in an ipykernel against the emulator (api, latency). */
  seed?: boolean;
  log?: (line: string) => void;
  /**
   * A tree holding notebooks/ and the dist/ they import (another commit's build, for before/after on the same
   * machine at the same time). @default this repository
   */
  tree?: string;
}

/** One notebook, one source, one range. @unit seconds */
export interface InteractiveRow {
  notebook: string;
  source: Source;
  days: number;
  kernelStartS: number;
  /** Open + Run All, the first run in the warm kernel (tslab compiles the library's declarations then). */
  firstRunS: number;
  /** Median over the edits of the whole Run All. */
  rerunS: number;
  /** Fastest and slowest re-run (the spread). */
  rerunMinS: number;
  rerunMaxS: number;
  /** Median over the edits of the kernel's CPU time (user + system) for the whole Run All: stretched far less by load. */
  rerunCpuS: number;
  /** Median re-run of the cells that fetch or read. */
  dataCellsS: number;
  /** Median re-run of every other cell (compute, charts, tables, exports). */
  otherCellsS: number;
  /** Per code cell: median re-run seconds (wall and kernel CPU) and its first line. */
  cells: { seconds: number; cpuS: number; label: string; fetching: boolean }[];
  /** 1-minute load average before and after the row's runs. */
  load: [number, number];
  /** Cores other processes kept busy during the runs (undefined: not measured). */
  othersCores: number | undefined;
  noisy: string | undefined;
  errors: string[];
  /** tslab's compile of each code cell (converter apart from the kernel): first pass and warm passes. */
  compile?: CellCompile;
}

/** Seconds per code cell: the first pass, the warm passes' median, and its CPU time (steadier under load). */
interface CellCompile {
  cold: number[];
  warm: number[];
  warmCpu: number[];
}

interface KernelResult {
  kernel_start_s: number;
  runs: { cells: number[]; cpu?: number[]; errors: string[] }[];
  /** Over all the runs (`span_s`): CPU time of every process but the kernel and its driver (absent: unknown). */
  others_cpu_s?: number;
  span_s?: number;
}

/** Cores other processes kept busy on average while a kernel was measured, beyond the bench itself. */
const OTHERS_NOISY = 0.3;

/** The code cells with the first cell that assigns `days_ago` (the parameters cell) set to `days`. */
export function withDaysAgo(cells: readonly string[], days: number, name = 'notebook'): string[] {
  const at = cells.findIndex((c) => parameterSpan(c, 'days_ago') !== undefined);
  if (at < 0) throw new Error(`${name}: no days_ago in a parameters cell`);
  return cells.map((c, i) => (i === at ? withParameter(c, 'days_ago', days, name) : c));
}

/** The seed's cells set `days_ago = <n>` in every cell that queries (a user edits each of them). */
export function withSeedDaysAgo(cells: readonly string[], days: number): string[] {
  const edits = cells.map((c) => editPythonAssignments(c, 'days_ago', days));
  if (edits.every((e) => e.edited === 0)) throw new Error('seed: no days_ago = <n> line');
  return edits.map((e) => e.source);
}

/** `days`, then each edit one day shorter: the versions of the notebook Run All executes in turn. */
export function editPlan(
  cells: readonly string[],
  days: number,
  edits: number,
  name?: string,
  edit: (cells: readonly string[], days: number) => string[] = (c, d) => withDaysAgo(c, d, name),
): string[][] {
  return Array.from({ length: edits + 1 }, (_, i) => edit(cells, days - i));
}

/** The seed notebook's cells (bench/seed-notebook.py, "# %%" separated) and which belong to its two parts. */
export function seedCells(text: string): { cells: string[]; part: ('usage' | 'costs' | 'both')[] } {
  const cells: string[] = [];
  const part: ('usage' | 'costs' | 'both')[] = [];
  let current: 'usage' | 'costs' | undefined;
  let lines: string[] | undefined;
  const flush = (): void => {
    if (lines === undefined) return;
    cells.push(lines.join('\n').trim());
    // The imports and get_data serve both parts: counted in each.
    part.push(current === 'usage' && cells.length <= 2 ? 'both' : (current ?? 'usage'));
  };
  for (const line of text.split('\n')) {
    const marker = /^# %%\s*(usage|costs)?\s*$/.exec(line);
    if (marker === null) {
      lines?.push(line);
      continue;
    }
    flush();
    if (marker[1] === 'usage' || marker[1] === 'costs') current = marker[1];
    lines = [];
  }
  flush();
  return { cells, part };
}

/**
 * Why a row's figures should not be counted, or undefined. `othersCores`: cores other processes kept busy on average
 * during the runs. Known, it stands for the load after the runs, which counts the kernel under test itself (its
 * collector and I/O threads pass one core); unknown, the higher of the two loads is compared with the cores.
 */
export function noiseVerdict(
  load: readonly number[],
  reruns: readonly number[],
  cores: number,
  othersCores?: number,
): string | undefined {
  const reasons: string[] = [];
  const peak = othersCores === undefined ? Math.max(...load) : (load[0] ?? 0);
  if (peak > cores) reasons.push(`load ${peak.toFixed(2)} > ${cores} cores`);
  if (othersCores !== undefined && othersCores > OTHERS_NOISY)
    reasons.push(`other processes kept ${othersCores.toFixed(2)} cores busy`);
  if (reruns.length > 1) {
    const spread = Math.max(...reruns) / Math.max(1e-9, Math.min(...reruns));
    if (spread > 1.5) reasons.push(`re-runs spread ${spread.toFixed(1)}×`);
  }
  return reasons.length === 0 ? undefined : reasons.join(', ');
}

/** This process's CPU seconds since `start` (a `process.cpuUsage()`). */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function othersText(cores: number | undefined): string {
  return cores === undefined ? '' : `, others ${cores.toFixed(2)} cores`;
}

/** Cores other processes kept busy during a kernel's runs, less `benchCpuS` (this process: the emulator). */
export function othersCores(result: KernelResult, benchCpuS: number): number | undefined {
  if (result.others_cpu_s === undefined || result.span_s === undefined || !(result.span_s > 0)) return undefined;
  return Math.max(0, result.others_cpu_s - benchCpuS) / result.span_s;
}

async function run(
  cmd: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string = ROOT,
): Promise<{ code: number | null; out: string; err: string }> {
  const r = await runChild(cmd, args, { cwd, env });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

function kernelEnv(emulator: RunningEmulator, key: string, now: number, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...benchEnv(emulator, key, now, extra),
    JUPYTER_PATH: path.join(VENV, 'share', 'jupyter'),
    JUPYTER_PLATFORM_DIRS: '1',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

/** Runs the plan's versions in one warm kernel; throws with the kernel driver's output when it fails. */
export async function runInKernel(
  kernel: string,
  cwd: string,
  versions: readonly (readonly string[])[],
  env: NodeJS.ProcessEnv,
  tmp: string,
): Promise<KernelResult> {
  const plan = path.join(tmp, `plan-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(plan, JSON.stringify({ versions }));
  const python = path.join(VENV, 'bin', 'python');
  const driver = path.join(ROOT, 'bench', 'interactive-kernel.py');
  const r = await run(python, [driver, '--kernel', kernel, '--cwd', cwd, '--plan', plan], env);
  const last = r.out.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !last.startsWith('{')) {
    throw new Error(`kernel ${kernel} failed (exit ${String(r.code)}):\n${(r.out + r.err).slice(-3000)}`);
  }
  return JSON.parse(last) as KernelResult;
}

/** Per code cell compile seconds of tslab's converter: cold (first pass), warm (median of 3 more), warm CPU. */
export async function compileCells(file: string, env: NodeJS.ProcessEnv): Promise<CellCompile> {
  const r = await run(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'bench', 'compile-cells.ts'), file, '--warm'],
    env,
    path.dirname(file),
  );
  const c = JSON.parse(r.out.trim().split('\n').pop() ?? '{}') as {
    cellsS?: number[];
    warmCellsS?: number[];
    warmCellsCpuS?: number[];
  };
  return { cold: c.cellsS ?? [], warm: c.warmCellsS ?? [], warmCpu: c.warmCellsCpuS ?? [] };
}

export function summarizeKernel(
  result: KernelResult,
  cells: readonly string[],
  meta: {
    notebook: string;
    source: Source;
    days: number;
    load: [number, number];
    cores: number;
    /** This process's CPU time while the kernel ran (the emulator answering it). @unit s */
    benchCpuS?: number;
  },
): InteractiveRow {
  const [first, ...edits] = result.runs;
  const errors = result.runs.flatMap((r, i) => r.errors.map((e) => `run ${i}: ${e}`));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const reruns = edits.map((r) => sum(r.cells));
  const fetching = cells.map((c) => FETCHING.test(c));
  const part = (want: boolean): number =>
    edits.length === 0 ? NaN : median(edits.map((r) => sum(r.cells.filter((_, i) => fetching[i] === want))));
  return {
    notebook: meta.notebook,
    source: meta.source,
    days: meta.days,
    kernelStartS: result.kernel_start_s,
    firstRunS: first === undefined ? NaN : sum(first.cells),
    rerunS: reruns.length === 0 ? NaN : median(reruns),
    rerunCpuS: edits.length === 0 ? NaN : median(edits.map((r) => sum(r.cpu ?? [NaN]))),
    rerunMinS: Math.min(...reruns),
    rerunMaxS: Math.max(...reruns),
    dataCellsS: part(true),
    otherCellsS: part(false),
    cells: cells.map((c, i) => ({
      seconds: edits.length === 0 ? NaN : median(edits.map((r) => r.cells[i] ?? NaN)),
      cpuS: edits.length === 0 ? NaN : median(edits.map((r) => r.cpu?.[i] ?? NaN)),
      label: (c.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('//')) ?? '').trim().slice(0, 60),
      fetching: fetching[i] ?? false,
    })),
    load: meta.load,
    othersCores: othersCores(result, meta.benchCpuS ?? 0),
    noisy:
      errors.length > 0
        ? 'errors'
        : noiseVerdict(meta.load, reruns, meta.cores, othersCores(result, meta.benchCpuS ?? 0)),
    errors,
  };
}

/** The seed's re-run (median over the edits) of its usage part (≈ notebook 01) and costs part (≈ 02). @unit s */
export interface SeedRow {
  days: number;
  usageS: number;
  costsS: number;
  /** The same parts' kernel CPU time. */
  usageCpuS: number;
  costsCpuS: number;
  load: [number, number];
  /** Cores other processes kept busy during the runs (undefined: not measured). */
  othersCores: number | undefined;
  noisy: string | undefined;
  errors: string[];
}

/**
 * Waits (at most 2 minutes) for the 1-minute load average to fall to half the cores: the untimed sync just kept every
 * core busy, and the load it leaves would mark the first runs noisy though nothing else runs.
 */
async function settle(cores: number, log: (line: string) => void): Promise<void> {
  const quiet = cores / 2;
  const start = loadavg()[0] ?? 0;
  if (start <= quiet) return;
  const t0 = performance.now();
  while ((loadavg()[0] ?? 0) > quiet && performance.now() - t0 < 120_000) {
    await new Promise((resume) => setTimeout(resume, 2000));
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  log(
    `  load ${start.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)} after waiting ${seconds} s for the sync's load to pass`,
  );
}

export async function interactiveBench(
  options: InteractiveOptions,
): Promise<{ rows: InteractiveRow[]; seed: SeedRow[] }> {
  const log = options.log ?? ((line: string): void => console.log(line));
  const cores = availableParallelism();
  const key = `sk-admin-bench-${randomBytes(12).toString('hex')}`;
  const now = Math.floor(Date.now() / 1000);
  const tmp = mkdtempSync(path.join(tmpdir(), 'interactive-bench-'));
  const emulator = await startEmulator({ port: 0, adminKeys: [key], now: () => now });
  const rows: InteractiveRow[] = [];
  const seed: SeedRow[] = [];
  const NOTEBOOKS = path.join(options.tree ?? ROOT, 'notebooks');
  try {
    const store = path.join(tmp, 'usage.duckdb');
    const since = Math.max(...options.days) + 2;
    if (options.sources.includes('store')) {
      log(`interactive: npm run sync --since ${since}d into a fresh store (untimed)…`);
      const t0 = performance.now();
      const env = kernelEnv(emulator, key, now, {});
      const synced = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'scripts', 'sync.ts'),
          '--store',
          store,
          '--since',
          `${since}d`,
          '--now',
          String(now),
          '--quiet',
        ],
        env,
      );
      if (synced.code !== 0) throw new Error(`sync failed:\n${(synced.out + synced.err).slice(-3000)}`);
      log(`  synced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await settle(cores, log);
    }
    const names = readdirSync(NOTEBOOKS)
      .filter((f) => /^\d\d.*\.ipynb$/.test(f))
      .filter((f) => options.notebooks === undefined || options.notebooks.some((p) => f.startsWith(p)))
      .sort();
    for (const days of options.days) {
      for (const name of names) {
        const cells = codeCellSources(readNotebook(path.join(NOTEBOOKS, name)));
        const versions = editPlan(cells, days, options.edits, name);
        const compile = options.compile ? await compileCells(path.join(NOTEBOOKS, name), process.env) : undefined;
        for (const source of options.sources) {
          emulator.setFaults(source === 'api' ? { latencyMs: options.latencyMs } : {});
          const env = kernelEnv(emulator, key, now, {
            USAGE_SOURCE: source,
            OUT_DIR: path.join(tmp, `out-${name.slice(0, 2)}-${source}-${days}`),
            ...(source === 'store' ? { USAGE_STORE_URL: store } : {}),
          });
          const before = loadavg()[0] ?? 0;
          const benchCpu = process.cpuUsage();
          const result = await runInKernel('tslab', NOTEBOOKS, versions, env, tmp);
          const row = summarizeKernel(result, cells, {
            notebook: name.slice(0, 2),
            source,
            days,
            load: [before, loadavg()[0] ?? 0],
            cores,
            benchCpuS: cpuSecondsSince(benchCpu),
          });
          if (compile !== undefined) row.compile = compile;
          rows.push(row);
          log(
            `  ${days}d ${row.notebook} ${source.padEnd(5)}: first ${row.firstRunS.toFixed(2)} s, re-run ${row.rerunS.toFixed(2)} s, CPU ${row.rerunCpuS.toFixed(2)} s ` +
              `(data cells ${row.dataCellsS.toFixed(2)}, other ${row.otherCellsS.toFixed(2)}), load ${row.load.map((l) => l.toFixed(2)).join('→')}` +
              othersText(row.othersCores) +
              (row.noisy === undefined ? '' : ` NOISY: ${row.noisy}`),
          );
          for (const e of row.errors) log(`    ERROR ${e}`);
        }
      }
      if (options.seed === true) {
        const { cells, part } = seedCells(readFileSync(path.join(ROOT, 'bench', 'seed-notebook.py'), 'utf8'));
        emulator.setFaults({ latencyMs: options.latencyMs });
        const env = kernelEnv(emulator, key, now, {});
        const before = loadavg()[0] ?? 0;
        const benchCpu = process.cpuUsage();
        const result = await runInKernel(
          'python3',
          tmp,
          editPlan(cells, days, options.edits, 'seed', withSeedDaysAgo),
          env,
          tmp,
        );
        const load: [number, number] = [before, loadavg()[0] ?? 0];
        const others = othersCores(result, cpuSecondsSince(benchCpu));
        const edits = result.runs.slice(1);
        const inPart = (want: 'usage' | 'costs', times: readonly number[]): number =>
          times.reduce((a, t, i) => a + (part[i] === want || part[i] === 'both' ? t : 0), 0);
        const partS = (want: 'usage' | 'costs'): number => median(edits.map((r) => inPart(want, r.cells)));
        const partCpuS = (want: 'usage' | 'costs'): number => median(edits.map((r) => inPart(want, r.cpu ?? [NaN])));
        const errors = result.runs.flatMap((r, i) => r.errors.map((e) => `run ${i}: ${e}`));
        const totals = edits.map((r) => r.cells.reduce((a, b) => a + b, 0));
        const row: SeedRow = {
          days,
          usageS: partS('usage'),
          costsS: partS('costs'),
          usageCpuS: partCpuS('usage'),
          costsCpuS: partCpuS('costs'),
          load,
          othersCores: others,
          noisy: errors.length > 0 ? 'errors' : noiseVerdict(load, totals, cores, others),
          errors,
        };
        seed.push(row);
        log(
          `  ${days}d seed (ipykernel, api): usage part ${row.usageS.toFixed(2)} s, costs part ${row.costsS.toFixed(2)} s, load ${load.map((l) => l.toFixed(2)).join('→')}${othersText(others)}${row.noisy === undefined ? '' : ` NOISY: ${row.noisy}`}`,
        );
        for (const e of errors) log(`    ERROR ${e}`);
      }
    }
  } finally {
    await emulator.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  return { rows, seed };
}

/** `interactive ours/seed (<days>d): 01=<r> 02=<r>`: our api re-run over the seed's matching part (goal ≤ 0.5). */
export function seedRatioLines(rows: readonly InteractiveRow[], seed: readonly SeedRow[]): string[] {
  return seed.map((s) => {
    const ours = (nb: string): InteractiveRow | undefined =>
      rows.find((r) => r.notebook === nb && r.days === s.days && r.source === 'api');
    const r = (nb: string, base: number, cpu: boolean): string => {
      const o = ours(nb);
      return o === undefined ? 'n/a' : ((cpu ? o.rerunCpuS : o.rerunS) / base).toFixed(2);
    };
    return (
      `interactive ours/seed (${s.days}d, api, re-run after an edit): 01=${r('01', s.usageS, false)} 02=${r('02', s.costsS, false)} ` +
      `(kernel CPU: 01=${r('01', s.usageCpuS, true)} 02=${r('02', s.costsCpuS, true)}; seed usage part ${s.usageS.toFixed(2)} s / ${s.usageCpuS.toFixed(2)} s CPU, ` +
      `costs part ${s.costsS.toFixed(2)} s / ${s.costsCpuS.toFixed(2)} s CPU; 03 and 04 have no seed counterpart)`
    );
  });
}

export function formatInteractive(rows: readonly InteractiveRow[], cores: number): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '-');
  const table = formatTable(
    [
      'notebook',
      'days',
      'source',
      'first Run All s',
      're-run s (min–max)',
      're-run CPU s',
      'data cells s',
      'other cells s',
      'slowest other cell',
      'load 1m',
      'others, cores',
      'noise',
    ],
    rows.map((r) => {
      const slow = r.cells.filter((c) => !c.fetching).sort((a, b) => b.seconds - a.seconds)[0];
      return [
        r.notebook,
        String(r.days),
        r.source,
        f(r.firstRunS),
        `${f(r.rerunS)} (${f(r.rerunMinS)}–${f(r.rerunMaxS)})`,
        f(r.rerunCpuS),
        f(r.dataCellsS),
        f(r.otherCellsS),
        slow === undefined ? '-' : `${f(slow.seconds)} ${slow.label.slice(0, 28)}`,
        r.load.map((l) => l.toFixed(2)).join('→'),
        r.othersCores === undefined ? '-' : r.othersCores.toFixed(2),
        r.noisy ?? 'ok',
      ];
    }),
  );
  return `Interactive (warm kernel, edit days_ago and Run All; medians of the re-runs; ${cores} cores):\n${table}`;
}

export function formatCells(rows: readonly InteractiveRow[]): string {
  const lines: string[] = [];
  for (const r of rows) {
    lines.push(`per cell, ${r.notebook} ${r.source} ${r.days}d (median re-run s):`);
    r.cells.forEach((c, i) => {
      const compile =
        r.compile === undefined
          ? ''
          : ` (compile warm ${(r.compile.warm[i] ?? NaN).toFixed(3)}, CPU ${(r.compile.warmCpu[i] ?? NaN).toFixed(3)})`;
      lines.push(
        `  [${i + 1}] ${c.seconds.toFixed(3)} (CPU ${c.cpuS.toFixed(2)})${compile}${c.fetching ? ' data' : ''}  ${c.label}`,
      );
    });
    if (r.compile !== undefined) {
      const total = (xs: readonly number[]): string => xs.reduce((a, b) => a + b, 0).toFixed(2);
      lines.push(
        `  tslab compile, all cells: first pass ${total(r.compile.cold)} s, warm ${total(r.compile.warm)} s ` +
          `(CPU ${total(r.compile.warmCpu)} s)`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = new Command('bench-interactive')
    .option('--days <list>', 'ranges in days (days_ago of the parameters cells)', '30,365')
    .option('--notebooks <list>', 'notebook prefixes, e.g. 01,03')
    .option('--sources <list>', 'store,api', 'store,api')
    .option('--edits <n>', 'edits of the parameters cell, each followed by Run All', '3')
    .option('--latency-ms <n>', 'latency of the emulator for source api', '50')
    .option('--cells', 'print every cell’s median re-run time', false)
    .option('--compile', 'measure tslab’s compile of each cell, cold and warm', false)
    .option('--no-seed', 'skip the seed notebook’s cells in an ipykernel')
    .option('--tree <dir>', 'run the notebooks/ (and dist/) of this tree instead, e.g. an older commit built apart')
    .parse()
    .opts<{
      days: string;
      notebooks?: string;
      sources: string;
      edits: string;
      latencyMs: string;
      cells: boolean;
      compile: boolean;
      seed: boolean;
      tree?: string;
    }>();
  const int = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`invalid ${name}: ${v} (a whole number ≥ ${min})`);
    return n;
  };
  const sources = o.sources.split(',').map((s) => {
    if (s !== 'store' && s !== 'api') throw new Error(`invalid --sources: ${s} (store or api)`);
    return s;
  });
  const { rows, seed } = await interactiveBench({
    days: o.days.split(',').map((d) => int('--days', d.trim(), 4)),
    sources,
    seed: o.seed,
    ...(o.tree === undefined ? {} : { tree: path.resolve(o.tree) }),
    edits: int('--edits', o.edits, 1),
    latencyMs: int('--latency-ms', o.latencyMs, 0),
    compile: o.compile,
    ...(o.notebooks === undefined ? {} : { notebooks: o.notebooks.split(',').map((s) => s.trim()) }),
  });
  console.log(formatInteractive(rows, availableParallelism()));
  for (const line of seedRatioLines(rows, seed)) console.log(line);
  if (o.cells) console.log(formatCells(rows));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
