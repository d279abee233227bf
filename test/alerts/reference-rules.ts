// The oracle of the replay's property tests: the rules and the replay as they were before the rules kept running
// state (session 3, issue 21), verbatim. Each day re-reads every row up to it: slow (days x rows), plainly right.
import {
  detectAnomalies,
  forecastMonth,
  anomalyParts,
  anomalyPlace,
  groupIncidents,
  parseLineItem,
  resolveBudget,
  type Anomaly,
  type Incident,
  type SeriesPoint,
} from '../../lib/insights/index';
import { listRates } from '../../lib/prices/index';
import type { AlertEvent, AlertSnapshot, CostDay, ListItem } from '../../lib/alerts/evaluate';
import type { AlertEventKey as EventKey } from '../../lib/store/index';
import type { ReplayDay, ReplayOptions } from '../../lib/alerts/replay';
import type {
  AlertRule,
  AnomalyRule,
  BudgetRule,
  DigestRule,
  NewSpenderRule,
  StaleRule,
  UnpricedModelRule,
} from '../../lib/alerts/rules-file';

/** A replayed event as the old replay listed it (before events named their organization). */
export interface ReferenceEvent {
  day: string;
  rule: string;
  rule_type: AlertRule['type'];
  scope: string;
  period: string;
  state: EventKey['state'];
  summary: string;
  event: AlertEvent;
}

const usd = (n: number): string =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const DAY = 86_400;
const utcDate = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);
const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;
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

/** The rows a rule's `projects` filter keeps (by id or name). */
function filtered(rule: AlertRule, costs: readonly CostDay[]): CostDay[] {
  const only = rule.projects;
  if (only === null) return [...costs];
  return costs.filter(
    (c) =>
      (c.projectId !== null && only.includes(c.projectId)) || (c.projectName !== null && only.includes(c.projectName)),
  );
}

/** A rule's `organizations` filter keeps an organization by ID, or by configured name (any case, as `--organizations`). */
function appliesTo(rule: Pick<AlertRule, 'organizations'>, organization: { id: string; name?: string }): boolean {
  const name = organization.name?.toLowerCase();
  return (
    rule.organizations === null ||
    rule.organizations.some((o) => o === organization.id || (name !== undefined && o.toLowerCase() === name))
  );
}

/** Names of projects and keys as the store knows them, IDs where it does not. */
function namesOf(costs: readonly CostDay[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of costs) {
    if (c.projectId !== null && c.projectName !== null) names.set(`project:${c.projectId}`, c.projectName);
    if (c.apiKeyId !== null && c.apiKeyName !== null) names.set(`api_key:${c.apiKeyId}`, c.apiKeyName);
  }
  return names;
}

function scopeName(scope: string, names: ReadonlyMap<string, string>): string {
  if (scope === 'organization') return 'the organization';
  const [kind, ...rest] = scope.split(':');
  const id = rest.join(':');
  const word = kind === 'api_key' ? 'API key' : kind;
  return `${word} ${names.get(scope) ?? id}`;
}

function sumBy(costs: readonly CostDay[], key: (c: CostDay) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of costs) {
    const k = key(c);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + c.amount);
  }
  return out;
}

