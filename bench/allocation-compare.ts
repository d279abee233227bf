/**
 * allocateCosts of this tree against another tree's (e.g. main) over a synced store's range, as notebook 04 reads it:
 * byte-identical output (JSON) for one organization and for the same rows split into two tagged organizations, and
 * each side's CPU time per call after warm-up (a warm kernel calls it again and again).
 * `node --import tsx bench/allocation-compare.ts --store data/usage.duckdb --now <unix> --other /work/main [--days 365]`
 * `--cache FILE` keeps the read buckets as JSON, so that later runs skip the store.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import {
  allocateCosts,
  connectNotebook,
  costTable,
  insightsParams,
  usageTable,
  type CostTable,
  type OrganizationColumns,
  type UsageTable,
  type WireBucket,
  type WireCostsResult,
} from '../lib/index';
import type { InsightsUsageEndpoint } from '../lib/notebook/index';

type Allocate = typeof allocateCosts;
type Buckets = { usage: Record<string, WireBucket<object>[]>; costs: WireBucket<WireCostsResult>[] };

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

async function readStore(store: string, days: number, now: number): Promise<Buckets> {
  const conn = await connectNotebook({
    source: 'store',
    store,
    env: { ...process.env, OPENAI_ADMIN_KEY: process.env['OPENAI_ADMIN_KEY'] ?? 'sk-admin-profile-unused' },
    writer: { publish: () => undefined },
  });
  try {
    const p = insightsParams({ days_ago: days, time_zone: 'Europe/Berlin' }, { now, fixedNow: true });
    const usage: Record<string, WireBucket<object>[]> = {};
    for (const endpoint of Object.keys(p.usageQueries) as InsightsUsageEndpoint[])
      usage[endpoint] = await conn.fetch(endpoint, p.usageQueries[endpoint]);
    const costs: WireBucket<WireCostsResult>[] = [];
    for (const cq of p.costQueries) costs.push(...(await conn.fetch('costs', cq)));
    return { usage, costs };
  } finally {
    await conn.close();
  }
}

/** Rows tagged as two organizations: a row's organization from its project (so each has whole projects). */
function tagged<T extends { readonly length: number }>(table: T, project: (i: number) => string | null): T {
  const id: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const p = project(i) ?? '';
    let h = 0;
    for (let j = 0; j < p.length; j++) h = (h * 31 + p.charCodeAt(j)) | 0;
    id.push(h & 1);
  }
  const organizations: OrganizationColumns = {
    id: { codes: Int32Array.from(id), values: ['org-b', 'org-a'] },
    name: { codes: Int32Array.from(id), values: ['bravo', 'alpha'] },
  };
  return { ...table, organizations };
}

async function main(): Promise<void> {
  const o = new Command('allocation-compare')
    .requiredOption('--store <file>', 'a synced store')
    .requiredOption('--now <unix>', 'the --now the store was synced with')
    .requiredOption('--other <dir>', 'the other tree (its lib/insights/index is imported)')
    .option('--days <n>', 'days_ago', '365')
    .option('--runs <n>', 'timed calls per side', '10')
    .option('--cache <file>', 'JSON of the read buckets (written once, then read)')
    .parse()
    .opts<{ store: string; now: string; other: string; days: string; runs: string; cache?: string }>();
  const buckets: Buckets =
    o.cache !== undefined && existsSync(o.cache)
      ? (JSON.parse(readFileSync(o.cache, 'utf8')) as Buckets)
      : await readStore(o.store, Number(o.days), Number(o.now));
  if (o.cache !== undefined && !existsSync(o.cache)) writeFileSync(o.cache, JSON.stringify(buckets));
  const otherModule: unknown = await import(pathToFileURL(path.resolve(o.other, 'lib/insights/index.ts')).href);
  const other = Reflect.get(otherModule as object, 'allocateCosts') as Allocate;
  const costs = costTable(buckets.costs);
  const usage = Object.entries(buckets.usage).map(([endpoint, b]) =>
    usageTable(endpoint as InsightsUsageEndpoint, b as Parameters<typeof usageTable<InsightsUsageEndpoint>>[1]),
  );
  const cases: [string, CostTable, UsageTable[]][] = [
    ['one organization', costs, usage],
    [
      'two organizations',
      tagged(costs, (i) => costs.projectId.values[costs.projectId.codes[i] ?? -1] ?? null),
      usage.map((t) => {
        const col = t.dimensions['project_id'];
        return tagged(t, (i) => (col === undefined ? null : (col.values[col.codes[i] ?? -1] ?? null)));
      }),
    ],
  ];
  console.log(`${costs.length} cost rows, ${usage.map((t) => `${t.endpoint} ${t.length}`).join(', ')}`);
  for (const [label, c, u] of cases) {
    const mine = JSON.stringify(allocateCosts(c, u));
    const theirs = JSON.stringify(other(c, u));
    const rows = allocateCosts(c, u).length;
    console.log(`${label}: ${rows} rows, ${mine === theirs ? 'IDENTICAL' : 'DIFFERENT'} (${mine.length} chars)`);
    if (mine !== theirs) {
      let i = 0;
      while (mine[i] === theirs[i]) i++;
      console.log(
        `  first difference at ${i}:\n  this:  ${mine.slice(i - 200, i + 200)}\n  other: ${theirs.slice(i - 200, i + 200)}`,
      );
      process.exitCode = 1;
    }
  }
  const runs = Number(o.runs);
  for (const [side, f] of [
    ['other', other],
    ['this', allocateCosts],
    ['other', other],
    ['this', allocateCosts],
  ] as const) {
    const times: number[] = [];
    const walls: number[] = [];
    for (let r = 0; r < runs; r++) {
      const c0 = cpuMs();
      const t0 = performance.now();
      f(costs, usage);
      times.push(cpuMs() - c0);
      walls.push(performance.now() - t0);
    }
    const med = (xs: number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1]?.toFixed(0) ?? '';
    console.log(
      `${side.padEnd(5)} first ${times[0]?.toFixed(0)} ms CPU; median ${med(times)} ms CPU ${med(walls)} ms wall (${runs} calls)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
