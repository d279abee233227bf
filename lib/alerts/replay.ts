import type { AlertEventKey } from '../store/index';
import { utcDate, utcDateStart } from '../shared/index';
import { addTo } from './cost-sums';
import { OrganizationRules, type AlertEvent, type CostDay, type SpendLimits } from './evaluate';
import { eventColumns, type EventColumns } from './messages';
import type { AlertRule } from './rules-file';

const DAY = 86_400;

/** A cost bucket as the API and the store return it (costs grouped by project, line item and maybe API key). */
export interface CostBucketLike {
  start_time: number;
  results: ReadonlyArray<{
    project_id?: string | null;
    api_key_id?: string | null;
    line_item?: string | null;
    amount?: { value?: number | null } | null;
  }>;
}

/** Names of the IDs in cost rows: project and API key ID → name. */
export interface CostNames {
  project_id?: ReadonlyMap<string, string>;
  api_key_id?: ReadonlyMap<string, string>;
}

/**
 * Daily cost buckets as the rows the rules read (the same shape `readSnapshot` reads from the store's `costs_daily`
 * view), with names where `names` has them (project and API key ID → name).
 * @example costDaysFromBuckets(await conn.fetch('costs', query), { project_id: names.labels('project_id') })
 */
export function costDaysFromBuckets(buckets: readonly CostBucketLike[], names: CostNames = {}): CostDay[] {
  const out: CostDay[] = [];
  for (const b of buckets) {
    const date = utcDate(b.start_time);
    for (const r of b.results) {
      const projectId = r.project_id ?? null;
      const apiKeyId = r.api_key_id ?? null;
      out.push({
        date,
        projectId,
        projectName: projectId === null ? null : (names.project_id?.get(projectId) ?? null),
        apiKeyId,
        apiKeyName: apiKeyId === null ? null : (names.api_key_id?.get(apiKeyId) ?? null),
        lineItem: r.line_item ?? null,
        amount: Number(r.amount?.value ?? 0),
      });
    }
  }
  return out;
}

/**
 * Each organization's cost buckets (as `conn.fetchByOrganization('costs', …)` keeps them apart) as the organizations
 * {@link replayOrganizations} replays: its ID and name, its cost rows (`costDaysFromBuckets`, names where `names`
 * has them) and its spend limits from `limits` (organization ID → limits; none known where it has no entry).
 * @example replayOrganizations(rules, costsByOrganization(parts, { project_id: names.labels('project_id') }, limits))
 */
export function costsByOrganization(
  parts: readonly { organization_id: string; organization: string; buckets: readonly CostBucketLike[] }[],
  names: CostNames = {},
  limits: ReadonlyMap<string, SpendLimits> = new Map(),
): ReplayOrganization[] {
  return parts.map((p) => {
    const wholeFrom = firstWholeDay(p.buckets);
    return {
      id: p.organization_id,
      name: p.organization,
      costs: costDaysFromBuckets(p.buckets, names),
      limits: limits.get(p.organization_id),
      ...(wholeFrom === undefined ? {} : { wholeFrom }),
    };
  });
}

/**
 * The first day whose bucket is whole when the first bucket starts inside a day (the API's partial first bucket of a
 * range from now − N days); undefined when the first bucket starts at midnight UTC (nothing to say).
 */
function firstWholeDay(buckets: readonly Pick<CostBucketLike, 'start_time'>[]): string | undefined {
  let first: number | undefined;
  for (const b of buckets) if (first === undefined || b.start_time < first) first = b.start_time;
  if (first === undefined || first % DAY === 0) return undefined;
  return utcDate(first - (first % DAY) + DAY);
}

/** One day of the replay: the spend (rules' `projects` filters aside) and what fired that day. */
export interface ReplayDay {
  date: string;
  spend_usd: number;
  month_to_date_usd: number;
  /** Events that would have been sent on this day. */
  events: number;
}

/** An event the rules would have sent, on the day it would have been sent. */
export interface ReplayedEvent extends EventColumns {
  /** The day it would have fired (evaluated at `at` UTC of that day). */
  day: string;
  /** The organization's configured name (its ID where it has none). */
  organization: string;
  /** The organization's ID: the event's key, as the sync records it. */
  organization_id: string;
  event: AlertEvent;
}

/** One organization's days in a replay of several. */
export interface OrganizationReplayDays {
  /** Configured name (its ID where it has none). */
  organization: string;
  organization_id: string;
  days: ReplayDay[];
}

