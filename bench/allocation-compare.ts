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
  type AllocationOptions,
  type CostTable,
  type DictColumn,
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
  const byProject = (t: UsageTable): UsageTable => {
    const col = t.dimensions['project_id'];
    return tagged(t, (i) => (col === undefined ? null : (col.values[col.codes[i] ?? -1] ?? null)));
  };
  // Unusual inputs that take other paths: IDs holding a NUL (the sort by joined text), a usage row 20 years early
  // (days × projects × models too many for the table of cells), and costs not grouped by key (every row shared by tokens).
  const withNul = (c: DictColumn): DictColumn => ({
    codes: c.codes,
    values: c.values.map((v, i) => (i === 1 ? `${v}\u0000x` : v)),
  });
  const early = (t: UsageTable): UsageTable => {
    const startTime = t.startTime.slice();
    startTime[0] = (startTime[0] ?? 0) - 20 * 365 * 86_400;
    return { ...t, startTime };
  };
  const nul = {
    ...costs,
    projectId: withNul(costs.projectId),
    dimensions: { ...costs.dimensions, project_id: withNul(costs.projectId) },
  };
  const noKeys: DictColumn = { codes: new Int32Array(costs.length), values: [null] };
  const unkeyed = { ...costs, apiKeyId: noKeys, dimensions: { ...costs.dimensions, api_key_id: noKeys } };
  const cases: [string, CostTable, UsageTable[], AllocationOptions][] = [
    ['one organization', costs, usage, {}],
    [
      'two organizations',
      tagged(costs, (i) => costs.projectId.values[costs.projectId.codes[i] ?? -1] ?? null),
      usage.map(byProject),
      {},
    ],
    ['a NUL in a project ID', nul, usage, {}],
    ['a usage row 20 years early', costs, usage.map(early), {}],
    ['no key grouping', unkeyed, usage, { keysFrom: Infinity }],
  ];
  console.log(`${costs.length} cost rows, ${usage.map((t) => `${t.endpoint} ${t.length}`).join(', ')}`);
  for (const [label, c, u, options] of cases) {
    const mine = JSON.stringify(allocateCosts(c, u, options));
    const theirs = JSON.stringify(other(c, u, options));
    const rows = allocateCosts(c, u, options).length;
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
