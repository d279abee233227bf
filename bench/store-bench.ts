/**
 * Store benchmark: write rate of 1M grouped rows (90 days, 1h, by model, project, user and key) into DuckDB
 * (target ≥ 100k rows/s) and PostgreSQL (≥ 25k rows/s), the DuckDB file size (≤ 150 MB), one aggregation read from
 * the store against the same aggregation over fetched JSON (≥ 5×), and the requests and time of a second sync right
 * after a full one (only the trailing window, ≤ 10 % of the first sync's time).
 * `npm run bench:store -- [--days 90] [--rows 1000000] [--no-postgres] [--no-sync]`; `npm run bench` runs it too.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { UsageClient, startEmulator, type DatasetOptions, type WireBucket } from '../lib/index';
import { DuckDbStore } from '../lib/store/duckdb-store';
import { openStore } from '../lib/store/open-store';
import type { UsageStore } from '../lib/store/store';
import { organizationByName, syncStore } from '../lib/store/sync';
import { postgresBinDir, startTestPostgres } from '../tools/postgres';
import { tempDir } from '../tools/temp-dir';
import { formatTable } from './format-table';

export interface StoreBenchOptions {
  days: number;
  rows: number;
  /** Measure PostgreSQL (a throwaway local cluster); when its binaries are missing the result says so. */
  postgres: boolean;
  /** Time a full sync of every endpoint and a second one right after it. */
  sync: boolean;
  log?: (line: string) => void;
}

/** A figure, or why it was not measured. */
export type Measured<T> = ({ measured: true } & T) | { measured: false; reason: string };

