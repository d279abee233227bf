/**
 * The notebooks' reads from the store (source "store"), timed apart from the kernel: per Run All, a fresh
 * `connectNotebook` and the same reads as each notebook's data cells, in cell order (the cells between them untimed
 * and not run); every DuckDB statement timed too (`--sql`). The store is synced once by `npm run sync` against the
 * emulator at a pinned "now" (`--sync`, ~45 s for a year) and reused after.
 * `node --import tsx bench/reads-profile.ts --store /tmp/reads/usage.duckdb [--sync] [--days 365] [--notebooks 04,05]
 *  [--runs 3] [--sql] [--json out.json]`
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { DuckDBConnection } from '@duckdb/node-api';
import { startEmulator } from '../lib/emulator/index';
import { connectNotebook, insightsParams, notebookParams, type NotebookConnection } from '../lib/notebook/index';
import { USAGE_ENDPOINT_NAMES } from '../lib/catalogue/index';
import { median } from '../lib/insights/index';
import { runChild } from '../tools/child-process';
import { benchEnv } from './bench-env';

const ROOT = path.resolve(__dirname, '..');

interface Options {
  store: string;
  sync: boolean;
  days: string;
  notebooks: string;
  runs: string;
  now: string;
  sql: boolean;
  json?: string;
  demo: boolean;
}

/** Every DuckDB statement and its time (`run`, which every way of running one calls), by patching the prototype. */
const statements: { sql: string; ms: number }[] = [];
function timeStatements(): void {
  const proto = DuckDBConnection.prototype;
  const timed = <A extends unknown[], R>(fn: (this: DuckDBConnection, ...args: A) => Promise<R>) =>
    async function (this: DuckDBConnection, ...args: A): Promise<R> {
      const t0 = performance.now();
      try {
        return await fn.apply(this, args);
      } finally {
        statements.push({ sql: String(args[0]), ms: performance.now() - t0 });
      }
    };
  // `run` is what every other way of running a statement calls (`runAndReadAll` too).
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound to each connection by `timed`
  proto.run = timed(proto.run);
}

type Cell = [string, (conn: () => NotebookConnection) => Promise<unknown>];

/** Each notebook's reading cells (as its .ipynb reads), for `days`. */
function notebookCells(
  nb: string,
  days: number,
  env: { now: number; fixedNow: boolean },
  open: () => Promise<void>,
): Cell[] {
  const o = { organizations: null };
  switch (nb) {
    case '01': {
      const raw = { days_ago: days, bucket_width: '1d' as const, limit: 7, names: true, ...o };
      const p = notebookParams(raw, 'completions', env);
      const g = notebookParams({ ...raw, group_by: ['model', 'project_id'] }, 'completions', env);
      return [
        ['connect+names', async (c) => (await open(), c().names(true))],
        ['fetch', (c) => c().fetch('completions', p.query)],
        ['grouped fetch', (c) => c().fetch('completions', g.query)],
      ];
    }
    case '02': {
      const raw = { days_ago: days, bucket_width: '1d' as const, limit: 30, names: true, ...o };
      const p = notebookParams(raw, 'costs', env);
      const li = notebookParams({ ...raw, group_by: ['line_item'] }, 'costs', env);
      const fo = notebookParams({ ...raw, group_by: ['project_id', 'line_item'] }, 'costs', env);
      return [
        ['connect+names+fetch', async (c) => (await open(), await c().names(true), c().fetch('costs', p.query))],
        ['line items', (c) => c().fetch('costs', li.query)],
        ['focus', (c) => c().fetch('costs', fo.query)],
      ];
    }
    case '03': {
      const raw = { days_ago: days, limit: 7, names: true, ...o };
      const people = notebookParams({ ...raw, group_by: ['user_id', 'api_key_id'] }, 'completions', env);
      const byModel = notebookParams({ days_ago: 7, bucket_width: '1h', group_by: ['model'] }, 'completions', env);
      const share = notebookParams({ ...raw, group_by: ['model'] }, 'completions', env);
      const proj = notebookParams({ ...raw, group_by: ['project_id'] }, 'costs', env);
      const src = notebookParams({ ...raw, group_by: ['api_source'] }, 'costs', env);
      return [
        ['connect+names', async (c) => (await open(), c().names(true))],
        ['people', (c) => c().fetch('completions', people.query)],
        ['hourly models', (c) => c().fetch('completions', byModel.query)],
        ['model share', (c) => c().fetch('completions', share.query)],
        ['project costs', (c) => c().fetch('costs', proj.query)],
        ['source costs', (c) => c().fetch('costs', src.query)],
        [
          'other endpoints',
          async (c) => {
            for (const endpoint of USAGE_ENDPOINT_NAMES.filter((e) => e !== 'completions'))
              await c().fetch(endpoint, notebookParams({ days_ago: days }, endpoint, env).query);
          },
        ],
      ];
    }
    case '04': {
      const p = insightsParams({ days_ago: days, time_zone: 'Europe/Berlin', local_days_ago: 14, ...o }, env);
      const q = p.usageQueries;
      return [
        [
          'data cell',
          async (c) => {
            await open();
            for (const e of [
              'completions',
              'decisions',
              'embeddings',
              'images',
              'audio_speeches',
              'audio_transcriptions',
            ] as const)
              await c().table(e, q[e]);
            return c().table('costs', p.costQueries);
          },
        ],
        [
          'forecast',
          async (c) => {
            await c().table('costs', p.forecastQuery);
            return c().budgets([]);
          },
        ],
        ['names', (c) => c().names(true)],
        ['hourly', (c) => c().fetch('completions', p.localQuery)],
        ['organizationSpend', (c) => c().organizationSpend(p.range, { names: true, organizations: null })],
      ];
    }
    case '05': {
      const p = insightsParams({ days_ago: days, ...o }, env);
      return [
        [
          'data cell',
          async (c) => {
            await open();
            await c().names(true);
            const costs = await c().fetchByOrganization('costs', p.costQueries);
            return c().budgetsByOrganization(costs);
          },
        ],
      ];
    }
    default:
      throw new RangeError(`invalid notebook: ${nb}`);
  }
}

