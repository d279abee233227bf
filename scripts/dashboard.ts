#!/usr/bin/env node
/**
 * `npm run dashboard -- [--port N] [--store FILE|URL [--create]] [--every 15m] [--poll 30s] [--days 90]`: the live
 * dashboard on 127.0.0.1. With a store (`--store` or USAGE_STORE_URL) it follows what `npm run sync` lands there, and
 * syncs it itself with `--every`; a DuckDB file that does not exist is an error unless `--every` or `--create`. Without
 * a store it fetches from the API (the demo emulator when there is no key) into memory every `--every`. Prints the
 * URL with its access token once; the admin key is never printed.
 */
import { existsSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { connect, type Connection } from '../lib/demo/index';
import { loadDirectory, resolveOrganization } from '../lib/api/index';
import {
  apiSource,
  utcDayStart,
  dashboardInsights,
  every,
  parseEvery,
  type Schedule,
  startDashboard,
  type DashboardSource,
  storeSource,
} from '../lib/dashboard/index';
import { directoryLister, isPostgresUrl, openStore, claimsUnlabelledRows, syncStore } from '../lib/store/index';
import { loadAlertsFile, runAlerts } from '../lib/alerts/index';

interface CliOptions {
  port: number;
  store?: string;
  create?: boolean;
  every?: string;
  poll: string;
  days: number;
  alerts?: string;
}

function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`invalid ${name}: ${value} (an integer from ${min} to ${max})`);
    }
    return n;
  };
}

function isCliOptions(value: Record<string, unknown>): value is Record<string, unknown> & CliOptions {
  return typeof value['port'] === 'number' && typeof value['poll'] === 'string' && typeof value['days'] === 'number';
}

