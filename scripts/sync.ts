// `npm run sync`: brings the store (data/usage.duckdb, --store FILE|postgres://…, or USAGE_STORE_URL) up to date with
// every usage endpoint and costs, incrementally; `--every 1h` keeps doing it; `--export` writes files for BI/FinOps.
// Without OPENAI_ADMIN_KEY it syncs the built-in emulator into data/demo.duckdb (never into your real store).
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../lib/api/config';
import { connect } from '../lib/demo/index';
import { directoryLister } from '../lib/store/directory-entries';
import { formatSeconds, parseDuration, parseEndpoints, parseTiers, parseTime } from '../lib/store/cli-values';
import { EXPORT_FORMATS, exportStore, type ExportFormat } from '../lib/store/export-store';
import { openStore, resolveStoreLocation } from '../lib/store/open-store';
import { DEFAULT_TRAILING } from '../lib/store/plan-sync';
import {
  claimsUnlabelledRows,
  organizationByName,
  syncStore,
  type SyncOptions,
  type SyncProgress,
} from '../lib/store/sync';

interface CliOptions {
  store?: string;
  since?: string;
  until?: string;
  endpoints?: string;
  widths?: string;
  trailingUsage?: string;
  trailingCosts?: string;
  concurrency?: string;
  wait?: string | boolean;
  every?: string;
  export?: string;
  out: string;
  now?: string;
  quiet?: boolean;
}

