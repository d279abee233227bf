// `npm run sync`: brings the store (data/usage.duckdb, --store FILE|postgres://…, or USAGE_STORE_URL) up to date with
// every usage endpoint and costs of every configured organization (OPENAI_ADMIN_KEY and OPENAI_ADMIN_KEY_<NAME>),
// incrementally; `--organizations a,b` picks some; `--every 1h` keeps doing it; `--export` writes files for BI/FinOps.
// Without any key it syncs the demo's two emulated organizations into data/demo.duckdb (never into a store you named,
// unless --demo). One organization failing never stops the others: the run finishes them, then exits non-zero.
// `--alerts FILE` (or USAGE_ALERTS) evaluates alert rules after each sync (docs/alerts.md). Exit codes: 0 done, 1 error
// (a sync failed, for any organization, or bad options), 3 synced, but alerts are left undelivered (retried next run).
import path from 'node:path';
import { Command } from 'commander';
import { loadAlertsFile, runAlerts } from '../lib/alerts/index';
import {
  compareOrganizationNames,
  duplicateOrganizationWarning,
  isUsageApiError,
  loadOrganizations,
  maskSecrets,
  oneEntryPerOrganization,
  resolveOrganization,
  selectOrganizations,
  type OrganizationIdentity,
} from '../lib/api/index';
import { connectOrganizations, DEMO_ORGANIZATIONS, type OrganizationClient } from '../lib/demo/index';
import {
  directoryLister,
  formatSeconds,
  parseDuration,
  parseEndpoints,
  parseTiers,
  parseTime,
  EXPORT_FORMATS,
  exportStore,
  type ExportFormat,
  openStore,
  DEFAULT_TRAILING,
  claimsUnlabelledRows,
  syncStore,
  type SyncOptions,
  type SyncProgress,
} from '../lib/store/index';
import { resolveSyncTarget } from './sync-target';

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
  organizations?: string;
  demo?: boolean;
  alerts?: string;
}

/**
 * One progress line per organization: rewritten in place on a terminal, a line every few seconds otherwise (logs, CI).
 */