export interface StoreBenchResult {
  rows: number;
  /** Until the rows are in the file: every window's transaction, then the checkpoint that folds in the WAL. */
  /** `cpuSeconds`: the process's CPU time meanwhile, a figure a busy machine distorts less than the wall clock. */
  duckdb: { seconds: number; cpuSeconds: number; rowsPerSecond: number; fileMb: number };
  postgres: Measured<{ seconds: number; rowsPerSecond: number }>;
  aggregation: { storeSeconds: number; jsonSeconds: number; groups: number; jsonGroups: number; speedup: number };
  sync: Measured<{ firstRequests: number; firstMs: number; secondRequests: number; secondMs: number; percent: number }>;
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

/** Writes the buckets window by window; CPU time is the whole process's (DuckDB's threads included). */
async function writeAll(
  store: UsageStore,
  buckets: readonly WireBucket<unknown>[],
  grouping: string,
  now: number,
  finish: () => Promise<void> = () => Promise.resolve(),
): Promise<{ rows: number; seconds: number; cpuSeconds: number }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let rows = 0;
  // One window per 168 buckets, as sync writes them (one page of the 1h width each).
  for (let i = 0; i < buckets.length; i += 168) {
    const part = buckets.slice(i, i + 168);
    const first = part[0];
    const last = part[part.length - 1];
    if (first === undefined || last === undefined) continue;
    rows += await store.writeWindow({
      organizationId: 'org-bench',
      endpoint: 'completions',
      grouping,
      width: '1h',
      start: first.start_time,
      end: last.end_time,
      buckets: part,
      final: true,
      syncedAt: now,
    });
  }
  await finish();
  const used = process.cpuUsage(cpu);
  return { rows, seconds: seconds(started), cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Runs the store benchmark on its own emulator and temp files (removed at the end). */
export async function runStoreBench(o: StoreBenchOptions): Promise<StoreBenchResult> {
  const log = o.log ?? ((): void => undefined);
  const now = Math.floor(Date.now() / 1000 / 3600) * 3600;
  // ~0.578 result rows per stream-hour grouped by the four dimensions with 200 users and 200 keys (bench/run.ts).
  const org: DatasetOptions = {
    users: 200,
    apiKeys: 200,
    streams: Math.max(1, Math.round(o.rows / (0.578 * 24 * o.days))),
  };
  const emu = await startEmulator({ now: () => now, seed: 1, dataset: org });
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => now * 1000 });
  const tmp = tempDir('bench-store-');
  try {
    const groupBy = ['model', 'project_id', 'user_id', 'api_key_id'];
    const since = now - o.days * 86_400;
    const query = { start_time: since, end_time: now, bucket_width: '1h' as const, group_by: groupBy };
    const buckets = await client.fetchAll('completions', query);
    const grouping = 'project_id,user_id,api_key_id,model';
    const file = path.join(tmp.dir, 'bench.duckdb');
    const duck = await DuckDbStore.open(file);
    const d = await writeAll(duck, buckets, grouping, now, () => duck.checkpoint());
    log(`store: duckdb wrote ${d.rows} rows in ${d.seconds.toFixed(2)} s (${d.cpuSeconds.toFixed(2)} CPU-s)`);
    // The same aggregation (input tokens per model and hour) read from the store vs fetched as JSON and summed.
    const range = { start: since, end: now, width: '1h' as const, groupBy: ['model'] };
    let started = process.hrtime.bigint();
    const fromStore = await duck.readRange('completions', range);
    const storeSeconds = seconds(started);
    started = process.hrtime.bigint();
    const fetched = await client.fetchAll('completions', query);
    const sums = new Map<string, number>();
    for (const b of fetched)
      for (const r of b.results)
        sums.set(`${b.start_time}|${r.model}`, (sums.get(`${b.start_time}|${r.model}`) ?? 0) + r.input_tokens);
    const jsonSeconds = seconds(started);
    await duck.close();
    const result: StoreBenchResult = {
      rows: d.rows,
      duckdb: {
        seconds: d.seconds,
        cpuSeconds: d.cpuSeconds,
        rowsPerSecond: d.rows / d.seconds,
        fileMb: statSync(file).size / 1e6,
      },
      postgres: { measured: false, reason: 'skipped (--no-postgres)' },
      aggregation: {
        storeSeconds,
        jsonSeconds,
        groups: fromStore.reduce((n, b) => n + b.results.length, 0),
        jsonGroups: sums.size,
        speedup: jsonSeconds / storeSeconds,
      },
      sync: { measured: false, reason: 'skipped (--no-sync)' },
    };
    if (o.postgres && postgresBinDir() === undefined) {
      result.postgres = {
        measured: false,
        reason: 'NOT MEASURED: PostgreSQL server not installed (apt-get install postgresql)',
      };
    } else if (o.postgres) {
      const pg = await startTestPostgres();
      try {
        const store = await openStore(pg.url);
        try {
          const p = await writeAll(store, buckets, grouping, now);
          result.postgres = { measured: true, seconds: p.seconds, rowsPerSecond: p.rows / p.seconds };
          log(`store: postgres wrote ${p.rows} rows in ${p.seconds.toFixed(2)} s`);
        } finally {
          await store.close();
        }
      } finally {
        pg.stop();
      }
    }
    if (o.sync) {
      const store = await DuckDbStore.open(path.join(tmp.dir, 'sync.duckdb'));
      try {
        const first = await syncStore({ organization: organizationByName('default'), client, store, now, since });
        const second = await syncStore({ organization: organizationByName('default'), client, store, now, since });
        result.sync = {
          measured: true,
          firstRequests: first.requests,
          firstMs: first.durationMs,
          secondRequests: second.requests,
          secondMs: second.durationMs,
          percent: (100 * second.durationMs) / first.durationMs,
        };
      } finally {
        await store.close();
      }
    }
    return result;
  } finally {
    client.close();
    await emu.close();
    tmp.remove();
  }
}

const k = (rowsPerSecond: number): string => `${(rowsPerSecond / 1000).toFixed(1)}k rows/s`;

