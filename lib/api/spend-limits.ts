import { isJsonObject } from '../shared/index';
import type { DirectorySource } from './directory';
import { MalformedResponseError, NotFoundError } from './errors';
import { escapedId, listAll } from './directory';
import { pathSegment } from './path-segment';

/** A hard spend limit the organization (or one project) configured. */
export interface SpendLimit {
  scope: 'organization' | 'project';
  /** Set for project limits. */
  projectId: string | null;
  /** As sent: the SDK documents `threshold_amount` in cents. */
  thresholdCents: number;
  /** `thresholdCents / 100`. */
  thresholdAmount: number;
  /** e.g. "USD". */
  currency: string;
  /** e.g. "month". */
  interval: string;
  /** `enforcement.status` is "enforcing" (API calls get 429 `*_spend_limit_exceeded` once it is reached). */
  enforcing: boolean;
}

/** A monthly spend alert (an email when spend passes the threshold). */
export interface SpendAlert {
  id: string;
  thresholdCents: number;
  thresholdAmount: number;
  currency: string;
  interval: string;
  recipients: string[];
}

/**
 * The budgets an organization configured, in USD per month, as `resolveBudget`, `forecastByProject` and the alert
 * rules take them.
 */
export interface ApiBudgets {
  spendLimit: number | null;
  spendAlerts: number[];
  /** Project ID → its spend limit. */
  projectLimits: Record<string, number>;
}

/** A monthly USD threshold's amount; null for none, another currency or interval, or a zero threshold. */
function monthlyUsdAmount(l: SpendLimit | SpendAlert | null): number | null {
  return l !== null && l.currency.toLowerCase() === 'usd' && l.interval === 'month' && l.thresholdAmount > 0
    ? l.thresholdAmount
    : null;
}

/**
 * The budgets among an organization's spend limit, spend alerts and project limits: the monthly USD ones (a limit
 * or alert in another currency or interval is not a budget).
 */
export function monthlyBudgets(
  organizationLimit: SpendLimit | null,
  alerts: readonly SpendAlert[],
  projectLimits: readonly SpendLimit[],
): ApiBudgets {
  // fromEntries defines own properties: a project ID "__proto__" keeps its limit instead of setting a prototype.
  const projects: Record<string, number> = Object.fromEntries(
    projectLimits.flatMap((p) => {
      const amount = monthlyUsdAmount(p);
      return p.projectId !== null && amount !== null ? [[p.projectId, amount]] : [];
    }),
  );
  return {
    spendLimit: monthlyUsdAmount(organizationLimit),
    spendAlerts: alerts.map(monthlyUsdAmount).filter((a): a is number => a !== null),
    projectLimits: projects,
  };
}

type Json = Record<string, unknown>;

function field<T>(o: Json, name: string, ok: (v: unknown) => v is T, what: string): T {
  const v = o[name];
  if (!ok(v)) throw new MalformedResponseError(`expected ${what}, got ${JSON.stringify(v)}`, `$.${name}`);
  return v;
}
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function parseLimit(body: unknown, projectId: string | null): SpendLimit {
  if (!isJsonObject(body)) throw new MalformedResponseError(`expected an object, got ${JSON.stringify(body)}`, '$');
  const cents = field(body, 'threshold_amount', isNumber, 'a number');
  const enforcement = field(body, 'enforcement', isJsonObject, 'an object');
  return {
    scope: projectId === null ? 'organization' : 'project',
    projectId,
    thresholdCents: cents,
    thresholdAmount: cents / 100,
    currency: field(body, 'currency', isString, 'a string'),
    interval: field(body, 'interval', isString, 'a string'),
    enforcing: enforcement['status'] === 'enforcing',
  };
}

async function readLimit(client: DirectorySource, path: string, projectId: string | null): Promise<SpendLimit | null> {
  try {
    const { body } = await client.getJson(path);
    return parseLimit(body, projectId);
  } catch (err) {
    // No limit configured answers 404: that is "none", not a failure (how live tells it from an unknown project
    // is undocumented, so both read as none).
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/**
 * The organization's hard spend limit, or null when none is configured.
 * @example const limit = await organizationSpendLimit(conn.client); limit?.thresholdAmount
 */
export function organizationSpendLimit(client: DirectorySource): Promise<SpendLimit | null> {
  return readLimit(client, '/organization/spend_limit', null);
}

/** A project's hard spend limit, or null when it has none (or the project is unknown: both answer 404). */
export function projectSpendLimit(client: DirectorySource, projectId: string): Promise<SpendLimit | null> {
  const segment = typeof projectId === 'string' ? pathSegment(projectId) : null;
  if (segment === null)
    throw new TypeError(
      `invalid projectId: ${typeof projectId === 'string' ? escapedId(projectId) : String(projectId)} (no URL path can carry it)`,
    );
  return readLimit(client, `/organization/projects/${segment}/spend_limit`, projectId);
}

function parseAlert(v: unknown, path: string): SpendAlert {
  if (!isJsonObject(v)) throw new MalformedResponseError(`expected an object, got ${JSON.stringify(v)}`, path);
  const id = v['id'];
  const cents = v['threshold_amount'];
  if (typeof id !== 'string' || !isNumber(cents))
    throw new MalformedResponseError('expected id and threshold_amount', path);
  const channel = isJsonObject(v['notification_channel']) ? v['notification_channel'] : {};
  const recipients = Array.isArray(channel['recipients']) ? channel['recipients'].filter(isString) : [];
  return {
    id,
    thresholdCents: cents,
    thresholdAmount: cents / 100,
    currency: isString(v['currency']) ? v['currency'] : 'USD',
    interval: isString(v['interval']) ? v['interval'] : 'month',
    recipients,
  };
}

/** Every organization spend alert (all pages), in the API's order. */
export function spendAlerts(client: DirectorySource): Promise<SpendAlert[]> {
  return listAll(client, '/organization/spend_alerts', {}, parseAlert);
}