/** One progress line: rewritten in place on a terminal, a line every few seconds otherwise (logs, CI). */
function progressLine(quiet: boolean): { update: (p: SyncProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let pending = '';
  return {
    update(p) {
      const eta = p.etaMs === null ? '…' : formatSeconds(p.etaMs / 1000);
      const where = p.current === undefined ? '' : ` · ${p.current.endpoint} ${p.current.width}`;
      pending = `sync: ${p.windowsDone}/${p.windowsTotal} windows · ${p.requests} requests · ${p.rows} rows · ETA ${eta}${where}`;
      if (quiet) return;
      if (tty) process.stderr.write(`\r${pending}\x1b[K`);
      else if (Date.now() - last > 5000 || p.windowsDone === p.windowsTotal) {
        process.stderr.write(`${pending}\n`);
        last = Date.now();
        pending = '';
      }
    },
    end() {
      if (!quiet && tty) process.stderr.write('\n');
    },
  };
}

/** Every flag checked and parsed: what one run does. Throws `invalid <flag>: …` before any banner or request. */
interface RunPlan {
  now: number;
  waitMs: number;
  export?: ExportFormat;
  sync: Omit<SyncOptions, 'client' | 'store' | 'organization' | 'listDirectory' | 'onProgress'>;
}

function planRun(o: CliOptions): RunPlan {
  const now = o.now === undefined ? Math.floor(Date.now() / 1000) : parseTime('--now', o.now, 0);
  const waitMs =
    o.wait === undefined || o.wait === false ? 0 : o.wait === true ? 3_600_000 : parseDuration('--wait', o.wait) * 1000;
  const sync: RunPlan['sync'] = {
    now,
    waitMs,
    trailing: {
      usage:
        o.trailingUsage === undefined ? DEFAULT_TRAILING.usage : parseDuration('--trailing-usage', o.trailingUsage),
      costs:
        o.trailingCosts === undefined ? DEFAULT_TRAILING.costs : parseDuration('--trailing-costs', o.trailingCosts),
    },
  };
  if (o.since !== undefined) sync.since = parseTime('--since', o.since, now);
  if (o.until !== undefined) sync.until = parseTime('--until', o.until, now);
  if (o.endpoints !== undefined) sync.endpoints = parseEndpoints(o.endpoints);
  if (o.widths !== undefined) sync.tiers = parseTiers(o.widths);
  if (o.concurrency !== undefined) {
    if (!/^\d+$/.test(o.concurrency.trim()) || Number(o.concurrency) < 1)
      throw new RangeError(`invalid --concurrency: ${JSON.stringify(o.concurrency)} (an integer >= 1)`);
    sync.concurrency = Number(o.concurrency);
  }
  if (o.export === undefined) return { now, waitMs, sync };
  const format = EXPORT_FORMATS.find((f) => f === o.export);
  if (format === undefined)
    throw new RangeError(`invalid --export: ${JSON.stringify(o.export)} (one of ${EXPORT_FORMATS.join(', ')})`);
  return { now, waitMs, sync, export: format };
}

async function runOnce(o: CliOptions): Promise<void> {
  const plan = planRun(o);
  // Demo or live is known from the config alone: an export sends no request, so it starts no emulator and says no
  // "Demo mode" (the banner is for runs that talk to an API).
  const demo = loadConfig().apiKey === undefined;
  const location = resolveStoreLocation(o.store, process.env, demo ? path.join('data', 'demo.duckdb') : undefined);
  const store = await openStore(location, { waitMs: plan.waitMs });
  try {
    if (plan.export !== undefined) {
      const files = await exportStore(store, plan.export, o.out, { onNotice: (m) => console.error(m) });
      for (const f of files) console.log(f);
      return;
    }
    const connection = await connect({ log: (line) => console.error(line) });
    const line = progressLine(o.quiet === true);
    try {
      const client = connection.client;
      // Names for the IDs; a key that may read usage but not the directory still syncs usage (said once).
      const listDirectory = directoryLister(client, {
        onUnavailable: (m) => console.error(`directory not synced (names stay as stored): ${m}`),
        onIncomplete: (notice) => console.error(notice),
      });
      // One organization, as before issue 17's multi-organization sync: "default", or the demo's "acme".
      const name = connection.mode === 'demo' ? 'acme' : 'default';
      const r = await syncStore({
        ...plan.sync,
        client,
        store,
        organization: organizationByName(name),
        claimsUnlabelled: claimsUnlabelledRows(name, connection.mode),
        onNotice: (m) => console.error(m),
        onProgress: line.update,
        listDirectory,
      });
      line.end();
      const names = r.directoryEntries === null ? '' : `, ${r.directoryEntries} directory entries`;
      console.log(
        `synced ${store.location}: ${r.windows} windows, ${r.requests} requests, ${r.rows} rows${names} in ${formatSeconds(r.durationMs / 1000)}`,
      );
    } finally {
      await connection.close();
    }
  } finally {
    await store.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name('sync')
    .description('Keep a store of usage and costs up to date (DuckDB file by default, PostgreSQL for teams).')
    .option('--store <file|url>', 'DuckDB file or postgres://… URL (default: USAGE_STORE_URL, else data/usage.duckdb)')
    .option('--since <time>', 'start of the range: ISO date, Unix seconds or an age like 90d (default 30d)')
    .option('--until <time>', 'end of the range (default now; the open bucket is stored, never final)')
    .option('--endpoints <list>', 'comma-separated endpoints, or all (default all)')
    .option('--widths <tiers>', 'bucket widths by age (default 1d,1h:30d,1m:1d)')
    .option('--trailing-usage <duration>', 'usage window re-read every run (default 48h)')
    .option('--trailing-costs <duration>', 'costs window re-read every run (default 3d)')
    .option('--concurrency <n>', 'windows fetched at once (default 2)')
    .option('--wait [duration]', 'wait for another sync holding the store (default: stop at once)')
    .option('--every <duration>', 'sync again every <duration> (e.g. 1h) until stopped')
    .option('--export <format>', 'instead of syncing, write parquet, csv or focus files from the store')
    .option('--out <dir>', 'folder for --export', path.join('out', 'store'))
    .option('--now <time>', 'pretend it is this time (reproducible runs and tests)')
    .option('--quiet', 'no progress line')
    .parse([...argv]);
  const o = program.opts<CliOptions>();
  // Every flag is checked before anything runs: a typo stops here, not after a banner or each period of --every.
  planRun(o);
  if (o.every === undefined) return runOnce(o);
  const period = parseDuration('--every', o.every) * 1000;
  for (;;) {
    const at = Date.now();
    try {
      await runOnce(o);
    } catch (error) {
      // A failed run (network, lock) is reported and retried next period; the store stays consistent.
      console.error(`sync failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, period - (Date.now() - at))));
  }
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    console.error(`sync: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