function summarize(sqls: readonly { sql: string; ms: number }[]): string {
  const by = new Map<string, { n: number; ms: number }>();
  for (const s of sqls) {
    const key = s.sql.replace(/\s+/g, ' ').slice(0, 90);
    const e = by.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += s.ms;
    by.set(key, e);
  }
  return [...by]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 12)
    .map(([k, e]) => `      ${e.ms.toFixed(1).padStart(7)} ms ${String(e.n).padStart(3)}x ${k}`)
    .join('\n');
}

async function main(): Promise<void> {
  const o = new Command('reads-profile')
    .requiredOption('--store <file>', 'DuckDB file (synced with --sync when missing)')
    .option('--sync', 'sync the store first when the file is missing', false)
    .option('--days <n>', 'days_ago', '365')
    .option('--notebooks <list>', 'notebook prefixes', '01,02,03,04,05')
    .option('--runs <n>', 'Run Alls (median printed)', '3')
    .option('--now <iso>', 'the pinned "now" of the sync and reads', '2026-12-06T20:00:00Z')
    .option('--sql', 'time every DuckDB statement', false)
    .option('--json <file>', 'write every read result to this file (to compare two versions)')
    .option(
      '--demo',
      'no key: a store of the demo organizations (sync it with `npm run sync -- --demo --store FILE`)',
      false,
    )
    .parse()
    .opts<Options>();
  const now = Math.floor(Date.parse(o.now) / 1000);
  const key = `sk-admin-bench-${randomBytes(12).toString('hex')}`;
  const emulator = await startEmulator({ port: 0, adminKeys: [key], now: () => now });
  const env = benchEnv(emulator, key, now, { USAGE_SOURCE: 'store', USAGE_STORE_URL: path.resolve(o.store) });
  if (o.demo) delete env['OPENAI_ADMIN_KEY'];
  try {
    if (!existsSync(o.store)) {
      if (!o.sync) throw new Error(`no store ${o.store} (--sync makes one)`);
      const t0 = performance.now();
      const r = await runChild(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'scripts', 'sync.ts'),
          '--store',
          path.resolve(o.store),
          '--since',
          '367d',
          '--now',
          String(now),
          '--quiet',
        ],
        { env },
      );
      if (r.code !== 0) throw new Error(`sync failed: ${(r.stdout + r.stderr).slice(-2000)}`);
      console.log(`synced ${o.store} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (o.sql) timeStatements();
    const days = Number(o.days);
    const nenv = { now, fixedNow: true };
    const results: Record<string, unknown> = {};
    for (const nb of o.notebooks.split(',')) {
      const times = new Map<string, number[]>();
      const cpu = new Map<string, number[]>();
      let sqls: { sql: string; ms: number }[] = [];
      for (let run = 0; run < Number(o.runs); run++) {
        let conn: NotebookConnection | undefined;
        const open = async (): Promise<void> => {
          conn = await connectNotebook({
            source: 'store',
            env,
            writer: { publish: () => undefined },
            organizations: null,
          });
        };
        const c = (): NotebookConnection => {
          if (conn === undefined) throw new Error('not connected');
          return conn;
        };
        statements.length = 0;
        for (const [name, cell] of notebookCells(nb, days, nenv, open)) {
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          const out = await cell(c);
          const used = process.cpuUsage(c0);
          times.set(name, [...(times.get(name) ?? []), performance.now() - t0]);
          cpu.set(name, [...(cpu.get(name) ?? []), (used.user + used.system) / 1000]);
          if (run === 0) results[`${nb} ${name}`] = out;
        }
        await c().close();
        sqls = [...statements];
      }
      const total = (m: Map<string, number[]>): string => [...m.values()].reduce((s, l) => s + median(l), 0).toFixed(0);
      console.log(
        `${nb} at ${days} d: ${total(times)} ms, CPU ${total(cpu)} ms (median of ${o.runs} Run Alls per cell), load ${loadavg()[0]?.toFixed(1) ?? ''}`,
      );
      for (const [name, list] of times)
        console.log(
          `  ${name.padEnd(22)} ${median(list).toFixed(0).padStart(6)} ms, CPU ${median(cpu.get(name) ?? [])
            .toFixed(0)
            .padStart(6)} ms  [${list.map((t) => t.toFixed(0)).join(', ')}]`,
        );
      if (o.sql) {
        console.log(
          `    SQL of the last Run All: ${sqls.length} statements, ${sqls.reduce((s, x) => s + x.ms, 0).toFixed(0)} ms`,
        );
        console.log(summarize(sqls));
      }
    }
    if (o.json !== undefined) writeFileSync(o.json, JSON.stringify(results));
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