/** The figures against the targets, one row per measure. */
export function storeBenchTable(r: StoreBenchResult): string {
  const ok = (pass: boolean): string => (pass ? 'ok' : 'MISSED');
  const rows: string[][] = [
    [
      `DuckDB write, ${r.rows} rows (window transactions + checkpoint)`,
      `${r.duckdb.seconds.toFixed(2)} s = ${k(r.duckdb.rowsPerSecond)} (CPU ${r.duckdb.cpuSeconds.toFixed(2)} s)`,
      '>= 100k rows/s',
      ok(r.duckdb.rowsPerSecond >= 100_000),
    ],
    r.postgres.measured
      ? [
          'PostgreSQL write (INSERT ... SELECT FROM unnest)',
          `${r.postgres.seconds.toFixed(2)} s = ${k(r.postgres.rowsPerSecond)}`,
          '>= 25k rows/s',
          ok(r.postgres.rowsPerSecond >= 25_000),
        ]
      : ['PostgreSQL write', r.postgres.reason, '>= 25k rows/s', '-'],
    ['DuckDB file for those rows', `${r.duckdb.fileMb.toFixed(1)} MB`, '<= 150 MB', ok(r.duckdb.fileMb <= 150)],
    [
      `tokens per model and hour: store vs fetch + sum (${r.aggregation.groups} groups)`,
      `${r.aggregation.storeSeconds.toFixed(2)} s vs ${r.aggregation.jsonSeconds.toFixed(2)} s = ${r.aggregation.speedup.toFixed(1)}x`,
      '>= 5x',
      ok(r.aggregation.speedup >= 5 && r.aggregation.groups === r.aggregation.jsonGroups),
    ],
    r.sync.measured
      ? [
          'second sync right after a full one',
          `${r.sync.secondRequests} requests ${(r.sync.secondMs / 1000).toFixed(1)} s vs ` +
            `${r.sync.firstRequests} requests ${(r.sync.firstMs / 1000).toFixed(1)} s = ${r.sync.percent.toFixed(1)} %`,
          '<= 10 %',
          ok(r.sync.percent <= 10 && r.sync.secondRequests < r.sync.firstRequests),
        ]
      : ['second sync right after a full one', r.sync.reason, '<= 10 %', '-'],
  ];
  return formatTable(['store measure', 'figure', 'target', ''], rows);
}

/** One line: `store: duckdb=<rows/s> postgres=<rows/s> file=<MB> aggregation=<x> second-sync=<%> (requests a/b)`. */
export function storeBenchLine(r: StoreBenchResult): string {
  const postgres = r.postgres.measured ? String(Math.round(r.postgres.rowsPerSecond)) : 'not-measured';
  const sync = r.sync.measured
    ? `${r.sync.percent.toFixed(1)}% (requests ${r.sync.secondRequests}/${r.sync.firstRequests})`
    : 'not-measured';
  return (
    `store: duckdb=${Math.round(r.duckdb.rowsPerSecond)} postgres=${postgres} file=${r.duckdb.fileMb.toFixed(1)} ` +
    `aggregation=${r.aggregation.speedup.toFixed(1)} second-sync=${sync}`
  );
}

async function main(): Promise<void> {
  const o = new Command('bench-store')
    .option('--days <n>', 'days of 1h buckets written', '90')
    .option('--rows <n>', 'target result rows', '1000000')
    .option('--no-postgres', 'skip PostgreSQL')
    .option('--no-sync', 'skip the first/second sync comparison')
    .parse()
    .opts<{ days: string; rows: string; postgres: boolean; sync: boolean }>();
  const days = Number(o.days);
  const rows = Number(o.rows);
  if (!Number.isInteger(days) || days < 1) throw new Error(`invalid --days: ${o.days} (a whole number of days >= 1)`);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`invalid --rows: ${o.rows} (a whole number >= 1)`);
  const r = await runStoreBench({ days, rows, postgres: o.postgres, sync: o.sync, log: (l) => console.log(l) });
  console.log('');
  console.log(storeBenchTable(r));
  console.log(storeBenchLine(r));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