function progressLine(quiet: boolean, organization: string): { update: (p: SyncProgress) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let pending = '';
  return {
    update(p) {
      const eta = p.etaMs === null ? '…' : formatSeconds(p.etaMs / 1000);
      const where = p.current === undefined ? '' : ` · ${p.current.endpoint} ${p.current.width}`;
      pending = `sync ${organization}: ${p.windowsDone}/${p.windowsTotal} windows · ${p.requests} requests · ${p.rows} rows · ETA ${eta}${where}`;
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
  /** The rules evaluated after the data is written (`--alerts FILE` or USAGE_ALERTS), checked before any request. */
  alerts: ReturnType<typeof loadAlertsFile>;
  sync: Omit<
    SyncOptions,
    'client' | 'store' | 'listDirectory' | 'onProgress' | 'organization' | 'claimsUnlabelled' | 'onNotice'
  >;
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
  if (o.export === undefined) return { now, waitMs, sync, alerts: loadAlertsFile(o.alerts, process.env) };
  const format = EXPORT_FORMATS.find((f) => f === o.export);
  if (format === undefined)
    throw new RangeError(`invalid --export: ${JSON.stringify(o.export)} (one of ${EXPORT_FORMATS.join(', ')})`);
  return { now, waitMs, sync, alerts: undefined, export: format };
}

/** Why an organization failed, in one line without any secret. */
function reasonOf(error: unknown): string {
  return maskSecrets(error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}

/** An organization that could not be synced, and why. */
interface Failure {
  name: string;
  reason: string;
}

/**
 * Syncs each organization into the one store, one after the other, each under its own ID. A failure (a rejected
 * key, a server error, an unreachable server) is told at once and the next organization goes on; windows already
 * written stay (each is its own transaction), so the next run resumes where this one stopped.
 */
async function syncOrganizations(
  mode: 'live' | 'demo',
  organizations: readonly OrganizationClient[],
  store: Awaited<ReturnType<typeof openStore>>,
  plan: RunPlan,
  o: CliOptions,
  say: (line: string) => void,
  /** Filled with each organization's client by its ID (alerts read spend limits the store lacks through it). */
  clients: Map<string, OrganizationClient['client']>,
): Promise<Failure[]> {
  const failures: Failure[] = [];
  // The API's answers fail one organization; anything else (the store lost, a full disk, a bug) stops the run, since
  // the next organization would fail the same way.
  const fail = (name: string, error: unknown): void => {
    if (!isUsageApiError(error)) throw error;
    const failure = { name, reason: reasonOf(error) };
    failures.push(failure);
    if (organizations.length > 1) console.error(`sync ${name}: failed: ${failure.reason}`);
  };
  const resolved: { org: OrganizationClient; identity: OrganizationIdentity }[] = [];
  for (const org of organizations) {
    try {
      const identity = await resolveOrganization(org.client, org.config ?? { name: org.name }, undefined, {
        onNotice: say,
        now: plan.now * 1000,
      });
      resolved.push({ org, identity });
    } catch (error) {
      fail(org.name, error);
    }
  }
  const { kept, duplicates } = oneEntryPerOrganization(resolved, compareOrganizationNames);
  for (const d of duplicates) say(`warning: ${duplicateOrganizationWarning(d)}`);
  for (const { org, identity } of kept) {
    clients.set(identity.id, org.client);
    const line = progressLine(o.quiet === true, org.name);
    try {
      // Names for the IDs; a key that may read usage but not the directory still syncs usage (said once).
      const listDirectory = directoryLister(org.client, {
        onUnavailable: (m) => console.error(`sync ${org.name}: directory not synced (names stay as stored): ${m}`),
        onIncomplete: (notice) => console.error(`sync ${org.name}: ${notice}`),
      });
      const r = await syncStore({
        ...plan.sync,
        client: org.client,
        store,
        onProgress: line.update,
        listDirectory,
        organization: identity,
        // The rows a store held before organizations are the old single organization's: "default", the demo's acme.
        claimsUnlabelled: claimsUnlabelledRows(identity.name, mode),
        onNotice: say,
      });
      line.end();
      // The ID the rows went under: a stand-in's name syncs under the real ID an earlier sync learned.
      clients.set(r.organization.id, org.client);
      const names = r.directoryEntries === null ? '' : `, ${r.directoryEntries} directory entries`;
      console.log(
        `synced ${org.name} (${r.organization.id}) into ${store.location}: ${r.windows} windows, ${r.requests} requests, ` +
          `${r.rows} rows${names} in ${formatSeconds(r.durationMs / 1000)}`,
      );
    } catch (error) {
      line.end();
      fail(org.name, error);
    }
  }
  return failures;
}

async function runOnce(o: CliOptions, say: (line: string) => void): Promise<void> {
  const plan = planRun(o);
  // Live or demo is known from the configuration alone: an export sends no request, so it starts no emulator and says
  // no "Demo mode" (the banner is for runs that talk to an API).
  const configured = loadOrganizations();
  const target = resolveSyncTarget(
    {
      ...(o.store === undefined ? {} : { store: o.store }),
      demo: o.demo === true,
      exportOnly: plan.export !== undefined,
    },
    { configured: configured.length, env: process.env },
  );
  // An unknown --organizations name stops here, before the store is opened or any request is sent.
  const names: readonly { name: string }[] = target.mode === 'demo' ? DEMO_ORGANIZATIONS : configured;
  selectOrganizations(names, o.organizations);
  const store = await openStore(target.location, { waitMs: plan.waitMs });
  try {
    if (plan.export !== undefined) {
      const files = await exportStore(store, plan.export, o.out, { onNotice: (m) => console.error(m) });
      for (const f of files) console.log(f);
      return;
    }
    const connection = await connectOrganizations({
      log: (line) => console.error(line),
      demo: o.demo === true,
      ...(o.organizations === undefined ? {} : { organizations: o.organizations }),
      ...(o.now === undefined ? {} : { now: () => plan.now }),
    });
    try {
      const clients = new Map<string, OrganizationClient['client']>();
      let failures: Failure[] = [];
      try {
        failures = await syncOrganizations(connection.mode, connection.organizations, store, plan, o, say, clients);
      } finally {
        // After the data is written, or after a failed sync (stale rules watch for those). Alerts never throw; exit
        // 3 (EXIT_ALERTS_UNDELIVERED) when some wait for the next run. Spend limits come from the store; each
        // organization's API is only the fallback.
        if (plan.alerts !== undefined) {
          const run = await runAlerts(store, {
            config: plan.alerts,
            now: plan.now,
            client: (organizationId) => clients.get(organizationId),
            log: (l) => console.error(l),
          });
          console.log(run.summary);
          if (run.exitCode !== 0) process.exitCode = run.exitCode;
        }
      }
      const total = connection.organizations.length;
      const list = failures.map((f) => `${f.name}: ${f.reason}`).join('; ');
      if (failures.length > 0)
        throw new Error(
          total === 1 ? list : `${failures.length} of ${total} organizations failed (the others are synced): ${list}`,
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
    .option('--organizations <names>', 'only these configured organizations, comma-separated (default: all)')
    .option('--demo', "sync the demo's emulated organizations (also into a store named by --store or USAGE_STORE_URL)")
    .option('--alerts <file>', 'alert rules evaluated after the sync (default: USAGE_ALERTS); exit 3: some undelivered')
    .parse([...argv]);
  const o = program.opts<CliOptions>();
  // Every flag is checked before anything runs: a typo stops here, not after a banner or each period of --every.
  planRun(o);
  // Notices (a name standing in for an ID, a duplicate key) are said once, not every period of --every.
  const said = new Set<string>();
  const say = (line: string): void => {
    if (said.has(line)) return;
    said.add(line);
    console.error(line);
  };
  if (o.every === undefined) return runOnce(o, say);
  const period = parseDuration('--every', o.every) * 1000;
  for (;;) {
    const at = Date.now();
    try {
      await runOnce(o, say);
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