/** What the rules would have sent over the history. */
export interface AlertReplay {
  /** Every organization together: spend and events summed per day. */
  days: ReplayDay[];
  /** By day, then organization (in the order given), then as the rules found them. */
  events: ReplayedEvent[];
  /** Each distinct notice of the rules once (e.g. no budget known); prefixed by its organization when several. */
  notices: string[];
  /** Each organization's own days (one entry for a replay of one). */
  organizations: OrganizationReplayDays[];
}

/** Options of {@link replayAlerts}. */
export interface ReplayOptions {
  /** First day replayed `YYYY-MM-DD`. @default the first cost day */
  from?: string;
  /** Last day replayed. @default the last cost day */
  to?: string;
  /** The organization's ID: the events' key, and what the rules' `organizations` filter sees. @default "default" */
  organization?: string;
  /** Its configured name, which the rules' `organizations` filter matches too. @default the ID */
  organizationName?: string;
  /** Spend limits for budget rules without `amount` (undefined: none known). */
  limits?: SpendLimits | undefined;
  /** When each day is evaluated, UTC `HH:MM` (a sync then). @default "23:00" */
  at?: string;
}

/** One organization of {@link replayOrganizations}: who it is, its costs and spend limits. */
export interface ReplayOrganization {
  /** Its ID: the events' key, as the sync records them. */
  id: string;
  /** Its configured name (rules' `organizations` filters match it too). @default the ID */
  name?: string;
  costs: readonly CostDay[];
  /** Spend limits for budget rules without `amount` (undefined: none known). */
  limits?: SpendLimits | undefined;
  /**
   * The first day whose costs are whole, when the history starts inside a day: what spends from the next day on but
   * not in the first day's minutes is not a new spender. @default the first cost day
   */
  wholeFrom?: string;
}

/** The `at` option in seconds after midnight, and the range: given, else the first and last cost day. */
function replayRange(
  options: Pick<ReplayOptions, 'from' | 'to' | 'at'>,
  costs: readonly (readonly CostDay[])[],
): { offset: number; from: string; to: string } | null {
  const at = options.at ?? '23:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new RangeError(`invalid at: ${at} (HH:MM, UTC)`);
  const offset = Number(at.slice(0, 2)) * 3600 + Number(at.slice(3)) * 60;
  let first: string | undefined;
  let last: string | undefined;
  for (const list of costs)
    for (const c of list) {
      if (first === undefined || c.date < first) first = c.date;
      if (last === undefined || c.date > last) last = c.date;
    }
  const from = options.from ?? first;
  const to = options.to ?? last;
  if (from === undefined || to === undefined) return null;
  for (const [name, d] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(utcDateStart(d)))
      throw new RangeError(`invalid ${name}: ${d} (a date YYYY-MM-DD)`);
  return { offset, from, to };
}

