/**
 * Benchmark: the seed's pipeline (bench/seed_pipeline.py: requests + pandas + matplotlib) against ours
 * (lib: concurrent fetchAll, typed tables, plotly figures, writeExports) on the same emulator and data.
 * `npm run bench -- [--runs 3] [--days 90] [--rows 1000000] [--latency-ms 50] [--concurrency 4] [--quick]`
 * Prints the pipeline table, the store's table and `store: duckdb=<rows/s> postgres=<rows/s> file=<MB>
 * aggregation=<x> second-sync=<%> (requests a/b)`, and `bench ratios: fetch=<r> frames=<r> e2e=<r> rss=<r>` (ours /
 * baseline, medians) as the last line, after the notebooks' lines `notebooks store/api (<days>d): 01=<r> …` (store
 * / api wall time; ≤ 0.10 is 10× faster), then the interactive table (warm kernel, edit, Run All; with load averages).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { startEmulator, type DatasetOptions } from '../lib/emulator/index';
import { formatTable } from './format-table';
import { formatInteractive, interactiveBench, seedRatioLines } from './interactive-bench';
import { notebookBench } from './notebook-bench';
import { formatNotebookBench, notebookRatioLines } from './notebook-table';
import { runScenario, type Scenario, type ScenarioRuns } from './run-scenario';
import { ratio } from './stats';
import { runStoreBench, storeBenchLine, storeBenchTable } from './store-bench';
import { summarize } from './summarize';

interface Options {
  runs: number;
  days: number;
  rows: number;
  latencyMs: number;
  concurrency: number;
  quick: boolean;
}

/** Commander parser of an integer option >= `min`; fails early with `invalid <name>: <value>`. */
function intOption(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`invalid ${name}: ${value}`);
    return n;
  };
}

const program = new Command('bench')
  .option('--runs <n>', 'timed runs per side (medians)', intOption('runs', 1))
  .option('--days <n>', 'days of 1h buckets for the fetch/e2e and frames stages', intOption('days', 1))
  .option('--rows <n>', 'target result rows of the frames stage', intOption('rows', 1))
  .option('--latency-ms <n>', 'injected per-request latency of the fetch stages', intOption('latency-ms', 0), 50)
  .option(
    '--concurrency <n>',
    'requests in flight for our fetchAll (library default 4)',
    intOption('concurrency', 1),
    4,
  )
  .option('--quick', 'small sizes and one run, for a smoke check', false);

function resolveOptions(raw: Record<string, unknown>): Options {
  const quick = raw['quick'] === true;
  const num = (name: string, full: number, small: number): number => {
    const v = raw[name];
    return typeof v === 'number' ? v : quick ? small : full;
  };
  return {
    quick,
    runs: num('runs', 3, 1),
    days: num('days', 90, 7),
    rows: num('rows', 1_000_000, 50_000),
    latencyMs: num('latencyMs', 50, 50),
    concurrency: num('concurrency', 4, 4),
  };
}

