import { readFileSync } from 'node:fs';
import { maskSecrets, type DirectorySource } from '../api/index';
import { UNLABELLED_ORGANIZATION_NAME, type UsageStore } from '../store/index';
import { recordAndDeliver, failureText, type DeliveryPolicy, type DeliveryReport } from './deliver';
import { appliesTo, evaluateRules, type AlertEvent, type AlertSnapshot } from './evaluate';
import { readSnapshot, type AlertOrganization } from './read-snapshot';
import {
  AlertsConfigError,
  channelSecrets,
  parseAlertRules,
  parseAlertsFile,
  type AlertRule,
  type AlertsConfig,
  type Env,
} from './rules-file';
import { readSpendLimits, readStoredSpendLimits } from './spend-limits';

/**
 * Exit code of `npm run sync` and `npm run alerts` when the data is fine but alerts were left undelivered (or the
 * rules could not be evaluated): they are recorded and retried on the next run. Distinct from errors (1).
 */
export const EXIT_ALERTS_UNDELIVERED = 3;

/**
 * The rules file named by `--alerts FILE`, else `USAGE_ALERTS`, parsed and checked (channels' secrets read from
 * `env`); undefined when neither names one. A file that cannot be read or is wrong throws `AlertsConfigError`
 * naming it, before any request.
 * @example const config = loadAlertsFile(opts.alerts, process.env); // undefined: no alerts
 */
export function loadAlertsFile(file: string | undefined, env: Env): AlertsConfig | undefined {
  const text = readRulesFile(file, env);
  return text === undefined ? undefined : parseAlertsFile(text, env);
}

/**
 * The rules of the file named by `file`, else `USAGE_ALERTS`, without the channels' secrets (replays send nothing);
 * an error naming it when neither names one or it is wrong.
 * @example replayAlerts(loadAlertRules('../config/alerts.example.yaml'), costs)
 */
export function loadAlertRules(file: string | undefined, env: Env = process.env): AlertRule[] {
  const text = readRulesFile(file, env, 'rules file');
  if (text === undefined) throw new AlertsConfigError('invalid rules file: none given (a file, or USAGE_ALERTS)');
  return parseAlertRules(text);
}

