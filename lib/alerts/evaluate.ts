import {
  AnomalyTracker,
  forecastMonth,
  anomalyParts,
  anomalyPlace,
  groupIncidents,
  parseLineItem,
  resolveBudget,
  type Anomaly,
  type DatePoint,
  type Incident,
} from '../insights/index';
import type { AlertEventKey } from '../store/index';
import { listRates } from '../prices/index';
import { utcDate, utcDateStart } from '../shared/index';
import { addTo, DaySums } from './cost-sums';
import { usd } from './format';
import type {
  AlertRule,
  AnomalyRule,
  BudgetRule,
  DigestRule,
  NewSpenderRule,
  StaleRule,
  UnpricedModelRule,
} from './rules-file';

/** One row of the store's `costs_daily` view: a day's spend of one project, key and line item. */
export interface CostDay {
  /** UTC day `YYYY-MM-DD`. */
  date: string;
  projectId: string | null;
  projectName: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  lineItem: string | null;
  amount: number;
}

/** Spend limits and alerts read from the API (not stored yet): the budget when a rule has no `amount`. */
export interface SpendLimits {
  spendLimit?: number | null;
  spendAlerts?: readonly number[];
  /** Project id → its spend limit in USD. */
  projectLimits?: Readonly<Record<string, number>>;
}

/** A line of a list in a message (top projects, models): shortened with "and N more" by channels. */
export interface ListItem {
  label: string;
  value: string;
  /** The ID behind a name (a project's): webhooks carry it, emails show it on hover. */
  id?: string;
}

/** An alert to send: its key, what it says (plain text: channels escape it) and its figures. */
export interface AlertEvent extends AlertEventKey {
  /** The organization's configured name (`organization` is its ID, the key). @default the ID */
  organizationName?: string;
  ruleType: AlertRule['type'];
  /** One line: the message's title and plain fallback. */
  summary: string;
  /** Further lines of plain text. */
  details: string[];
  items: ListItem[];
  /** Numbers and names behind the message, for webhooks. */
  figures: Record<string, number | string | null>;
}

/** What the rules are evaluated over: read from the store (see readSnapshot) and the clock. */
export interface AlertSnapshot {
  /** The organization's ID (events are keyed by it). */
  organization: string;
  /** Its configured name (rules' `organizations` filters match it too; messages show it). @default the ID */
  organizationName?: string;
  /** @unit Unix seconds */
  now: number;
  costs: readonly CostDay[];
  /** Last successful write of the sync, or null when the store was never synced. @unit Unix seconds */
  lastSyncAt: number | null;
  /** The end of the costs coverage at 1d: days before it are complete. @unit Unix seconds */
  costsCoveredUntil: number | null;
  limits?: SpendLimits;
  /** Events recorded firing and not resolved yet (for recovery messages). */
  open: readonly AlertEventKey[];
}

const DAY = 86_400;
const pct = (f: number): string => `${Math.round(f * 100)}%`;

/** What the rules need of a line item: its billed model (null for tools and storage) and its price-data model. */
interface LineItemModel {
  model: string | null;
  priced: boolean;
}

/**
 * Line items parsed once: a store holds a few hundred distinct ones over tens of thousands of rows, and a replay
 * evaluates every day (parsing each row each day took most of a minute on the demo's 60 days).
 */
const lineItems = new Map<string, LineItemModel>();
const MAX_CACHED_LINE_ITEMS = 10_000;

function lineItemModel(lineItem: string): LineItemModel {
  let known = lineItems.get(lineItem);
  if (known === undefined) {
    const item = parseLineItem(lineItem);
    const priceModel = item.fineTuned ? `ft:${item.baseModel ?? ''}` : item.model;
    known = { model: item.model, priced: priceModel === null || listRates(priceModel) !== null };
    if (lineItems.size >= MAX_CACHED_LINE_ITEMS) lineItems.clear();
    lineItems.set(lineItem, known);
  }
  return known;
}

/** The billed model of a line item, or null for tools and storage. */
function modelOf(lineItem: string | null): string | null {
  return lineItem === null ? null : lineItemModel(lineItem).model;
}

