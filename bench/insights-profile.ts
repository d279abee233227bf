/**
 * Notebook 04's insights over a range, timed apart from the kernel: the data cell's queries against the emulator
 * (untimed), then each computation the insights cells run (pricing, reconcile, savings, forecast, anomalies,
 * allocation, local days), one line each. `node --import tsx bench/insights-profile.ts [--days 365]`
 */
import { Command } from 'commander';
import {
  allocateCosts,
  anomalyPoints,
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
  type UsageTable,
  type WireBucket,
  type WireCostsResult,
} from '../lib/index';
import { UsageClient } from '../lib/api/index';
import { startEmulator } from '../lib/emulator/index';
import type { InsightsUsageEndpoint } from '../lib/notebook/index';

async function main(): Promise<void> {
  const o = new Command('insights-profile').option('--days <n>', 'days_ago', '365').parse().opts<{ days: string }>();
  const now = Math.floor(Date.now() / 1000);
  const emulator = await startEmulator({ port: 0, now: () => now });
  const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL, now: () => now * 1000 });
  try {
    const p = insightsParams({ days_ago: Number(o.days), time_zone: 'Europe/Berlin' }, { now, fixedNow: true });
    const fetchUsage = async (endpoint: InsightsUsageEndpoint): Promise<UsageTable> =>
      usageTable(endpoint, await client.fetchAll(endpoint, p.usageQueries[endpoint]));
    const completions = await fetchUsage('completions');
    const decisions = [await fetchUsage('decisions')];
    const embeddings = await fetchUsage('embeddings');
    const images = await fetchUsage('images');
    const speeches = await fetchUsage('audio_speeches');
    const transcriptions = await fetchUsage('audio_transcriptions');
    const costBuckets: WireBucket<WireCostsResult>[] = [];
    for (const cq of p.costQueries) costBuckets.push(...(await client.fetchAll('costs', cq)));
    const forecastCosts = costTable(await client.fetchAll('costs', p.forecastQuery));
    const hourly = await client.fetchAll('completions', p.localQuery);
    console.log(`${o.days} days: ${completions.length} completions rows, ${costBuckets.length} cost buckets`);
    const time = <T>(label: string, f: () => T): T => {
      const t0 = performance.now();
      const out = f();
      console.log(`  ${label.padEnd(28)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
      return out;
    };
    const total0 = performance.now();
    const costs = time('costTable', () => costTable(costBuckets));
    const priced = time('priceUsage', () => priceUsage([completions, ...decisions, embeddings]));
    const rec = time('reconcile', () => reconcile(priced, costs));
    time('reconciliationByModel', () => reconciliationByModel(rec));
    const saved = time('savings', () => savings(priced));
    time('savingsByModel', () => savingsByModel(saved));
    const days = time('projectDaySpend', () => projectDaySpend(forecastCosts));
    time('forecastMonth', () => forecastMonth(days, { asOf: p.asOf, budget: null }));
    const points = time('anomalyPoints', () => anomalyPoints(completions, costs));
    time('detectAnomalies', () => detectAnomalies(points));
    time('allocateCosts', () =>
      allocateCosts(costs, [completions, ...decisions, embeddings, images, speeches, transcriptions]),
    );
    time('localDays', () =>
      localDays(usageTable('completions', hourly), ['num_model_requests', 'input_tokens'], p.timeZone, {
        spans: bucketStarts(hourly),
      }),
    );
    console.log(`  total                        ${(performance.now() - total0).toFixed(0).padStart(6)} ms`);
  } finally {
    client.close();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