function readRulesFile(file: string | undefined, env: Env, fileLabel = '--alerts'): string | undefined {
  const flag = file !== undefined ? fileLabel : 'USAGE_ALERTS';
  const chosen = file ?? env['USAGE_ALERTS'];
  if (chosen === undefined || chosen.trim() === '') return undefined;
  try {
    return readFileSync(chosen, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : String(e);
    throw new AlertsConfigError(`invalid ${flag}: ${chosen} (${why})`, { cause: e });
  }
}

/** True when a budget rule has no `amount`: its budget comes from the organization's spend limits. */
export function needsSpendLimits(config: Pick<AlertsConfig, 'rules'>): boolean {
  return config.rules.some((r) => r.type === 'budget' && r.amount === null);
}

/** An API client per organization ID, for spend limits the store does not hold (one client: every organization's). */
export type LimitsClient = DirectorySource | ((organizationId: string) => DirectorySource | undefined);

/** Options of {@link runAlerts}. */
export interface RunAlertsOptions {
  config: AlertsConfig;
  /** @unit Unix seconds */
  now: number;
  /**
   * Reads the spend limits of budget rules without `amount` where the store holds none (the sync's client);
   * without it such rules have no budget there.
   */
  client?: LimitsClient;
  policy?: Partial<DeliveryPolicy>;
  /** Notices and failed attempts, one line each, secrets masked. */
  log?: (line: string) => void;
  /** Wait this long for another process holding the store's lock. @unit milliseconds @default 60000 */
  lockWaitMs?: number;
}

/** What one run of the rules did; never an exception: `error` says why nothing could be evaluated. */
export interface AlertsRun {
  /** Events the rules found now (recorded or not before). */
  found: number;
  report: DeliveryReport;
  /** Why the rules could not be evaluated or recorded (store, lock), masked; null when they were. */
  error: string | null;
  /** 0 when everything due was delivered, else {@link EXIT_ALERTS_UNDELIVERED}. */
  exitCode: 0 | typeof EXIT_ALERTS_UNDELIVERED;
  /** One line for the run's output, e.g. `alerts: 2 new events, 4 deliveries sent, 0 undelivered`. */
  summary: string;
}

/**
 * The organizations the rules are scoped to: each one the store synced (rows written before organizations, not
 * claimed yet, as their own); a store never synced is one organization, "default" (its stale rules say so).
 */
export async function alertOrganizations(store: UsageStore): Promise<AlertOrganization[]> {
  const orgs: AlertOrganization[] = (await store.listOrganizations()).map((o) => ({ id: o.id, name: o.name }));
  if (await store.hasUnlabelledRows()) orgs.push({ id: '', name: UNLABELLED_ORGANIZATION_NAME });
  return orgs.length > 0 ? orgs : [{ id: 'default', name: 'default' }];
}

/**
 * One organization's snapshot: its costs and the open events, and spend limits when a rule needs them (stored by
 * the directory sync; else read with the client; else none, said once).
 */
export async function alertSnapshot(
  store: UsageStore,
  options: Pick<RunAlertsOptions, 'config' | 'now' | 'client'> & {
    organization?: AlertOrganization;
    onNotice: (l: string) => void;
  },
): Promise<AlertSnapshot> {
  const org = options.organization;
  const snapshot = await readSnapshot(store, { now: options.now, ...(org === undefined ? {} : { organization: org }) });
  if (!needsSpendLimits(options.config)) return snapshot;
  const stored = org === undefined ? null : await readStoredSpendLimits(store, org.id);
  if (stored !== null) return { ...snapshot, limits: stored };
  const client = typeof options.client === 'function' ? options.client(org?.id ?? 'default') : options.client;
  if (client === undefined) {
    options.onNotice(
      `budget rules without amount have no budget${org === undefined ? '' : ` for ${org.name}`}: the store holds no spend limits and no API client reads them`,
    );
    return snapshot;
  }
  const projects = [...new Set(snapshot.costs.map((c) => c.projectId).filter((p): p is string => p !== null))];
  return { ...snapshot, limits: await readSpendLimits(client, projects, options.onNotice) };
}

/** Each rule's `organizations` filter entry that names none of the organizations (a typo pages no one). */
export function unmatchedOrganizationFilters(
  rules: readonly AlertRule[],
  organizations: readonly AlertOrganization[],
): string[] {
  const out: string[] = [];
  for (const r of rules)
    for (const o of r.organizations ?? [])
      if (!organizations.some((org) => appliesTo({ organizations: [o] }, org)))
        out.push(
          `rule ${r.name}: organizations entry ${JSON.stringify(o)} names no organization of the store (${organizations.map((x) => x.name).join(', ')})`,
        );
  return out;
}

/**
 * Every rule over every organization of the store (each its own scopes: its costs, budgets and events); the events
 * are not recorded (`npm run alerts -- --dry-run` prints them).
 */
export async function evaluateStore(
  store: UsageStore,
  options: Pick<RunAlertsOptions, 'config' | 'now' | 'client'>,
): Promise<{ events: AlertEvent[]; notices: string[] }> {
  const organizations = await alertOrganizations(store);
  const notices = unmatchedOrganizationFilters(options.config.rules, organizations);
  const events: AlertEvent[] = [];
  for (const organization of organizations) {
    const snapshot = await alertSnapshot(store, { ...options, organization, onNotice: (n) => notices.push(n) });
    const evaluated = evaluateRules(options.config.rules, snapshot);
    notices.push(...evaluated.notices);
    events.push(...evaluated.events);
  }
  return { events, notices };
}

/**
 * Evaluates the rules over the store, records what is new and delivers everything undelivered (this run's and
 * earlier runs'), under the store's lock. Meant to run after the data is written (`npm run sync`, the dashboard's
 * `--every`): it never throws, so a channel or the alerts can never fail the sync; the result says what is left.
 * @example const run = await runAlerts(store, { config, now }); console.log(run.summary);
 */
export async function runAlerts(store: UsageStore, options: RunAlertsOptions): Promise<AlertsRun> {
  const secrets = channelSecrets(options.config);
  const log = (line: string): void => options.log?.(maskSecrets(line, secrets));
  const empty: DeliveryReport = { recorded: [], delivered: [], failed: [], notices: [] };
  let found = 0;
  let report = empty;
  let error: string | null = null;
  try {
    const { events, notices } = await evaluateStore(store, options);
    for (const n of notices) log(`alerts: ${n}`);
    found = events.length;
    await store.lock({ waitMs: options.lockWaitMs ?? 60_000 });
    try {
      report = await recordAndDeliver(store, options.config, events, {
        now: () => options.now,
        log,
        ...(options.policy === undefined ? {} : { policy: options.policy }),
      });
    } finally {
      await store.unlock();
    }
    for (const n of report.notices) log(`alerts: ${n}`);
    for (const f of report.failed)
      log(`undelivered: ${f.key.rule} · ${f.key.scope} · ${f.key.period} to ${f.channel}: ${f.error}`);
  } catch (e) {
    error = failureText(e, secrets);
  }
  const undelivered = report.failed.length;
  const summary =
    error === null
      ? `alerts: ${report.recorded.length} new events, ${report.delivered.length} deliveries sent, ${undelivered} undelivered`
      : `alerts: not evaluated (${error}); the data is synced, alerts are retried next run`;
  return {
    found,
    report,
    error,
    exitCode: error === null && undelivered === 0 ? 0 : EXIT_ALERTS_UNDELIVERED,
    summary,
  };
}