/** Whether a rule's `projects` filter keeps a row (by project id or name). */
function keeps(rule: AlertRule, c: CostDay): boolean {
  const only = rule.projects;
  return (
    only === null ||
    (c.projectId !== null && only.includes(c.projectId)) ||
    (c.projectName !== null && only.includes(c.projectName))
  );
}

/** A rule's `organizations` filter keeps an organization by ID, or by configured name (any case, as `--organizations`). */
export function appliesTo(
  rule: Pick<AlertRule, 'organizations'>,
  organization: { id: string; name?: string },
): boolean {
  const name = organization.name?.toLowerCase();
  return (
    rule.organizations === null ||
    rule.organizations.some((o) => o === organization.id || (name !== undefined && o.toLowerCase() === name))
  );
}

function scopeName(scope: string, names: ReadonlyMap<string, string>): string {
  if (scope === 'organization') return 'the organization';
  const [kind, ...rest] = scope.split(':');
  const id = rest.join(':');
  const word = kind === 'api_key' ? 'API key' : kind;
  return `${word} ${names.get(scope) ?? id}`;
}

/** What the rules are evaluated at: the snapshot without its costs (the rules hold what they read of them). */
export type AlertMoment = Omit<AlertSnapshot, 'costs'>;

/** What every rule reads of all the organization's rows, whatever its filters: names, first and newest day. */
interface CostsSeen {
  /** `project:<id>` and `api_key:<id>` → the name the newest row gives. */
  names: Map<string, string>;
  /** Project id → name. */
  projectNames: Map<string, string>;
  first: string | null;
  newest: string | null;
  /**
   * The first day whose costs are whole, when the history starts inside a day (a range from now − 60 days): what
   * spends on the next day but not in the first day's minutes is not new.
   */
  wholeFrom?: string;
}

/** What one rule reads of the costs, fed row by row in date order, and its evaluation at a moment. */
interface RuleState {
  add(c: CostDay): void;
  evaluate(s: AlertMoment, seen: CostsSeen): { events: AlertEvent[]; notices: string[] };
}

function event(
  s: AlertMoment,
  rule: AlertRule,
  key: Pick<AlertEventKey, 'scope' | 'period'> & { state?: AlertEventKey['state'] },
  body: Pick<AlertEvent, 'summary'> & Partial<Pick<AlertEvent, 'details' | 'items' | 'figures'>>,
): AlertEvent {
  return {
    organization: s.organization,
    ...(s.organizationName === undefined ? {} : { organizationName: s.organizationName }),
    rule: rule.name,
    ruleType: rule.type,
    scope: key.scope,
    period: key.period,
    state: key.state ?? 'firing',
    summary: body.summary,
    details: body.details ?? [],
    items: body.items ?? [],
    figures: body.figures ?? {},
  };
}

/** A budget scope's spend: per month, and per day when the rule forecasts. */
interface BudgetScope {
  months: Map<string, number>;
  days: DaySums | null;
}

/**
 * Budget: month-to-date billed spend (the open day included: it is billed) against the budget, per organization or
 * project. Only the highest threshold crossed is emitted (its key is per month and threshold, so the store sends it
 * once; lower thresholds crossed at the same time are never sent). Below the budget, a forecast reaching it emits
 * one "projected to exceed" per month.
 */
