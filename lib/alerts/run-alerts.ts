import { readFileSync } from 'node:fs';
import { maskSecrets, type DirectorySource } from '../api/index';
import type { UsageStore } from '../store/index';
import { recordAndDeliver, failureText, type DeliveryPolicy, type DeliveryReport } from './deliver';
import { evaluateRules, type AlertSnapshot } from './evaluate';
import { readSnapshot } from './read-snapshot';
import {
  AlertsConfigError,
  channelSecrets,
  parseAlertRules,
  parseAlertsFile,
  type AlertRule,
  type AlertsConfig,
  type Env,
} from './rules-file';
import { readSpendLimits } from './spend-limits';

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

/** Options of {@link runAlerts}. */
export interface RunAlertsOptions {
  config: AlertsConfig;
  /** @unit Unix seconds */
  now: number;
  /** Reads the spend limits of budget rules without `amount` (the sync's client); without it they have none. */
  client?: DirectorySource;
  organization?: string;
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

/** The snapshot the rules see: the store's costs and events, and spend limits when a rule needs them. */
export async function alertSnapshot(
  store: UsageStore,
  options: Pick<RunAlertsOptions, 'config' | 'now' | 'client' | 'organization'> & { onNotice: (l: string) => void },
): Promise<AlertSnapshot> {
  const snapshot = await readSnapshot(store, {
    now: options.now,
    ...(options.organization === undefined ? {} : { organization: options.organization }),
  });
  if (!needsSpendLimits(options.config)) return snapshot;
  if (options.client === undefined) {
    options.onNotice('budget rules without amount have no budget: no API client to read the spend limits');
    return snapshot;
  }
  const projects = [...new Set(snapshot.costs.map((c) => c.projectId).filter((p): p is string => p !== null))];
  return { ...snapshot, limits: await readSpendLimits(options.client, projects, options.onNotice) };
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
    const snapshot = await alertSnapshot(store, { ...options, onNotice: (n) => log(`alerts: ${n}`) });
    const evaluated = evaluateRules(options.config.rules, snapshot);
    for (const n of evaluated.notices) log(`alerts: ${n}`);
    found = evaluated.events.length;
    await store.lock({ waitMs: options.lockWaitMs ?? 60_000 });
    try {
      report = await recordAndDeliver(store, options.config, evaluated.events, {
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