/** Parses argv, starts source, schedules and server; resolves with a stop function (also bound to SIGINT/SIGTERM). */
export async function main(
  argv: readonly string[],
  log: (line: string) => void = console.log,
): Promise<() => Promise<void>> {
  const program = new Command()
    .name('dashboard')
    .description('Live dashboard of usage and spend on 127.0.0.1 (demo data without a key).')
    .option('--port <n>', 'port to listen on (0 = any free port)', integerOption('--port', 0, 65535), 8050)
    .option(
      '--store <file|url>',
      'store to follow: DuckDB file or postgres://… (default: USAGE_STORE_URL; none = fetch from the API)',
    )
    .option(
      '--every <interval>',
      'sync this often, e.g. 15m, 1h (default 15m without a store; with a store: only if given)',
    )
    .option('--create', 'with a DuckDB store file that does not exist yet: start from an empty one')
    .option('--poll <interval>', 'with a store: look for data synced by others this often', '30s')
    .option('--days <n>', 'days of data kept and selectable', integerOption('--days', 1, 366), 90)
    .option('--alerts <file>', 'with --every and a store: alert rules run after each sync (default: USAGE_ALERTS)')
    // Throw instead of exiting, so callers (and tests) see bad flags as errors.
    .exitOverride()
    .parse([...argv], { from: 'user' });
  const opts = program.opts();
  if (!isCliOptions(opts)) throw new Error('invalid options');
  const envStore = process.env['USAGE_STORE_URL']?.trim();
  const location = opts.store ?? (envStore === '' ? undefined : envStore);
  const everyMs =
    opts.every === undefined ? (location === undefined ? parseEvery('15m') : undefined) : parseEvery(opts.every);
  const pollMs = parseEvery(opts.poll);
  // Checked before anything starts; run after each of our own syncs into a store (alerts are recorded there).
  const alerts = loadAlertsFile(opts.alerts, process.env);
  if (alerts !== undefined && (location === undefined || everyMs === undefined))
    log('alerts: not run here (the dashboard runs them after its own syncs into a store: --store and --every)');
  if (location !== undefined && !isPostgresUrl(location) && !existsSync(location) && opts.create !== true) {
    // Following a file nobody writes would serve "No usage data" forever; a typo in the path looks just like that.
    // With --every the dashboard syncs it itself, which creates it (as `npm run sync` does).
    if (everyMs === undefined) {
      const flag = opts.store === undefined ? 'USAGE_STORE_URL' : '--store';
      throw new Error(
        `invalid ${flag}: ${JSON.stringify(location)} (no such DuckDB store; create it with ` +
          `\`npm run sync -- --store ${location}\`, let the dashboard sync it with --every 15m, or pass --create to ` +
          'start from an empty store)',
      );
    }
  }
  const onError = (e: unknown): void =>
    log(`sync failed (the dashboard keeps the previous data): ${e instanceof Error ? e.message : String(e)}`);
  const schedules: Schedule[] = [];
  let syncing = false;
  let connection: Connection | undefined;
  let source: DashboardSource;
  let first: Promise<unknown>;
  if (location === undefined) {
    const conn = await connect({ log });
    connection = conn;
    // Names from the organization's directory, fetched anew each sync; without the scope the ids stay.
    const api = apiSource(conn.client, {
      days: opts.days,
      directory: async () =>
        (await loadDirectory(conn.client, { refresh: true })).projects.map((p) => ({ id: p.id, name: p.name ?? p.id })),
      onDirectoryError: (e: unknown) =>
        log(`could not read project names (ids shown instead): ${e instanceof Error ? e.message : String(e)}`),
    });
    source = api;
    first = api.sync().catch(onError);
    if (everyMs !== undefined) schedules.push(every(everyMs, () => api.sync(), onError));
  } else {
    const store = storeSource({ location, days: opts.days });
    source = store;
    if (everyMs !== undefined) {
      const conn = await connect({ log });
      connection = conn;
      // Names for the project ids the page shows; a key without the directory scope still syncs usage.
      const listDirectory = directoryLister(conn.client, {
        refresh: true,
        onUnavailable: (m) => log(`could not read project names (ids shown instead): ${m}`),
        onIncomplete: (line) => log(line),
      });
      const syncOnce = async (): Promise<void> => {
        syncing = true;
        const s = await openStore(location, { waitMs: 60_000 }).catch((e: unknown) => {
          syncing = false;
          throw e;
        });
        try {
          const since = utcDayStart(Math.floor(Date.now() / 1000)) - (opts.days - 1) * 86_400;
          // What the page reads (storeSource): completions by model and project, costs by line item and
          // project, and the directory's project names; the other endpoints feed no chart here.
          const name = conn.name;
          // Under its ID (the openai-organization header), as `npm run sync` stores it: one organization, one ID.
          const organization = await resolveOrganization(conn.client, { name }, process.env, { onNotice: log });
          await syncStore({
            client: conn.client,
            store: s,
            organization,
            claimsUnlabelled: claimsUnlabelledRows(name, conn.mode),
            onNotice: log,
            since,
            endpoints: ['completions', 'costs'],
            listDirectory,
            waitMs: 60_000,
          });
        } finally {
          // After the data is written, or after a failed sync (stale rules); alerts never throw.
          if (alerts !== undefined)
            log(
              (await runAlerts(s, { config: alerts, now: Math.floor(Date.now() / 1000), client: conn.client, log }))
                .summary,
            );
          await s.close();
          syncing = false;
        }
        await store.refresh();
      };
      // One sync at a time: the first one may outlast the interval, and a second would hold the file while the
      // first one's end tells the poll the store is free ("in use by another process").
      let queue: Promise<void> = Promise.resolve();
      const syncInTurn = (): Promise<void> => (queue = queue.catch(() => undefined).then(syncOnce));
      first = syncInTurn().catch(onError);
      schedules.push(every(everyMs, syncInTurn, onError));
    } else {
      first = store.refresh().catch(onError);
    }
    // Our own sync holds the store meanwhile (a DuckDB file admits one opener) and refreshes when it ends.
    // A cron sync may hold a DuckDB file for a while: the page keeps what it has and the next poll tries again.
    const onReadError = (e: unknown): void =>
      log(
        `could not read the store (the dashboard keeps the previous data): ${e instanceof Error ? e.message : String(e)}`,
      );
    schedules.push(every(pollMs, async () => void (syncing ? false : await store.refresh()), onReadError));
  }
  const dashboard = await startDashboard({
    source,
    port: opts.port,
    maxDays: opts.days,
    insights: dashboardInsights(),
  });
  const onSignal = (): void => {
    void stop().then(() => process.exit(0));
  };
  const what = location !== undefined ? 'store' : connection?.mode === 'demo' ? 'demo data' : 'your organization';
  log(`Dashboard (${what}), open:`);
  log(`    ${dashboard.url}`);
  const stop = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const s of schedules) s.stop();
    await first;
    await dashboard.close();
    await source.close();
    await connection?.close();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return stop;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    // Commander has already printed its own errors and --help.
    if (error instanceof CommanderError) process.exit(error.exitCode);
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
