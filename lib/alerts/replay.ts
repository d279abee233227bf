import type { AlertEventKey } from '../store/index';
import { utcDate, utcDateStart } from '../shared/index';
import { evaluateRules, type AlertEvent, type CostDay, type SpendLimits } from './evaluate';
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

/**
 * Daily cost buckets as the rows the rules read (the same shape `readSnapshot` reads from the store's `costs_daily`
 * view), with names where `names` has them (project and API key ID → name).
 * @example costDaysFromBuckets(await conn.fetch('costs', query), { project_id: names.labels('project_id') })
 */
export function costDaysFromBuckets(
  buckets: readonly CostBucketLike[],
  names: { project_id?: ReadonlyMap<string, string>; api_key_id?: ReadonlyMap<string, string> } = {},
): CostDay[] {
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

/** One day of the replay: the organization's spend (rules' `projects` filters aside) and what fired that day. */
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
  event: AlertEvent;
}

/** What the rules would have sent over the history. */
export interface AlertReplay {
  days: ReplayDay[];
  events: ReplayedEvent[];
  /** Each distinct notice of the rules once (e.g. no budget known). */
  notices: string[];
}

/** Options of {@link replayAlerts}. */
export interface ReplayOptions {
  /** First day replayed `YYYY-MM-DD`. @default the first cost day */
  from?: string;
  /** Last day replayed. @default the last cost day */
  to?: string;
  /** The organization the rules' `organizations` filter sees. @default "default" */
  organization?: string;
  /** Spend limits for budget rules without `amount` (undefined: none known). */
  limits?: SpendLimits | undefined;
  /** When each day is evaluated, UTC `HH:MM` (a sync then). @default "23:00" */
  at?: string;
}

/**
 * "What would have fired": the rules replayed day by day as if each day were today, with the same rule code as the
 * sync (`evaluateRules`): each day sees the costs up to its end, the open day is never judged, and each event key is
 * sent once (as the store records it once), stale episodes resolve. Tune thresholds on the history before they page
 * anyone.
 * @example replayAlerts(config.rules, costDaysFromBuckets(buckets), { from: '2026-10-01' })
 */
export function replayAlerts(
  rules: readonly AlertRule[],
  costs: readonly CostDay[],
  options: ReplayOptions = {},
): AlertReplay {
  const at = options.at ?? '23:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) throw new RangeError(`invalid at: ${at} (HH:MM, UTC)`);
  const offset = Number(at.slice(0, 2)) * 3600 + Number(at.slice(3)) * 60;
  const dates = costs.map((c) => c.date).sort();
  const from = options.from ?? dates[0];
  const to = options.to ?? dates[dates.length - 1];
  if (from === undefined || to === undefined) return { days: [], events: [], notices: [] };
  for (const [name, d] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(utcDateStart(d)))
      throw new RangeError(`invalid ${name}: ${d} (a date YYYY-MM-DD)`);
  const sorted = [...costs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const organization = options.organization ?? 'default';
  const seen = new Set<string>();
  const open: AlertEventKey[] = [];
  const events: ReplayedEvent[] = [];
  const days: ReplayDay[] = [];
  const notices = new Set<string>();
  const id = (k: AlertEventKey): string => JSON.stringify([k.organization, k.rule, k.scope, k.period, k.state]);
  let upTo = 0;
  for (let t = utcDateStart(from); t <= utcDateStart(to); t += DAY) {
    const date = utcDate(t);
    while (upTo < sorted.length && (sorted[upTo]?.date ?? '') <= date) upTo++;
    const visible = sorted.slice(0, upTo);
    const now = t + offset;
    const { events: found, notices: said } = evaluateRules(rules, {
      organization,
      now,
      costs: visible,
      // As if a sync had just run: costs of the day so far, complete days before it.
      lastSyncAt: now,
      costsCoveredUntil: t + DAY,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
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
      events.push({ day: date, ...eventColumns(e), event: e });
    }
    const month = date.slice(0, 7);
    let spend = 0;
    let monthToDate = 0;
    for (const c of visible) {
      if (c.date === date) spend += c.amount;
      if (c.date.startsWith(month)) monthToDate += c.amount;
    }
    days.push({ date, spend_usd: spend, month_to_date_usd: monthToDate, events: fired });
  }
  return { days, events, notices: [...notices] };
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