function budgetState(rule: BudgetRule): RuleState {
  const scopes = new Map<string, BudgetScope>();
  const scopeOf = (scope: string): BudgetScope => {
    let known = scopes.get(scope);
    if (known === undefined) {
      known = { months: new Map(), days: rule.forecast ? new DaySums() : null };
      scopes.set(scope, known);
    }
    return known;
  };
  if (rule.per === 'organization') scopeOf('organization');
  return {
    add(c) {
      if (!keeps(rule, c)) return;
      const scope =
        rule.per === 'organization' ? 'organization' : c.projectId === null ? null : `project:${c.projectId}`;
      if (scope === null) return;
      const sums = scopeOf(scope);
      addTo(sums.months, c.date.slice(0, 7), c.amount);
      sums.days?.add(c.date, c.amount);
    },
    evaluate(s, seen) {
      const events: AlertEvent[] = [];
      const notices: string[] = [];
      const today = utcDate(s.now);
      const month = today.slice(0, 7);
      for (const scope of [...scopes.keys()].sort()) {
        const sums = scopes.get(scope);
        if (sums === undefined) continue;
        const projectId = scope.startsWith('project:') ? scope.slice('project:'.length) : null;
        const budget =
          rule.amount !== null
            ? { amount: rule.amount, source: 'rule amount' }
            : projectId !== null
              ? (() => {
                  // Own keys only: a project ID "constructor" must not read Object.prototype's member as its limit.
                  const limits = s.limits?.projectLimits ?? {};
                  const limit = Object.prototype.hasOwnProperty.call(limits, projectId) ? limits[projectId] : undefined;
                  return limit === undefined ? null : { amount: limit, source: 'project spend limit' };
                })()
              : (() => {
                  const b = resolveBudget(null, s.limits ?? {});
                  return b === null ? null : { amount: b.amount, source: b.source.replace('_', ' ') };
                })();
        const who = scopeName(scope, seen.names);
        if (budget === null) {
          notices.push(`rule ${rule.name}: no budget for ${who} (no amount, no spend limit or alert known)`);
          continue;
        }
        const spent = sums.months.get(month) ?? 0;
        const crossed = rule.thresholds.filter((t) => spent >= t * budget.amount);
        const figures = { month, spent_usd: spent, budget_usd: budget.amount, budget_source: budget.source };
        const highest = crossed[crossed.length - 1];
        if (highest !== undefined) {
          events.push(
            event(
              s,
              rule,
              { scope, period: `${month}/${pct(highest)}` },
              {
                summary: `${who} has spent ${usd(spent)} in ${month}: ${pct(spent / budget.amount)} of its ${usd(budget.amount)} budget (threshold ${pct(highest)})`,
                details: [`Budget: ${usd(budget.amount)} (${budget.source}).`],
                figures: { ...figures, threshold: highest },
              },
            ),
          );
        }
        if (sums.days !== null && spent < budget.amount) {
          try {
            const f = forecastMonth(sums.days.forecastDays(today), {
              asOf: today,
              budget: { amount: budget.amount, source: 'parameter' },
            });
            if (f.crosses_budget_on !== null) {
              events.push(
                event(
                  s,
                  rule,
                  { scope, period: `${month}/forecast` },
                  {
                    summary: `${who} is projected to exceed its ${usd(budget.amount)} budget on ${f.crosses_budget_on}`,
                    details: [
                      `Spent so far in ${month}: ${usd(spent)}; forecast for the month: ${usd(f.forecast_usd)} (${usd(f.low_usd)} to ${usd(f.high_usd)}).`,
                    ],
                    figures: { ...figures, forecast_usd: f.forecast_usd, crosses_on: f.crosses_budget_on },
                  },
                ),
              );
            }
          } catch (e) {
            if (!(e instanceof RangeError)) throw e;
            notices.push(`rule ${rule.name}: no forecast for ${who}: ${e.message}`);
          }
        }
      }
      return { events, notices };
    },
  };
}

/** The newest complete UTC day the store holds all of, or null (the open day is never judged). */
export function newestCompleteDay(s: Pick<AlertSnapshot, 'now' | 'costsCoveredUntil'>): string | null {
  const todayStart = utcDateStart(utcDate(s.now));
  const until = Math.min(s.costsCoveredUntil ?? 0, todayStart);
  const day = Math.floor(until / DAY) * DAY - DAY;
  return until <= 0 || day < 0 ? null : utcDate(day);
}

/**
 * The scope key of an anomaly as alert events name it: `organization`, `project:<id>`, `model:<name>`,
 * `project_model:<id> | <model>`.
 */
