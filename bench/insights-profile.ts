/**
 * Notebook 04's insights over a range, timed apart from the kernel: the data cell's queries (untimed against the
 * emulator; with `--store FILE`, a store `npm run sync` filled, read into tables as the notebook reads it and timed,
 * cost tables included), then each computation the insights cells run (pricing, reconcile, savings, forecast,
 * anomalies, allocation, local days), one line each, as process CPU (DuckDB's threads included) and wall time.
 * `node --import tsx bench/insights-profile.ts [--days 365] [--store data/usage.duckdb --now <unix>]`
 */
import { Command } from 'commander';
import {
  allocateCosts,
  anomalyPoints,
  connectNotebook,
  costTable,
  detectAnomalies,
  forecastMonth,
  insightsParams,
  localDays,
  priceUsage,
  projectDaySpend,
  reconcile,
  reconciliationByModel,
  savings,
  savingsByModel,
  usageTable,
  bucketStarts,
  type EndpointResultMap,
  type UsageQuery,
  type UsageTable,
  type CostTable,
  type WireBucket,
  type WireCostsResult,
} from '../lib/index';
import { UsageClient } from '../lib/api/index';
import { startEmulator } from '../lib/emulator/index';
import type { InsightsUsageEndpoint } from '../lib/notebook/index';

/** What the profile reads: notebook 04's queries, from the emulator's API or from a store. */
interface Source {
  usage(endpoint: InsightsUsageEndpoint, query: UsageQuery): Promise<UsageTable>;
  costs(queries: readonly UsageQuery[]): Promise<CostTable>;
  hourly(query: UsageQuery): Promise<WireBucket<EndpointResultMap['completions']>[]>;
  close(): Promise<void>;
}

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function apiSource(now: number): Promise<Source> {
  const emulator = await startEmulator({ port: 0, now: () => now });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL, now: () => now * 1000 });
  return {
    usage: async (endpoint, query) => usageTable(endpoint, await client.fetchAll(endpoint, query)),
    costs: async (queries) => {
      const buckets: WireBucket<WireCostsResult>[] = [];
      for (const query of queries) buckets.push(...(await client.fetchAll('costs', query)));
      return costTable(buckets);
    },
    hourly: (query) => client.fetchAll('completions', query),
    close: async () => {
      client.close();
      await emulator.close();
    },
  };
}

async function storeSource(store: string): Promise<Source> {
  const conn = await connectNotebook({
    source: 'store',
    store,
    // A key so the demo emulator is not started: a store read makes no request.
    env: { ...process.env, OPENAI_ADMIN_KEY: process.env['OPENAI_ADMIN_KEY'] ?? 'sk-admin-profile-unused' },
    writer: { publish: () => undefined },
  });
  return {
    // As the notebook's data cell reads them: tables straight from the store's columns.
    usage: (endpoint, query) => conn.table(endpoint, query),
    costs: (queries) => conn.table('costs', queries),
    hourly: (query) => conn.fetch('completions', query),
    close: () => conn.close(),
  };
}

async function main(): Promise<void> {
  const o = new Command('insights-profile')
    .option('--days <n>', 'days_ago', '365')
    .option('--store <file>', 'read a synced store (DuckDB file or postgres://) instead of the emulator')
    .option('--now <unix>', '"now" of the range (the --now the store was synced with)')
    .parse()
    .opts<{ days: string; store?: string; now?: string }>();
  const now = o.now === undefined ? Math.floor(Date.now() / 1000) : Number(o.now);
  const time = <T>(label: string, f: () => T): T => {
    const c0 = cpuMs();
    const t0 = performance.now();
    const out = f();
    const cpu = (cpuMs() - c0).toFixed(0).padStart(6);
    console.log(`  ${label.padEnd(28)} ${cpu} ms CPU ${(performance.now() - t0).toFixed(0).padStart(6)} ms wall`);
    return out;
  };
  const source = o.store === undefined ? await apiSource(now) : await storeSource(o.store);
  try {
    const p = insightsParams({ days_ago: Number(o.days), time_zone: 'Europe/Berlin' }, { now, fixedNow: true });
    const read = async (): Promise<{
      tables: Record<InsightsUsageEndpoint, UsageTable>;
      costs: CostTable;
      forecastCosts: CostTable;
      hourly: WireBucket<EndpointResultMap['completions']>[];
    }> => {
      const tables = {} as Record<InsightsUsageEndpoint, UsageTable>;
      for (const endpoint of Object.keys(p.usageQueries) as InsightsUsageEndpoint[])
        tables[endpoint] = await source.usage(endpoint, p.usageQueries[endpoint]);
      return {
        tables,
        costs: await source.costs(p.costQueries),
        forecastCosts: await source.costs([p.forecastQuery]),
        hourly: await source.hourly(p.localQuery),
      };
    };
    const c0 = cpuMs();
    const t0 = performance.now();
    const { tables, costs, forecastCosts, hourly } = await read();
    const { completions, decisions, embeddings, images, audio_speeches, audio_transcriptions } = tables;
    console.log(
      `${o.days} days from ${o.store === undefined ? 'the emulator (reads untimed)' : o.store}: ` +
        `${completions.length} completions rows, ${costs.length} cost rows`,
    );
    if (o.store !== undefined)
      console.log(
        `  reads (tables built)          ${(cpuMs() - c0).toFixed(0).padStart(6)} ms CPU ${(performance.now() - t0).toFixed(0).padStart(6)} ms wall`,
      );
    const total0 = cpuMs();
    const priced = time('priceUsage', () => priceUsage([completions, decisions, embeddings]));
    const rec = time('reconcile', () => reconcile(priced, costs));
    time('reconciliationByModel', () => reconciliationByModel(rec));
    const saved = time('savings', () => savings(priced));
    time('savingsByModel', () => savingsByModel(saved));
    const days = time('projectDaySpend', () => projectDaySpend(forecastCosts));
    time('forecastMonth', () => forecastMonth(days, { asOf: p.asOf, budget: null }));
    const points = time('anomalyPoints', () => anomalyPoints(completions, costs));
    time('detectAnomalies', () => detectAnomalies(points));
    time('allocateCosts', () =>
      allocateCosts(costs, [completions, decisions, embeddings, images, audio_speeches, audio_transcriptions]),
    );
    time('localDays', () =>
      localDays(usageTable('completions', hourly), ['num_model_requests', 'input_tokens'], p.timeZone, {
        spans: bucketStarts(hourly),
      }),
    );
    console.log(`  total (after the reads)      ${(cpuMs() - total0).toFixed(0).padStart(6)} ms CPU`);
  } finally {
    await source.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