function event(
  s: AlertSnapshot,
  rule: AlertRule,
  key: Pick<EventKey, 'scope' | 'period'> & { state?: EventKey['state'] },
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

/**
 * Budget: month-to-date billed spend (the open day included: it is billed) against the budget, per organization or
 * project. Only the highest threshold crossed is emitted (its key is per month and threshold, so the store sends it
 * once; lower thresholds crossed at the same time are never sent). Below the budget, a forecast reaching it emits
 * one "projected to exceed" per month.
 */
function evaluateBudget(rule: BudgetRule, s: AlertSnapshot): { events: AlertEvent[]; notices: string[] } {
  const events: AlertEvent[] = [];
  const notices: string[] = [];
  const today = utcDate(s.now);
  const month = today.slice(0, 7);
  const costs = filtered(rule, s.costs);
  const names = namesOf(s.costs);
  const scopes: Array<{ scope: string; rows: CostDay[] }> =
    rule.per === 'organization'
      ? [{ scope: 'organization', rows: costs }]
      : [...new Set(costs.map((c) => c.projectId).filter((p): p is string => p !== null))].sort().map((p) => ({
          scope: `project:${p}`,
          rows: costs.filter((c) => c.projectId === p),
        }));
  for (const { scope, rows } of scopes) {
    const projectId = scope.startsWith('project:') ? scope.slice('project:'.length) : null;
    const budget =
      rule.amount !== null
        ? { amount: rule.amount, source: 'rule amount' }
        : projectId !== null
          ? (() => {
              const limit = s.limits?.projectLimits?.[projectId];
              return limit === undefined ? null : { amount: limit, source: 'project spend limit' };
            })()
          : (() => {
              const b = resolveBudget(null, s.limits ?? {});
              return b === null ? null : { amount: b.amount, source: b.source.replace('_', ' ') };
            })();
    const who = scopeName(scope, names);
    if (budget === null) {
      notices.push(`rule ${rule.name}: no budget for ${who} (no amount, no spend limit or alert known)`);
      continue;
    }
    const spent = rows.filter((c) => c.date.startsWith(month)).reduce((a, c) => a + c.amount, 0);
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
    if (rule.forecast && spent < budget.amount) {
      const days = rows.map((c) => ({ date: c.date, amount: c.amount }));
      try {
        const f = forecastMonth(days, { asOf: today, budget: { amount: budget.amount, source: 'parameter' } });
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
}

/** The newest complete UTC day the store holds all of, or null (the open day is never judged). */
function newestCompleteDay(s: Pick<AlertSnapshot, 'now' | 'costsCoveredUntil'>): string | null {
  const todayStart = dayStart(utcDate(s.now));
  const until = Math.min(s.costsCoveredUntil ?? 0, todayStart);
  const day = Math.floor(until / DAY) * DAY - DAY;
  return until <= 0 || day < 0 ? null : utcDate(day);
}

/**
 * The scope key of an anomaly as alert events name it: `organization`, `project:<id>`, `model:<name>`,
 * `project_model:<id> | <model>`.
 */
function anomalyScope(a: Pick<Anomaly, 'scope' | 'key'>): string {
  return a.scope === 'organization' ? 'organization' : `${a.scope}:${a.key}`;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The key of an incident's event: its lead's scope (`organization` whenever the organization is among its members),
 * unless an event of the rule already recorded for that day names one of its members: then that one, so an incident
 * whose lead changed between syncs (late costs) is not sent again.
 */
function incidentKeyScope(rule: AnomalyRule, s: AlertSnapshot, day: string, incident: Incident): string {
  const members = new Set(incident.anomalies.map(anomalyScope));
  const known = s.open.find(
    (o) => o.organization === s.organization && o.rule === rule.name && o.period === day && members.has(o.scope),
  );
  return known?.scope ?? anomalyScope(incident.lead);
}

/**
 * Anomalies of the newest complete UTC day (the organization, each project, each model, each project on each model),
 * grouped into incidents by the same `groupIncidents` as the dashboard and the notebooks: one event per incident and
 * day, its series named and ranked by dollars above baseline.
 */
function evaluateAnomaly(rule: AnomalyRule, s: AlertSnapshot): AlertEvent[] {
  const day = newestCompleteDay(s);
  if (day === null) return [];
  const costs = filtered(rule, s.costs).filter((c) => c.date <= day);
  const projectNames = new Map<string, string>();
  for (const c of s.costs)
    if (c.projectId !== null && c.projectName !== null) projectNames.set(c.projectId, c.projectName);
  const points: SeriesPoint[] = [];
  for (const c of costs) {
    points.push({ date: c.date, scope: 'organization', key: 'all', metric: 'spend', value: c.amount });
    if (c.projectId !== null)
      points.push({ date: c.date, scope: 'project', key: c.projectId, metric: 'spend', value: c.amount });
    const model = modelOf(c.lineItem);
    if (model !== null) points.push({ date: c.date, scope: 'model', key: model, metric: 'spend', value: c.amount });
    // As anomalyPoints does for the dashboard: a project's spike and its model's are one incident through this series.
    if (c.projectId !== null && model !== null)
      points.push({
        date: c.date,
        scope: 'project_model',
        key: `${c.projectId} | ${model}`,
        metric: 'spend',
        value: c.amount,
      });
  }
  const found = detectAnomalies(points, { threshold: rule.threshold, minRatio: rule.minRatio }).filter(
    (a) => a.date === day,
  );
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
function evaluateStale(rule: StaleRule, s: AlertSnapshot): AlertEvent[] {
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
  const newest = s.costs.reduce<string | null>((m, c) => (m === null || c.date > m ? c.date : m), null);
  if (newest !== null && s.now - (dayStart(newest) + DAY) > rule.costDelay) {
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
function evaluateNewSpender(rule: NewSpenderRule, s: AlertSnapshot): AlertEvent[] {
  const costs = filtered(rule, s.costs).filter((c) => c.amount > 0);
  const first = s.costs.reduce<string | null>((m, c) => (m === null || c.date < m ? c.date : m), null);
  if (first === null) return [];
  const recent = utcDate(s.now - NEW_WINDOW_DAYS * DAY);
  const names = namesOf(s.costs);
  const out: AlertEvent[] = [];
  const keys: Record<NewSpenderRule['kinds'][number], (c: CostDay) => string | null> = {
    project: (c) => c.projectId,
    api_key: (c) => c.apiKeyId,
    model: (c) => modelOf(c.lineItem),
  };
  for (const kind of rule.kinds) {
    const firstDay = new Map<string, string>();
    const spent = new Map<string, number>();
    for (const c of costs) {
      const id = keys[kind](c);
      if (id === null) continue;
      const d = firstDay.get(id);
      if (d === undefined || c.date < d) firstDay.set(id, c.date);
      spent.set(id, (spent.get(id) ?? 0) + c.amount);
    }
    for (const [id, day] of [...firstDay].sort()) {
      if (day <= first || day < recent) continue;
      const scope = `${kind}:${id}`;
      out.push(
        event(
          s,
          rule,
          { scope, period: 'first' },
          {
            summary: `New spender: ${scopeName(scope, names)} first spent on ${day} (${usd(spent.get(id) ?? 0)} since)`,
            figures: { first_day: day, spent_usd: spent.get(id) ?? 0 },
          },
        ),
      );
    }
  }
  return out;
}

/** Usage of a model the price data does not know (tools and storage have no model). Once each. */
function evaluateUnpricedModel(rule: UnpricedModelRule, s: AlertSnapshot): AlertEvent[] {
  const models = new Map<string, number>();
  for (const c of filtered(rule, s.costs)) {
    if (c.lineItem === null) continue;
    const item = lineItemModel(c.lineItem);
    if (item.model !== null && !item.priced) models.set(item.model, (models.get(item.model) ?? 0) + c.amount);
  }
  return [...models].sort().map(([model, amount]) =>
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
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The local date, weekday (1 = Monday) and `HH:MM` of an instant in a time zone. */
function localClock(seconds: number, timeZone: string): { date: string; weekday: number; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(seconds * 1000));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: WEEKDAYS.indexOf(get('weekday')) + 1,
    time: `${get('hour')}:${get('minute')}`,
  };
}

const addDays = (date: string, n: number): string => utcDate(dayStart(date) + n * DAY);

/**
 * The digest's period: the local date of the latest scheduled moment that has passed (`at` on each day, or on
 * `weekday` each week). Wall-clock comparison, so a DST change moves the instant, not the period; a store whose
 * first evaluation comes between two moments gets the latest one once.
 */
function digestPeriod(rule: Pick<DigestRule, 'every' | 'at' | 'timeZone' | 'weekday'>, now: number): string {
  const local = localClock(now, rule.timeZone);
  if (rule.every === 'day') return local.time >= rule.at ? local.date : addDays(local.date, -1);
  const scheduled = addDays(local.date, rule.weekday - local.weekday);
  if (local.weekday > rule.weekday || (local.weekday === rule.weekday && local.time >= rule.at)) return scheduled;
  // Before this week's moment: the previous week's digest is the current one.
  return addDays(scheduled, -7);
}

/** A daily or weekly summary, once per period however often it is evaluated. */
function evaluateDigest(rule: DigestRule, s: AlertSnapshot): AlertEvent[] {
  const period = digestPeriod(rule, s.now);
  const costs = filtered(rule, s.costs);
  const names = namesOf(s.costs);
  const today = utcDate(s.now);
  const yesterday = addDays(today, -1);
  const month = today.slice(0, 7);
  const yesterdaySpend = costs.filter((c) => c.date === yesterday).reduce((a, c) => a + c.amount, 0);
  const monthRows = costs.filter((c) => c.date.startsWith(month));
  const mtd = monthRows.reduce((a, c) => a + c.amount, 0);
  let forecast: number | null = null;
  try {
    forecast = forecastMonth(
      costs.map((c) => ({ date: c.date, amount: c.amount })),
      { asOf: today },
    ).forecast_usd;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  const top = (m: Map<string, number>, label: (k: string) => string): ListItem[] =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => ({ label: label(k), value: usd(v) }));
  const projects = top(
    sumBy(monthRows, (c) => c.projectId),
    (id) => names.get(`project:${id}`) ?? id,
  );
  const models = top(
    sumBy(monthRows, (c) => modelOf(c.lineItem)),
    (m) => m,
  );
  return [
    event(
      s,
      rule,
      { scope: 'organization', period },
      {
        summary: `Spend digest for ${period}: ${usd(yesterdaySpend)} yesterday (${yesterday} UTC), ${usd(mtd)} in ${month}${forecast === null ? '' : ` (forecast ${usd(forecast)})`}`,
        details: [`Top projects in ${month}: ${projects.length}; top models: ${models.length}.`],
        items: [
          ...projects.slice(0, 5).map((p) => ({ ...p, label: `project ${p.label}` })),
          ...models.slice(0, 5).map((m) => ({ ...m, label: `model ${m.label}` })),
        ],
        figures: { yesterday_usd: yesterdaySpend, month_to_date_usd: mtd, forecast_usd: forecast },
      },
    ),
  ];
}

/** Every rule over one organization's snapshot: the events (not yet deduplicated: the store does that) and notices. */
export function referenceEvaluateRules(
  rules: readonly AlertRule[],
  s: AlertSnapshot,
): { events: AlertEvent[]; notices: string[] } {
  const events: AlertEvent[] = [];
  const notices: string[] = [];
  for (const rule of rules) {
    if (
      !appliesTo(rule, {
        id: s.organization,
        ...(s.organizationName === undefined ? {} : { name: s.organizationName }),
      })
    )
      continue;
    switch (rule.type) {
      case 'budget': {
        const r = evaluateBudget(rule, s);
        events.push(...r.events);
        notices.push(...r.notices);
        break;
      }
      case 'anomaly':
        events.push(...evaluateAnomaly(rule, s));
        break;
      case 'stale':
        events.push(...evaluateStale(rule, s));
        break;
      case 'new_spender':
        events.push(...evaluateNewSpender(rule, s));
        break;
      case 'unpriced_model':
        events.push(...evaluateUnpricedModel(rule, s));
        break;
      case 'digest':
        events.push(...evaluateDigest(rule, s));
        break;
    }
  }
  return { events, notices };
}

export function referenceReplay(
  rules: readonly AlertRule[],
  costs: readonly CostDay[],
  options: ReplayOptions = {},
): { days: ReplayDay[]; events: ReferenceEvent[]; notices: string[] } {
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
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(dayStart(d)))
      throw new RangeError(`invalid ${name}: ${d} (a date YYYY-MM-DD)`);
  const sorted = [...costs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const organization = options.organization ?? 'default';
  const seen = new Set<string>();
  const open: EventKey[] = [];
  const events: ReferenceEvent[] = [];
  const days: ReplayDay[] = [];
  const notices = new Set<string>();
  const id = (k: EventKey): string => JSON.stringify([k.organization, k.rule, k.scope, k.period, k.state]);
  let upTo = 0;
  for (let t = dayStart(from); t <= dayStart(to); t += DAY) {
    const date = utcDate(t);
    while (upTo < sorted.length && (sorted[upTo]?.date ?? '') <= date) upTo++;
    const visible = sorted.slice(0, upTo);
    const now = t + offset;
    const { events: found, notices: said } = referenceEvaluateRules(rules, {
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
      events.push({
        day: date,
        rule: e.rule,
        rule_type: e.ruleType,
        scope: e.scope,
        period: e.period,
        state: e.state,
        summary: e.summary,
        event: e,
      });
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
