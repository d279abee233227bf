/**
 * Store benchmark: write rate of 1M grouped rows (90 days, 1h, by model, project, user and key) into DuckDB
 * (target ≥ 100k rows/s) and PostgreSQL (≥ 25k rows/s), the DuckDB file size (≤ 150 MB), and the requests and
 * time of a second sync right after a full one (only the trailing window, ≤ 10 % of the first sync's time).
 * `npm run bench:store -- [--days 90] [--rows 1000000] [--no-postgres]`
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { UsageClient, startEmulator, type DatasetOptions, type WireBucket } from '../lib/index';
import { DuckDbStore } from '../lib/store/duckdb-store';
import { openStore } from '../lib/store/open-store';
import type { UsageStore } from '../lib/store/store';
import { syncStore } from '../lib/store/sync';
import { postgresBinDir, startTestPostgres } from '../test/helpers/postgres';
import { tempDir } from '../test/store/helpers';

const program = new Command('bench-store')
  .option('--days <n>', 'days of 1h buckets written', '90')
  .option('--rows <n>', 'target result rows', '1000000')
  .option('--no-postgres', 'skip PostgreSQL');

async function writeAll(store: UsageStore, buckets: readonly WireBucket<unknown>[], grouping: string, now: number): Promise<{ rows: number; seconds: number }> {
  const started = process.hrtime.bigint();
  let rows = 0;
  // One window per 168 buckets, as sync writes them (one page of the 1h width each).
  for (let i = 0; i < buckets.length; i += 168) {
    const part = buckets.slice(i, i + 168);
    const first = part[0];
    const last = part[part.length - 1];
    if (first === undefined || last === undefined) continue;
    rows += await store.writeWindow({ endpoint: 'completions', grouping, width: '1h', start: first.start_time, end: last.end_time, buckets: part, final: true, syncedAt: now });
  }
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function main(): Promise<void> {
  const o = program.parse().opts<{ days: string; rows: string; postgres: boolean }>();
  const days = Number(o.days);
  const target = Number(o.rows);
  const now = Math.floor(Date.now() / 1000 / 3600) * 3600;
  const org: DatasetOptions = { users: 200, apiKeys: 200, streams: Math.max(1, Math.round(target / (0.578 * 24 * days))) };
  const emu = await startEmulator({ now: () => now, seed: 1, dataset: org });
  const client = new UsageClient({ apiKey: emu.adminKey, baseURL: emu.baseURL, now: () => now * 1000 });
  const tmp = tempDir('bench-store-');
  const lines: string[] = [];
  try {
    const groupBy = ['model', 'project_id', 'user_id', 'api_key_id'];
    const buckets = await client.fetchAll('completions', { start_time: now - days * 86_400, end_time: now, bucket_width: '1h', group_by: groupBy });
    const grouping = 'project_id,user_id,api_key_id,model';
    const file = path.join(tmp.dir, 'bench.duckdb');
    const duck = await DuckDbStore.open(file);
    const d = await writeAll(duck, buckets, grouping, now);
    // The same aggregation (input tokens per model and hour) read from the store vs fetched as JSON and summed.
    const range = { start: now - days * 86_400, end: now, width: '1h' as const, groupBy: ['model'] };
    let started = process.hrtime.bigint();
    const fromStore = await duck.readRange('completions', range);
    const storeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    started = process.hrtime.bigint();
    const fetched = await client.fetchAll('completions', { start_time: range.start, end_time: now, bucket_width: '1h', group_by: groupBy });
    const sums = new Map<string, number>();
    for (const b of fetched) for (const r of b.results) sums.set(`${b.start_time}|${r.model}`, (sums.get(`${b.start_time}|${r.model}`) ?? 0) + r.input_tokens);
    const jsonSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const storeGroups = fromStore.reduce((n, b) => n + b.results.length, 0);
    await duck.close();
    const mb = statSync(file).size / 1e6;
    lines.push(`duckdb write: ${d.rows} rows in ${d.seconds.toFixed(2)} s = ${Math.round(d.rows / d.seconds)} rows/s; file ${mb.toFixed(1)} MB`);
    lines.push(
      `aggregation (tokens per model and hour over ${d.rows} rows): store ${storeSeconds.toFixed(2)} s (${storeGroups} groups), ` +
        `fetched JSON ${jsonSeconds.toFixed(2)} s (${sums.size} groups) = ${(jsonSeconds / storeSeconds).toFixed(1)}x`,
    );
    if (o.postgres && postgresBinDir() !== undefined) {
      const pg = await startTestPostgres();
      try {
        const store = await openStore(pg.url);
        const p = await writeAll(store, buckets, grouping, now);
        await store.close();
        lines.push(`postgres write: ${p.rows} rows in ${p.seconds.toFixed(2)} s = ${Math.round(p.rows / p.seconds)} rows/s`);
      } finally {
        pg.stop();
      }
    }
    const syncFile = await DuckDbStore.open(path.join(tmp.dir, 'sync.duckdb'));
    const first = await syncStore({ client, store: syncFile, now, since: now - days * 86_400 });
    const second = await syncStore({ client, store: syncFile, now, since: now - days * 86_400 });
    await syncFile.close();
    lines.push(
      `sync: first ${first.requests} requests ${(first.durationMs / 1000).toFixed(1)} s, second ${second.requests} requests ` +
        `${(second.durationMs / 1000).toFixed(1)} s (${((100 * second.durationMs) / first.durationMs).toFixed(1)} % of the first)`,
    );
  } finally {
    client.close();
    await emu.close();
    tmp.remove();
  }
  for (const l of lines) console.log(l);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
