/**
 * Notebook 02's line-item, FOCUS and export cells timed apart from the kernel, from a store synced for the range
 * (`--store FILE`: reused when it exists, else synced from the emulator first, untimed). Each step is run
 * `--runs` times in one process, as Run All re-runs them in a warm kernel; `--out DIR` keeps the exports to compare.
 * `node --import tsx bench/export-profile.ts --store /tmp/usage.duckdb [--days 365] [--runs 3] [--edit] [--out DIR]`
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { startEmulator } from '../lib/emulator/index';
import { benchEnv } from './bench-env';
import {
  byCurrency,
  bucketStarts,
  connectNotebook,
  costByLineItem,
  costByLineItemChart,
  costFrame,
  costPerDay,
  costPerDayChart,
  costTable,
  currencyId,
  focusCsv,
  focusFromBuckets,
  notebookEnv,
  notebookParams,
  pivotTotals,
  recordsFrame,
  toCsv,
  withNames,
  writeExports,
} from '../lib/index';

interface Options {
  store: string;
  days: string;
  runs: string;
  out?: string;
  now: string;
  edit?: boolean;
}

const ROOT = path.join(__dirname, '..');

async function main(): Promise<void> {
  const o = new Command('export-profile')
    .requiredOption('--store <file>', 'DuckDB store (synced first when missing)')
    .option('--days <n>', 'days_ago', '365')
    .option('--runs <n>', 'runs in one process', '3')
    .option('--out <dir>', 'export folder (default: a temporary one)')
    .option('--now <unix>', 'pinned now of the sync and the reads', '1796000000')
    .option('--edit', 'days_ago one less on each run (as the interactive bench edits it), else the same each run')
    .parse()
    .opts<Options>();
  const now = Number(o.now);
  if (!existsSync(o.store)) {
    const key = 'sk-admin-profile-0123456789';
    const emulator = await startEmulator({ port: 0, adminKeys: [key], now: () => now });
    try {
      const args = ['--import', 'tsx', path.join(ROOT, 'scripts', 'sync.ts'), '--store', o.store];
      args.push('--since', `${Number(o.days) + 2}d`, '--now', String(now), '--quiet');
      // Not spawnSync: the emulator answers from this process's event loop.
      const child = spawn(process.execPath, args, { env: benchEnv(emulator, key, now), stdio: 'inherit' });
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      if (code !== 0) throw new Error(`sync failed: ${String(code)}`);
    } finally {
      await emulator.close();
    }
  }
  const outDir = o.out ?? mkdtempSync(path.join(tmpdir(), 'export-profile-'));
  const env = { ...process.env, USAGE_STORE_URL: o.store, USAGE_NOW: String(now), OUT_DIR: outDir, TZ: 'UTC' };
  const nbEnv = notebookEnv(env);
  // Notices (a store read says where it reads) as text lines, outside a kernel.
  const writer = {
    publish: (b: { 'text/plain'?: string }): void => void (run === 0 && console.log(b['text/plain'] ?? '')),
  };
  let run = 0;
  const baseParams = {
    days_ago: Number(o.days),
    bucket_width: '1d' as const,
    limit: 30,
    names: true,
    organizations: null,
  };
  for (; run < Number(o.runs); run++) {
    const rawParams = { ...baseParams, days_ago: Number(o.days) - (o.edit === true ? run : 0) };
    const t: Record<string, number> = {};
    // CPU time of this process (a shared machine stretches wall time more).
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    let t0 = cpu();
    const lap = (name: string): void => {
      const t1 = cpu();
      t[name] = (t[name] ?? 0) + (t1 - t0);
      t0 = t1;
    };
    const params = notebookParams(rawParams, 'costs', nbEnv);
    const conn = await connectNotebook({ source: 'store', organizations: null, env, writer });
    const names = await conn.names(params.names);
    const costBuckets = await conn.fetch('costs', params.query);
    lap('data');
    const costs = costTable(costBuckets);
    const costDf = withNames(costFrame(costs), names);
    const currencies = byCurrency(costs);
    const costPerDayFigs = currencies.map(({ currency, table }, i) => {
      const fig = costPerDayChart(costPerDay(table, bucketStarts(costBuckets)), {
        currency,
        rangeSeconds: params.rangeSeconds,
      });
      return { ...fig, id: currencyId(fig.id, i, currency) };
    });
    lap('perDay');
    const lineItemParams = notebookParams({ ...rawParams, group_by: ['line_item'] }, 'costs', nbEnv);
    const lineItemBuckets = await conn.fetch('costs', lineItemParams.query);
    lap('lineItem.fetch');
    const lineItems = costTable(lineItemBuckets);
    lap('lineItem.costTable');
    const lineItemDf = withNames(costFrame(lineItems), names);
    lap('lineItem.frame');
    const lineItemsByCurrency = byCurrency(lineItems).map(({ currency, table }) => ({
      currency,
      pivot: costByLineItem(table, bucketStarts(lineItemBuckets)),
    }));
    lap('lineItem.pivot');
    const lineItemFigs = lineItemsByCurrency.map(({ currency, pivot }, i) => {
      recordsFrame(pivotTotals(pivot, 'line_item'));
      const fig = costByLineItemChart(pivot, { currency });
      return { ...fig, id: currencyId(fig.id, i, currency) };
    });
    lap('lineItem.chart');
    const focusParams = notebookParams({ ...rawParams, group_by: ['project_id', 'line_item'] }, 'costs', nbEnv);
    const focusBuckets = await conn.fetch('costs', focusParams.query);
    lap('focus.fetch');
    const focus = focusFromBuckets(focusBuckets);
    lap('focus.rows');
    const figures = [...costPerDayFigs, ...lineItemFigs];
    const perDayByLineItem = Object.fromEntries(
      lineItemsByCurrency.map(({ currency, pivot }, i) => [
        currencyId('cost_per_day_by_line_item', i, currency),
        toCsv(pivot, { rowHeader: 'date' }),
      ]),
    );
    lap('export.pivotCsv');
    const focusText = focusCsv(focus);
    lap('export.focusCsv');
    const written = await writeExports(nbEnv.outDir, {
      figures,
      frames: { costs: costDf, costs_by_line_item: lineItemDf, ...perDayByLineItem, focus_costs: focusText },
      report: { title: 'Costs', file: 'report-02_costs.html', about: conn.about(params) },
      plotly: 'sibling',
    });
    lap('export.writeExports');
    await conn.close();
    const total = Object.values(t).reduce((a, b) => a + b, 0);
    console.log(
      `run ${run + 1}: ${focus.length} FOCUS rows, ${lineItems.length} line-item rows, ${written.length} files, ` +
        `total ${total.toFixed(0)} ms CPU`,
    );
    console.log(
      `  ${Object.entries(t)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}`,
    );
  }
  console.log(`exports in ${outDir}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