async function main(): Promise<void> {
  const o = resolveOptions(program.parse().opts());
  const repo = resolve(__dirname, '..');
  const cmd = {
    repo,
    python: join(repo, '.venv', 'bin', 'python'),
    anchor: join(repo, 'bench', 'seed_pipeline.py'),
  };
  for (const p of [cmd.python, cmd.anchor])
    if (!existsSync(p)) throw new Error(`missing ${p} (run npm run setup for .venv)`);
  const key = `sk-admin-bench-${randomBytes(12).toString('hex')}`;
  const now = Math.floor(Date.now() / 1000);
  const log = (line: string): void => console.log(line);
  const minuteDays = o.quick ? 1 : 7;
  // Measured with 200 users and 200 keys: ~0.578 result rows per stream-hour grouped by the four dimensions
  // (827 streams -> 1.03M rows in 90 days); fewer users/keys saturate the distinct combinations.
  const bigOrg: DatasetOptions = {
    users: 200,
    apiKeys: 200,
    streams: Math.max(1, Math.min(100_000, Math.round(o.rows / (0.578 * 24 * o.days)))),
  };
  const base = { now, concurrency: o.concurrency, runs: o.runs, key, cmd };
  log(
    `bench: runs=${o.runs} days=${o.days} rows≈${o.rows} latency=${o.latencyMs}ms concurrency=${o.concurrency}; ` +
      `"now" pinned to ${new Date(now * 1000).toISOString()} for the emulator and both sides.`,
  );

  const mp = ['model', 'project_id'];
  // Headline fetch: the baseline pages with the API's default page size for the width (1h: 24, 1m: 60), which is
  // what gives big organizations hundreds of pages; the "max page" rows give the baseline the API maximum instead.
  const fetchHour: Scenario = {
    name: `fetch+e2e ${o.days}d x 1h by model,project_id`,
    days: o.days,
    bucketWidth: '1h',
    limit: 24,
    groupBy: mp,
    charts: true,
    latencyMs: o.latencyMs,
  };
  const fetchMinute: Scenario = {
    name: `fetch ${minuteDays}d x 1m by model,project_id`,
    days: minuteDays,
    bucketWidth: '1m',
    limit: 60,
    groupBy: mp,
    charts: false,
    latencyMs: o.latencyMs,
  };
  const hourMax: Scenario = {
    ...fetchHour,
    name: `fetch ${o.days}d x 1h, baseline max page 168`,
    limit: 168,
    charts: false,
    warm: false,
  };
  const minuteMax: Scenario = {
    ...fetchMinute,
    name: `fetch ${minuteDays}d x 1m, baseline max page 1440`,
    limit: 1440,
    warm: false,
  };
  const frames: Scenario = {
    name: `frames ${o.days}d x 1h by model,project_id,user_id,api_key_id`,
    days: o.days,
    bucketWidth: '1h',
    limit: 168,
    groupBy: ['model', 'project_id', 'user_id', 'api_key_id'],
    charts: false,
    latencyMs: 0,
  };

  const withEmulator = async (dataset: DatasetOptions, scenarios: Scenario[]): Promise<ScenarioRuns[]> => {
    const emulator = await startEmulator({ adminKeys: [key], now: () => now, dataset });
    try {
      const out: ScenarioRuns[] = [];
      for (const s of scenarios) out.push(await runScenario(s, emulator, base, log));
      return out;
    } finally {
      await emulator.close();
    }
  };
  const [hour, minute, hourM, minuteM] = await withEmulator({}, [fetchHour, fetchMinute, hourMax, minuteMax]);
  const [big] = await withEmulator(bigOrg, [frames]);
  if (hour === undefined || minute === undefined || hourM === undefined || minuteM === undefined || big === undefined) {
    throw new Error('a scenario did not run');
  }

  const h = { b: summarize(hour, 'baseline'), o: summarize(hour, 'ours') };
  const m = { b: summarize(minute, 'baseline'), o: summarize(minute, 'ours') };
  const hm = { b: summarize(hourM, 'baseline'), o: summarize(hourM, 'ours') };
  const mm = { b: summarize(minuteM, 'baseline'), o: summarize(minuteM, 'ours') };
  const f = { b: summarize(big, 'baseline'), o: summarize(big, 'ours') };
  const s3 = (x: number): string => x.toFixed(3);
  const row = (label: string, b: number, ours: number, fmt: (x: number) => string = s3): string[] => [
    label,
    fmt(b),
    fmt(ours),
    ratio(ours, b),
  ];
  const rows: string[][] = [
    row(`fetch  ${o.days}d 1h (4 queries, ${o.latencyMs} ms latency, page 24), s`, h.b.fetchS, h.o.fetchS),
    row('       requests', h.b.requests, h.o.requests, String),
    row('       emulator CPU per run, s', h.b.serverCpuS, h.o.serverCpuS),
    row(`fetch  ${minuteDays}d 1m (4 queries, ${o.latencyMs} ms latency, page 60), s`, m.b.fetchS, m.o.fetchS),
    row('       requests', m.b.requests, m.o.requests, String),
    row('       emulator CPU per run, s', m.b.serverCpuS, m.o.serverCpuS),
    row('fetch  both workloads, s', h.b.fetchS + m.b.fetchS, h.o.fetchS + m.o.fetchS),
    row(`fetch  ${o.days}d 1h, baseline max page 168, s`, hm.b.fetchS, hm.o.fetchS),
    row('       requests', hm.b.requests, hm.o.requests, String),
    row(`fetch  ${minuteDays}d 1m, baseline max page 1440, s`, mm.b.fetchS, mm.o.fetchS),
    row('       requests', mm.b.requests, mm.o.requests, String),
    row('fetch  both workloads, baseline max page, s', hm.b.fetchS + mm.b.fetchS, hm.o.fetchS + mm.o.fetchS),
    row(
      `frames ${big.runs.baseline[0]?.result.rows['grouped'] ?? 0} grouped rows (JSON -> frames + aggregations), s`,
      f.b.framesS,
      f.o.framesS,
    ),
    row('       peak RSS (fetch + frames), MB', f.b.rssMb, f.o.rssMb, (x) => x.toFixed(0)),
    row(`e2e    ${o.days}d 1h: fetch + frames + charts (+ export), s`, h.b.e2eS, h.o.e2eS),
    row('       of which charts (+ export), s', h.b.chartsS, h.o.chartsS),
    row('       peak RSS, MB', h.b.rssMb, h.o.rssMb, (x) => x.toFixed(0)),
  ];
  log('');
  log(
    `Medians of ${o.runs} run(s) per side, alternating; the emulator warmed by one untimed run per dataset and range.`,
  );
  log(formatTable(['stage', 'baseline', 'ours', 'ours/base'], rows));
  const mismatches = [hour, minute, hourM, minuteM, big].flatMap((r) =>
    r.mismatches.map((p) => `${r.scenario.name}: ${p}`),
  );
  for (const r of [hour, minute, hourM, minuteM, big]) {
    const t = r.runs.baseline[0]?.result;
    log(`totals ${r.scenario.name}: ${t === undefined ? 'none' : JSON.stringify({ ...t.rows, ...t.totals })}`);
  }
  if (mismatches.length > 0) {
    process.exitCode = 1;
    for (const p of mismatches) log(`TOTALS DIFFER ${p}`);
  } else {
    log(
      'totals: both sides agree on every run (rows and token/request totals exactly; USD sums within 1e-9 relative).',
    );
  }
  // The store (writes, file size, aggregation, second sync) on its own emulator, in the same run as the ratios.
  const store = await runStoreBench({ days: o.days, rows: o.rows, postgres: true, sync: true, log });
  log('');
  log(storeBenchTable(store));
  log(storeBenchLine(store));
  if (o.quick) log('store: the targets are for --days 90 --rows 1000000; --quick sizes only smoke-test the code');
  // Notebooks end to end, source "store" against "api" (bench/notebook-bench.ts); --quick: notebook 01, 30 days.
  const nb = await notebookBench({
    days: o.quick ? [30] : [30, 365],
    latencyMs: o.latencyMs,
    runs: 1,
    ...(o.quick ? { notebooks: ['01'] } : {}),
    log,
  });
  log(formatNotebookBench(nb, o.latencyMs));
  for (const line of notebookRatioLines(nb)) log(line);
  // What a person feels in Lab: a warm kernel, edit the parameters cell, Run All (bench/interactive-bench.ts).
  const interactive = await interactiveBench({
    days: o.quick ? [30] : [30, 365],
    sources: ['store', 'api'],
    edits: o.quick ? 1 : 3,
    latencyMs: o.latencyMs,
    compile: false,
    seed: true,
    ...(o.quick ? { notebooks: ['01'] } : {}),
    log,
  });
  log(formatInteractive(interactive.rows, availableParallelism()));
  for (const line of seedRatioLines(interactive.rows, interactive.seed)) log(line);

  log(
    `bench ratios: fetch=${ratio(h.o.fetchS + m.o.fetchS, h.b.fetchS + m.b.fetchS)} frames=${ratio(f.o.framesS, f.b.framesS)} ` +
      `e2e=${ratio(h.o.e2eS, h.b.e2eS)} rss=${ratio(f.o.rssMb, f.b.rssMb)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