/** One organization's replay over [from, to]: its days, events and notices (each notice once). */
function replayOne(
  rules: readonly AlertRule[],
  org: ReplayOrganization,
  range: { offset: number; from: string; to: string },
): { days: ReplayDay[]; events: ReplayedEvent[]; notices: string[] } {
  const sorted = [...org.costs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const organization = org.id;
  const name = org.name ?? org.id;
  const evaluator = new OrganizationRules(
    rules,
    { id: organization, ...(org.name === undefined ? {} : { name }) },
    org.wholeFrom === undefined ? {} : { wholeFrom: org.wholeFrom },
  );
  const seen = new Set<string>();
  const open: AlertEventKey[] = [];
  const events: ReplayedEvent[] = [];
  const days: ReplayDay[] = [];
  const notices = new Set<string>();
  const monthToDate = new Map<string, number>();
  const id = (k: AlertEventKey): string => JSON.stringify([k.organization, k.rule, k.scope, k.period, k.state]);
  let upTo = 0;
  for (let t = utcDateStart(range.from); t <= utcDateStart(range.to); t += DAY) {
    const date = utcDate(t);
    // Each day's rows are read once: the rules keep what they need of them (running sums, the baselines' days).
    const start = upTo;
    let spend = 0;
    while (upTo < sorted.length && (sorted[upTo]?.date ?? '') <= date) {
      const c = sorted[upTo];
      if (c !== undefined) {
        if (c.date === date) spend += c.amount;
        addTo(monthToDate, c.date.slice(0, 7), c.amount);
      }
      upTo++;
    }
    evaluator.add(sorted.slice(start, upTo));
    const now = t + range.offset;
    const { events: found, notices: said } = evaluator.evaluate({
      organization,
      ...(org.name === undefined ? {} : { organizationName: name }),
      now,
      // As if a sync had just run: costs of the day so far, complete days before it.
      lastSyncAt: now,
      costsCoveredUntil: t + DAY,
      ...(org.limits === undefined ? {} : { limits: org.limits }),
      open: [...open],
    });
    for (const n of said) notices.add(n);
    let fired = 0;
    for (const e of found) {
      const key = id(e);
      if (seen.has(key)) continue;
      seen.add(key);
      fired++;
      if (e.state === 'firing') open.push(e);
      else {
        const i = open.findIndex((o) => o.rule === e.rule && o.scope === e.scope && o.period === e.period);
        if (i >= 0) open.splice(i, 1);
      }
      events.push({ day: date, organization: name, organization_id: organization, ...eventColumns(e), event: e });
    }
    days.push({
      date,
      spend_usd: spend,
      month_to_date_usd: monthToDate.get(date.slice(0, 7)) ?? 0,
      events: fired,
    });
  }
  return { days, events, notices: [...notices] };
}

/**
 * "What would have fired": the rules replayed day by day as if each day were today, with the same rule code as the
 * sync (`OrganizationRules`, which `evaluateRules` runs): each day sees the costs up to its end, the open day is never
 * judged, and each event key is sent once (as the store records it once), stale episodes resolve. Each day's rows are
 * read once, so a year replays in about the time of one evaluation per day. Tune thresholds on the history before
 * they page anyone.
 * @example replayAlerts(config.rules, costDaysFromBuckets(buckets), { from: '2026-10-01' })
 */
export function replayAlerts(
  rules: readonly AlertRule[],
  costs: readonly CostDay[],
  options: ReplayOptions = {},
): AlertReplay {
  return replayOrganizations(
    rules,
    [
      {
        id: options.organization ?? 'default',
        ...(options.organizationName === undefined ? {} : { name: options.organizationName }),
        costs,
        limits: options.limits,
      },
    ],
    options,
  );
}

/**
 * {@link replayAlerts} for several organizations, each apart as the sync's alert run evaluates them: its own costs,
 * spend limits and scopes, events keyed by its ID, the rules' `organizations` filters applied. Every organization
 * replays the same days (by default the first to the last cost day of any); `days` sums them, `organizations` keeps
 * each one's days.
 * @example replayOrganizations(rules, [{ id: 'org-1', name: 'acme', costs: acmeCosts }, { id: 'org-2', name: 'globex', costs }])
 */
export function replayOrganizations(
  rules: readonly AlertRule[],
  organizations: readonly ReplayOrganization[],
  options: Pick<ReplayOptions, 'from' | 'to' | 'at'> = {},
): AlertReplay {
  const range = replayRange(
    options,
    organizations.map((o) => o.costs),
  );
  if (range === null) return { days: [], events: [], notices: [], organizations: [] };
  const parts = organizations.map((o) => ({ org: o, ...replayOne(rules, o, range) }));
  const several = parts.length > 1;
  const days: ReplayDay[] = [];
  for (const [i, first] of (parts[0]?.days ?? []).entries()) {
    const day = { ...first };
    for (const p of parts.slice(1)) {
      const other = p.days[i];
      if (other === undefined) continue;
      day.spend_usd += other.spend_usd;
      day.month_to_date_usd += other.month_to_date_usd;
      day.events += other.events;
    }
    days.push(day);
  }
  // Stable: each day's events in organization order, each organization's as its rules found them.
  const events = parts.flatMap((p) => p.events).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const notices = [
    ...new Set(parts.flatMap((p) => p.notices.map((n) => (several ? `${p.org.name ?? p.org.id}: ${n}` : n)))),
  ];
  return {
    days,
    events,
    notices,
    organizations: parts.map((p) => ({
      organization: p.org.name ?? p.org.id,
      organization_id: p.org.id,
      days: p.days,
    })),
  };
}

/** How often one rule would have fired over the replay: what a threshold costs in messages (a table row). */
export type RuleReplaySummary = {
  rule: string;
  type: AlertRule['type'];
  /** Events it would have sent (firing and resolved). */
  events: number;
  /** Days on which it would have sent something. */
  days: number;
  first_day: string | null;
  last_day: string | null;
};

/** One row per rule (every rule, the quiet ones too), in the rules' order. */
export function replayByRule(rules: readonly AlertRule[], replay: Pick<AlertReplay, 'events'>): RuleReplaySummary[] {
  return rules.map((r) => {
    const mine = replay.events.filter((e) => e.rule === r.name);
    const days = [...new Set(mine.map((e) => e.day))].sort();
    return {
      rule: r.name,
      type: r.type,
      events: mine.length,
      days: days.length,
      first_day: days[0] ?? null,
      last_day: days[days.length - 1] ?? null,
    };
  });
}