export function anomalyScope(a: Pick<Anomaly, 'scope' | 'key'>): string {
  return a.scope === 'organization' ? 'organization' : `${a.scope}:${a.key}`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The key of an incident's event: its lead's scope (`organization` whenever the organization is among its members),
 * unless an event of the rule already recorded for that day names one of its members: then that one, so an incident
 * whose lead changed between syncs (late costs) is not sent again.
 */
function incidentKeyScope(rule: AnomalyRule, s: AlertMoment, day: string, incident: Incident): string {
  const members = new Set(incident.anomalies.map(anomalyScope));
  const known = s.open.find(
    (o) => o.organization === s.organization && o.rule === rule.name && o.period === day && members.has(o.scope),
  );
  return known?.scope ?? anomalyScope(incident.lead);
}

/** The series a cost row adds to: the organization, its project, its model, its project on its model. */
function addAnomalyPoints(points: DatePoint[], c: CostDay): void {
  points.push({ scope: 'organization', key: 'all', metric: 'spend', value: c.amount });
  if (c.projectId !== null) points.push({ scope: 'project', key: c.projectId, metric: 'spend', value: c.amount });
  const model = modelOf(c.lineItem);
  if (model !== null) points.push({ scope: 'model', key: model, metric: 'spend', value: c.amount });
  // As anomalyPoints does for the dashboard: a project's spike and its model's are one incident through this series.
  if (c.projectId !== null && model !== null)
    points.push({ scope: 'project_model', key: `${c.projectId} | ${model}`, metric: 'spend', value: c.amount });
}

/**
 * Anomalies of the newest complete UTC day (the organization, each project, each model, each project on each model),
 * grouped into incidents by the same `groupIncidents` as the dashboard and the notebooks: one event per incident and
 * day, its series named and ranked by dollars above baseline. The days are judged by an `AnomalyTracker` (what
 * `detectAnomalies` finds for that day), fed each complete day once: a day still open waits for its rows.
 */
function anomalyState(rule: AnomalyRule): RuleState {
  const tracker = new AnomalyTracker({ threshold: rule.threshold, minRatio: rule.minRatio });
  /** Rows of days the tracker has not judged yet (the open day, days not covered), in date order. */
  let waiting: CostDay[] = [];
  return {
    add(c) {
      if (!keeps(rule, c)) return;
      const judged = tracker.newestDate;
      if (judged !== null && c.date <= judged)
        throw new RangeError(`invalid cost day: ${c.date} (the anomaly rule ${rule.name} already judged ${judged})`);
      waiting.push(c);
    },
    evaluate(s, seen) {
      const day = newestCompleteDay(s);
      if (day === null) return { events: [], notices: [] };
      let i = 0;
      while (i < waiting.length && (waiting[i]?.date ?? '') <= day) {
        const date = waiting[i]?.date ?? '';
        const points: DatePoint[] = [];
        for (; i < waiting.length && waiting[i]?.date === date; i++) {
          const c = waiting[i];
          if (c !== undefined) addAnomalyPoints(points, c);
        }
        tracker.addDate(date, points);
      }
      if (i > 0) waiting = waiting.slice(i);
      return {
        events: tracker.newestDate === day ? anomalyEvents(rule, s, day, tracker.newest(), seen) : [],
        notices: [],
      };
    },
  };
}

function anomalyEvents(
  rule: AnomalyRule,
  s: AlertMoment,
  day: string,
  found: Anomaly[],
  seen: CostsSeen,
): AlertEvent[] {
  const projectNames = seen.projectNames;
  const taken = new Set<string>();
  return groupIncidents(found, { names: projectNames }).flatMap((incident) => {
    const scope = incidentKeyScope(rule, s, day, incident);
    // Two incidents of one day under one key (only when late costs regrouped them): the first, largest, is the event.
    if (taken.has(scope)) return [];
    taken.add(scope);
    const { lead } = incident;
    const spend = incident.anomalies.find((a) => a.value - a.baseline === incident.excess) ?? lead;
    const above = spend.value - spend.baseline;
    const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${usd(Math.abs(v))}`;
    // A project's spend on its only model is its spend: that series says nothing its project does not.
    const projectSeries = new Map(
      incident.anomalies.filter((a) => a.scope === 'project').map((a) => [a.key, `${a.value}|${a.baseline}`]),
    );
    const repeats = (a: Anomaly): boolean =>
      a.scope === 'project_model' && projectSeries.get(anomalyParts(a).project ?? '') === `${a.value}|${a.baseline}`;
    const members = incident.anomalies
      .filter((a) => !repeats(a))
      .map((a) => ({ scope: anomalyScope(a), above: a.value - a.baseline, a }))
      .sort((x, y) => Math.abs(y.above) - Math.abs(x.above) || (x.scope < y.scope ? -1 : x.scope > y.scope ? 1 : 0));
    // The project's ID behind its name (project and project-and-model members).
    const id = (m: (typeof members)[number]): string | undefined => {
      const { project } = anomalyParts(m.a);
      return project !== undefined && projectNames.has(project) ? project : undefined;
    };
    return [
      event(
        s,
        rule,
        { scope, period: day },
        {
          summary: `Unusual spend on ${day}: ${incident.summary}`,
          details: [
            `${capitalized(anomalyPlace(spend, projectNames))} spent ${usd(spend.value)} against a usual ${usd(spend.baseline)} (${signed(above)}, robust score ${spend.score.toFixed(1)}).`,
            ...(members.length > 1 ? [`Seen in ${members.length} series, by dollars above baseline:`] : []),
          ],
          items:
            members.length > 1
              ? members.map((m) => {
                  const projectId = id(m);
                  return {
                    label: anomalyPlace(m.a, projectNames),
                    value: `${signed(m.above)} (${usd(m.a.value)}, usually ${usd(m.a.baseline)})`,
                    ...(projectId === undefined ? {} : { id: projectId }),
                  };
                })
              : [],
          figures: {
            date: day,
            direction: incident.direction,
            value_usd: spend.value,
            baseline_usd: spend.baseline,
            above_baseline_usd: above,
            score: spend.score,
            scopes: members.length,
          },
        },
      ),
    ];
  });
}

/**
 * Stale data: no successful sync for longer than `after`, or the newest cost day ended longer than `costDelay`
 * ago. Each episode is one event (keyed by the last sync or the newest cost day); when fresh again, every open
 * episode of the rule gets a resolved event.
 */
function staleEvents(rule: StaleRule, s: AlertMoment, seen: CostsSeen): AlertEvent[] {
  const firing: AlertEvent[] = [];
  if (s.lastSyncAt === null || s.now - s.lastSyncAt > rule.after) {
    const since = s.lastSyncAt === null ? 'never' : new Date(s.lastSyncAt * 1000).toISOString();
    firing.push(
      event(
        s,
        rule,
        { scope: 'organization', period: `sync:${since}` },
        {
          summary:
            s.lastSyncAt === null
              ? 'The store was never synced'
              : `No successful sync since ${since} (${Math.floor((s.now - s.lastSyncAt) / 3600)} h ago)`,
          figures: { last_sync: s.lastSyncAt === null ? null : since },
        },
      ),
    );
  }
  const newest = seen.newest;
  if (newest !== null && s.now - (utcDateStart(newest) + DAY) > rule.costDelay) {
    firing.push(
      event(
        s,
        rule,
        { scope: 'organization', period: `costs:${newest}` },
        {
          summary: `The newest stored cost day is ${newest}: costs are late`,
          figures: { newest_cost_day: newest },
        },
      ),
    );
  }
  const now = new Set(firing.map((e) => `${e.scope}\u0000${e.period}`));
  const resolved = s.open
    .filter((o) => o.rule === rule.name && o.organization === s.organization && o.state === 'firing')
    .filter((o) => !now.has(`${o.scope}\u0000${o.period}`))
    .map((o) =>
      event(
        s,
        rule,
        { scope: o.scope, period: o.period, state: 'resolved' },
        {
          summary: `Data is fresh again (was: ${o.period.startsWith('costs:') ? 'costs late' : 'sync stopped'} since ${o.period.slice(o.period.indexOf(':') + 1)})`,
        },
      ),
    );
  return [...firing, ...resolved];
}

/** Days before the store's first cost day are unknown: what already spent then is not "new". */
const NEW_WINDOW_DAYS = 7;

/**
 * A project, API key or model spending for the first time: first seen after the store's first cost day and within
 * the last week (so the first sync of a store does not announce everything). Once each.
 */
function newSpenderState(rule: NewSpenderRule): RuleState {
  const keys: Record<NewSpenderRule['kinds'][number], (c: CostDay) => string | null> = {
    project: (c) => c.projectId,
    api_key: (c) => c.apiKeyId,
    model: (c) => modelOf(c.lineItem),
  };
  const kinds = [...new Set(rule.kinds)];
  /** Per kind: each spender's first day with spend, and its spend since. */
  const spenders = new Map(
    kinds.map((k) => [k, { firstDay: new Map<string, string>(), spent: new Map<string, number>() }]),
  );
  return {
    add(c) {
      if (!keeps(rule, c) || !(c.amount > 0)) return;
      for (const kind of kinds) {
        const id = keys[kind](c);
        const seen = spenders.get(kind);
        if (id === null || seen === undefined) continue;
        const d = seen.firstDay.get(id);
        if (d === undefined || c.date < d) seen.firstDay.set(id, c.date);
        addTo(seen.spent, id, c.amount);
      }
    },
    evaluate(s, seen) {
      const first = seen.first;
      if (first === null) return { events: [], notices: [] };
      // Spenders of the history's first whole day are known, not new (a partial first day saw only some of them).
      const known = seen.wholeFrom !== undefined && seen.wholeFrom > first ? seen.wholeFrom : first;
      const recent = utcDate(s.now - NEW_WINDOW_DAYS * DAY);
      const out: AlertEvent[] = [];
      for (const kind of rule.kinds) {
        const { firstDay, spent } = spenders.get(kind) ?? {
          firstDay: new Map<string, string>(),
          spent: new Map<string, number>(),
        };
        for (const [id, day] of [...firstDay].sort()) {
          if (day <= known || day < recent) continue;
          const scope = `${kind}:${id}`;
          out.push(
            event(
              s,
              rule,
              { scope, period: 'first' },
              {
                summary: `New spender: ${scopeName(scope, seen.names)} first spent on ${day} (${usd(spent.get(id) ?? 0)} since)`,
                figures: { first_day: day, spent_usd: spent.get(id) ?? 0 },
              },
            ),
          );
        }
      }
      return { events: out, notices: [] };
    },
  };
}

/** Usage of a model the price data does not know (tools and storage have no model). Once each. */
function unpricedModelState(rule: UnpricedModelRule): RuleState {
  const models = new Map<string, number>();
  return {
    add(c) {
      if (!keeps(rule, c) || c.lineItem === null) return;
      const item = lineItemModel(c.lineItem);
      if (item.model !== null && !item.priced) addTo(models, item.model, c.amount);
    },
    evaluate(s) {
      const events = [...models].sort().map(([model, amount]) =>
        event(
          s,
          rule,
          { scope: `model:${model}`, period: 'first' },
          {
            summary: `Unpriced model: the price data does not know ${model} (${usd(amount)} billed in the store)`,
            details: ['Estimates and savings leave it out until the price data knows it.'],
            figures: { model, billed_usd: amount },
          },
        ),
      );
      return { events, notices: [] };
    },
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A formatter per time zone, built once (building one costs more than formatting). */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string): Intl.DateTimeFormat {
  let known = clockFormats.get(timeZone);
  if (known === undefined) {
    known = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    clockFormats.set(timeZone, known);
  }
  return known;
}

/** The local date, weekday (1 = Monday) and `HH:MM` of an instant in a time zone. */
export function localClock(seconds: number, timeZone: string): { date: string; weekday: number; time: string } {
  const parts = clockFormat(timeZone).formatToParts(new Date(seconds * 1000));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: WEEKDAYS.indexOf(get('weekday')) + 1,
    time: `${get('hour')}:${get('minute')}`,
  };
}

const addDays = (date: string, n: number): string => utcDate(utcDateStart(date) + n * DAY);

/**
 * The digest's period: the local date of the latest scheduled moment that has passed (`at` on each day, or on
 * `weekday` each week). Wall-clock comparison, so a DST change moves the instant, not the period; a store whose
 * first evaluation comes between two moments gets the latest one once.
 */
export function digestPeriod(rule: Pick<DigestRule, 'every' | 'at' | 'timeZone' | 'weekday'>, now: number): string {
  const local = localClock(now, rule.timeZone);
  if (rule.every === 'day') return local.time >= rule.at ? local.date : addDays(local.date, -1);
  const scheduled = addDays(local.date, rule.weekday - local.weekday);
  if (local.weekday > rule.weekday || (local.weekday === rule.weekday && local.time >= rule.at)) return scheduled;
  // Before this week's moment: the previous week's digest is the current one.
  return addDays(scheduled, -7);
}

/** A daily or weekly summary, once per period however often it is evaluated. */
function digestState(rule: DigestRule): RuleState {
  const days = new DaySums();
  const months = new Map<string, number>();
  const projects = new Map<string, Map<string, number>>();
  const models = new Map<string, Map<string, number>>();
  const monthOf = (sums: Map<string, Map<string, number>>, month: string): Map<string, number> => {
    let known = sums.get(month);
    if (known === undefined) sums.set(month, (known = new Map<string, number>()));
    return known;
  };
  return {
    add(c) {
      if (!keeps(rule, c)) return;
      const month = c.date.slice(0, 7);
      days.add(c.date, c.amount);
      addTo(months, month, c.amount);
      if (c.projectId !== null) addTo(monthOf(projects, month), c.projectId, c.amount);
      const model = modelOf(c.lineItem);
      if (model !== null) addTo(monthOf(models, month), model, c.amount);
    },
    evaluate(s, seen) {
      const period = digestPeriod(rule, s.now);
      const today = utcDate(s.now);
      const yesterday = addDays(today, -1);
      const month = today.slice(0, 7);
      const yesterdaySpend = days.on(yesterday);
      const mtd = months.get(month) ?? 0;
      let forecast: number | null = null;
      try {
        forecast = forecastMonth(days.forecastDays(today), { asOf: today }).forecast_usd;
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
      }
      const top = (m: ReadonlyMap<string, number>, label: (k: string) => string): ListItem[] =>
        [...m]
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
          .map(([k, v]) => ({ label: label(k), value: usd(v) }));
      const byProject = top(
        projects.get(month) ?? new Map<string, number>(),
        (id) => seen.names.get(`project:${id}`) ?? id,
      );
      const byModel = top(models.get(month) ?? new Map<string, number>(), (m) => m);
      const digest = event(
        s,
        rule,
        { scope: 'organization', period },
        {
          summary: `Spend digest for ${period}: ${usd(yesterdaySpend)} yesterday (${yesterday} UTC), ${usd(mtd)} in ${month}${forecast === null ? '' : ` (forecast ${usd(forecast)})`}`,
          details: [`Top projects in ${month}: ${byProject.length}; top models: ${byModel.length}.`],
          items: [
            ...byProject.slice(0, 5).map((p) => ({ ...p, label: `project ${p.label}` })),
            ...byModel.slice(0, 5).map((m) => ({ ...m, label: `model ${m.label}` })),
          ],
          figures: { yesterday_usd: yesterdaySpend, month_to_date_usd: mtd, forecast_usd: forecast },
        },
      );
      return { events: [digest], notices: [] };
    },
  };
}

function ruleState(rule: AlertRule): RuleState {
  switch (rule.type) {
    case 'budget':
      return budgetState(rule);
    case 'anomaly':
      return anomalyState(rule);
    case 'stale':
      return { add: () => undefined, evaluate: (s, seen) => ({ events: staleEvents(rule, s, seen), notices: [] }) };
    case 'new_spender':
      return newSpenderState(rule);
    case 'unpriced_model':
      return unpricedModelState(rule);
    case 'digest':
      return digestState(rule);
  }
}

/**
 * The rules of one organization over its costs, fed in date order and evaluated at any moment since: each rule keeps
 * what it reads of the rows (sums per day and month, the anomaly baselines' days, first spend per spender) instead
 * of reading every row again. `evaluateRules` (the sync) feeds everything once; the replay feeds a day at a time.
 * @example const rules = new OrganizationRules(config.rules, { id }); rules.add(dayRows); rules.evaluate(moment)
 */
export class OrganizationRules {
  private readonly states: RuleState[];
  private readonly seen: CostsSeen = { names: new Map(), projectNames: new Map(), first: null, newest: null };

  /**
   * The rules whose `organizations` filter keeps this organization. `wholeFrom`: the first day whose costs are whole
   * when the history starts inside a day (see `CostsSeen`).
   */
  constructor(
    rules: readonly AlertRule[],
    organization: { id: string; name?: string },
    history: { wholeFrom?: string } = {},
  ) {
    this.states = rules.filter((r) => appliesTo(r, organization)).map(ruleState);
    if (history.wholeFrom !== undefined) this.seen.wholeFrom = history.wholeFrom;
  }

  /** Rows of days not before any added so far (an earlier day throws: its sums are already read). */
  add(rows: readonly CostDay[]): void {
    const seen = this.seen;
    for (const c of rows) {
      if (seen.newest !== null && c.date < seen.newest)
        throw new RangeError(`invalid cost day: ${c.date} (rows are added in date order, after ${seen.newest})`);
      if (seen.first === null) seen.first = c.date;
      seen.newest = c.date;
      if (c.projectId !== null && c.projectName !== null) {
        seen.names.set(`project:${c.projectId}`, c.projectName);
        seen.projectNames.set(c.projectId, c.projectName);
      }
      if (c.apiKeyId !== null && c.apiKeyName !== null) seen.names.set(`api_key:${c.apiKeyId}`, c.apiKeyName);
      for (const state of this.states) state.add(c);
    }
  }

  /** Every rule at `s` (its `now`, coverage, limits and open events) over the rows added: events and notices. */
  evaluate(s: AlertMoment): { events: AlertEvent[]; notices: string[] } {
    const events: AlertEvent[] = [];
    const notices: string[] = [];
    for (const state of this.states) {
      const r = state.evaluate(s, this.seen);
      events.push(...r.events);
      notices.push(...r.notices);
    }
    return { events, notices };
  }
}

/** Rows by date, rows of one date in the order given (the store reads them so: then nothing moves). */
function byDate(costs: readonly CostDay[]): CostDay[] {
  return [...costs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** One rule over a snapshot as `evaluateRules` evaluates it, its `organizations` filter aside. */
function evaluateOne(rule: AlertRule, s: AlertSnapshot): { events: AlertEvent[]; notices: string[] } {
  const rules = new OrganizationRules([{ ...rule, organizations: null }], { id: s.organization });
  rules.add(byDate(s.costs));
  return rules.evaluate(s);
}

export const evaluateBudget = (rule: BudgetRule, s: AlertSnapshot): { events: AlertEvent[]; notices: string[] } =>
  evaluateOne(rule, s);
export const evaluateAnomaly = (rule: AnomalyRule, s: AlertSnapshot): AlertEvent[] => evaluateOne(rule, s).events;
export const evaluateStale = (rule: StaleRule, s: AlertSnapshot): AlertEvent[] => evaluateOne(rule, s).events;
export const evaluateNewSpender = (rule: NewSpenderRule, s: AlertSnapshot): AlertEvent[] => evaluateOne(rule, s).events;
export const evaluateUnpricedModel = (rule: UnpricedModelRule, s: AlertSnapshot): AlertEvent[] =>
  evaluateOne(rule, s).events;
export const evaluateDigest = (rule: DigestRule, s: AlertSnapshot): AlertEvent[] => evaluateOne(rule, s).events;

/**
 * Every rule over one organization's snapshot: the events (not yet deduplicated: the store does that) and notices.
 * Rows are read in date order (as the store returns them).
 */
export function evaluateRules(
  rules: readonly AlertRule[],
  s: AlertSnapshot,
): { events: AlertEvent[]; notices: string[] } {
  const evaluator = new OrganizationRules(rules, {
    id: s.organization,
    ...(s.organizationName === undefined ? {} : { name: s.organizationName }),
  });
  evaluator.add(byDate(s.costs));
  return evaluator.evaluate(s);
}
