import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  digestPeriod,
  evaluateAnomaly,
  evaluateBudget,
  evaluateDigest,
  evaluateNewSpender,
  evaluateRules,
  evaluateStale,
  evaluateUnpricedModel,
  newestCompleteDay,
  type AlertSnapshot,
  type CostDay,
} from '../../lib/alerts/evaluate';
import type {
  AnomalyRule,
  BudgetRule,
  DigestRule,
  NewSpenderRule,
  StaleRule,
  UnpricedModelRule,
} from '../../lib/alerts/rules-file';

const DAY = 86_400;
const at = (iso: string): number => Date.parse(iso) / 1000;
const base = { notify: ['team'], organizations: null, projects: null };
const budgetRule = (o: Partial<BudgetRule> = {}): BudgetRule => ({
  ...base,
  name: 'budget',
  type: 'budget',
  amount: 100,
  thresholds: [0.5, 0.8, 1],
  per: 'organization',
  forecast: true,
  ...o,
});

/** Days [from, to] with `amount(date)` for project p1 on gpt-4o-mini input. */
function days(from: string, to: string, amount: (date: string) => number, o: Partial<CostDay> = {}): CostDay[] {
  const out: CostDay[] = [];
  for (let t = at(`${from}T00:00:00Z`); t <= at(`${to}T00:00:00Z`); t += DAY) {
    const date = new Date(t * 1000).toISOString().slice(0, 10);
    out.push({
      date,
      projectId: 'proj_1',
      projectName: 'Search',
      apiKeyId: null,
      apiKeyName: null,
      lineItem: 'gpt-4o-mini-2024-07-18, input',
      amount: amount(date),
      ...o,
    });
  }
  return out;
}

function snapshot(now: string, costs: CostDay[], o: Partial<AlertSnapshot> = {}): AlertSnapshot {
  const n = at(now);
  return { organization: 'default', now: n, costs, lastSyncAt: n - 60, costsCoveredUntil: n, open: [], ...o };
}

test('budget: the highest of several thresholds crossed at once is one event, keyed per month and threshold', () => {
  // $3/day for 1..27 November = $81: 50% and 80% crossed, 100% not.
  const s = snapshot(
    '2026-11-27T12:00:00Z',
    days('2026-11-01', '2026-11-27', () => 3),
  );
  const { events } = evaluateBudget(budgetRule({ forecast: false }), s);
  assert.equal(events.length, 1);
  assert.equal(events[0]?.period, '2026-11/80%');
  assert.equal(events[0]?.figures['spent_usd'], 81);
  assert.match(events[0]?.summary ?? '', /\$81\.00 in 2026-11: 81% of its \$100\.00 budget \(threshold 80%\)/);
});

test('budget: quiet below the lowest threshold; last month does not count', () => {
  const s = snapshot('2026-12-03T12:00:00Z', [
    ...days('2026-11-01', '2026-11-30', () => 30),
    ...days('2026-12-01', '2026-12-03', () => 10),
  ]);
  const { events } = evaluateBudget(budgetRule({ forecast: false }), s);
  assert.deepEqual(events, []);
});

test('budget: below the budget, a forecast that crosses it says on which day', () => {
  // $4/day every day: by the 15th $60 spent (below $100), forecast reaches $100 on day 25.
  const s = snapshot(
    '2026-11-16T06:00:00Z',
    days('2026-10-20', '2026-11-16', () => 4),
  );
  const { events } = evaluateBudget(budgetRule({ thresholds: [0.9] }), s);
  const forecast = events.find((e) => e.period === '2026-11/forecast');
  assert.ok(forecast, JSON.stringify(events.map((e) => e.period)));
  // Spent through the 15th (complete days) plus the 16th's $4 already stored = $64 billed; the forecast counts
  // complete days only: 15 × 4 = 60, then 4/day: 100 reached on the 25th.
  assert.equal(forecast.figures['crosses_on'], '2026-11-25');
  assert.match(forecast.summary, /projected to exceed its \$100\.00 budget on 2026-11-25/);
  const quiet = evaluateBudget(
    budgetRule({ thresholds: [0.9] }),
    snapshot(
      '2026-11-16T06:00:00Z',
      days('2026-10-20', '2026-11-16', () => 1),
    ),
  );
  assert.deepEqual(quiet.events, []);
});

test('budget without amount: the spend limit, else the lowest spend alert; per project: project limits; none is a notice', () => {
  const costs = [
    ...days('2026-11-01', '2026-11-10', () => 5),
    ...days('2026-11-01', '2026-11-10', () => 1, { projectId: 'proj_2', projectName: 'Chat' }),
  ];
  const s = (limits: NonNullable<AlertSnapshot['limits']>): AlertSnapshot =>
    snapshot('2026-11-10T12:00:00Z', costs, { limits });
  const org = budgetRule({ amount: null, forecast: false });
  assert.equal(evaluateBudget(org, s({ spendLimit: 100, spendAlerts: [50] })).events[0]?.period, '2026-11/50%');
  assert.equal(evaluateBudget(org, s({ spendAlerts: [80, 70] })).events[0]?.period, '2026-11/80%');
  const none = evaluateBudget(org, s({}));
  assert.deepEqual(none.events, []);
  assert.match(none.notices[0] ?? '', /no budget for the organization/);
  const perProject = evaluateBudget(
    budgetRule({ amount: null, per: 'project', forecast: false }),
    s({ projectLimits: { proj_2: 10 } }),
  );
  assert.deepEqual(
    perProject.events.map((e) => [e.scope, e.period]),
    [['project:proj_2', '2026-11/100%']],
  );
  assert.match(perProject.events[0]?.summary ?? '', /^project Chat has spent \$10\.00/);
  assert.match(perProject.notices.join('\n'), /no budget for project Search/);
});

test('budget: the projects filter keeps only those projects (by id or name)', () => {
  const costs = [
    ...days('2026-11-01', '2026-11-10', () => 9),
    ...days('2026-11-01', '2026-11-10', () => 1, { projectId: 'proj_2', projectName: 'Chat' }),
  ];
  const s = snapshot('2026-11-10T12:00:00Z', costs);
  assert.equal(evaluateBudget(budgetRule({ forecast: false, projects: ['Chat'] }), s).events.length, 0);
  assert.equal(
    evaluateBudget(budgetRule({ forecast: false, projects: ['proj_1'] }), s).events[0]?.period,
    '2026-11/80%',
  );
});

const anomalyRule: AnomalyRule = { ...base, name: 'anomaly', type: 'anomaly', threshold: 5, minRatio: 2 };

test('anomaly: a spike on the newest complete day fires for the organization, project and model; steady data is quiet', () => {
  const spikeDay = '2026-11-20';
  const costs = days('2026-10-01', '2026-11-21', (d) => (d === spikeDay ? 50 : 5 + (d.charCodeAt(9) % 3) * 0.1));
  const s = snapshot('2026-11-21T09:00:00Z', costs);
  assert.equal(newestCompleteDay(s), spikeDay);
  const events = evaluateAnomaly(anomalyRule, s);
  assert.deepEqual(events.map((e) => e.scope).sort(), [
    'model:gpt-4o-mini-2024-07-18',
    'organization',
    'project:proj_1',
  ]);
  for (const e of events) assert.equal(e.period, spikeDay);
  const project = events.find((e) => e.scope === 'project:proj_1');
  assert.match(project?.summary ?? '', /project Search spent \$50\.00/);
  // The organization's message lists the related anomalies of the day: project and model, same dollars above.
  const org = events.find((e) => e.scope === 'organization');
  assert.deepEqual(
    org?.items.map((i) => i.label),
    ['project Search', 'model gpt-4o-mini-2024-07-18'].sort(),
  );
  assert.ok(org?.items.every((i) => i.value.startsWith('+$4')));
  const steady = days('2026-10-01', '2026-11-21', (d) => 5 + (d.charCodeAt(9) % 3) * 0.1);
  assert.deepEqual(evaluateAnomaly(anomalyRule, snapshot('2026-11-21T09:00:00Z', steady)), []);
});

test('anomaly: the open day is never judged, nor a day the store does not cover to its end', () => {
  const costs = days('2026-10-01', '2026-11-21', (d) => (d === '2026-11-21' ? 500 : 5));
  assert.deepEqual(evaluateAnomaly(anomalyRule, snapshot('2026-11-21T23:00:00Z', costs)), []);
  const spikeYesterday = days('2026-10-01', '2026-11-21', (d) => (d === '2026-11-20' ? 500 : 5));
  const notCovered = snapshot('2026-11-21T09:00:00Z', spikeYesterday, {
    costsCoveredUntil: at('2026-11-20T12:00:00Z'),
  });
  assert.equal(newestCompleteDay(notCovered), '2026-11-19');
  assert.deepEqual(evaluateAnomaly(anomalyRule, notCovered), []);
});

const staleRule: StaleRule = { ...base, name: 'stale', type: 'stale', after: 6 * 3600, costDelay: 36 * 3600 };

test('stale: fires once per episode (stable key across runs), then resolves when fresh', () => {
  const costs = days('2026-11-01', '2026-11-20', () => 1);
  const lastSync = at('2026-11-20T10:00:00Z');
  const fresh = evaluateStale(staleRule, snapshot('2026-11-20T12:00:00Z', costs, { lastSyncAt: lastSync }));
  assert.deepEqual(fresh, []);
  const late1 = evaluateStale(staleRule, snapshot('2026-11-20T17:00:00Z', costs, { lastSyncAt: lastSync }));
  const late2 = evaluateStale(staleRule, snapshot('2026-11-20T23:00:00Z', costs, { lastSyncAt: lastSync }));
  assert.equal(late1.length, 1);
  assert.equal(late1[0]?.period, 'sync:2026-11-20T10:00:00.000Z');
  assert.deepEqual(
    late2.map((e) => [e.period, e.state]),
    late1.map((e) => [e.period, e.state]),
  );
  const open = late1.map(({ organization, rule, scope, period, state }) => ({
    organization,
    rule,
    scope,
    period,
    state,
  }));
  const back = evaluateStale(
    staleRule,
    snapshot('2026-11-21T01:00:00Z', [...costs, ...days('2026-11-21', '2026-11-21', () => 1)], {
      lastSyncAt: at('2026-11-21T00:59:00Z'),
      open,
    }),
  );
  assert.deepEqual(
    back.map((e) => [e.period, e.state]),
    [['sync:2026-11-20T10:00:00.000Z', 'resolved']],
  );
  assert.match(back[0]?.summary ?? '', /fresh again/);
});

test('stale: costs older than the usual delay fire even when syncs succeed; a never-synced store fires', () => {
  const costs = days('2026-11-01', '2026-11-18', () => 1);
  const events = evaluateStale(staleRule, snapshot('2026-11-20T13:00:00Z', costs));
  assert.deepEqual(
    events.map((e) => e.period),
    ['costs:2026-11-18'],
  );
  assert.deepEqual(evaluateStale(staleRule, snapshot('2026-11-20T11:00:00Z', costs)), []);
  const never = evaluateStale(staleRule, snapshot('2026-11-20T13:00:00Z', [], { lastSyncAt: null }));
  assert.deepEqual(
    never.map((e) => e.period),
    ['sync:never'],
  );
});

test('new_spender: a project, key and model first spending in the last week, not what was there from the start', () => {
  const rule: NewSpenderRule = { ...base, name: 'new', type: 'new_spender', kinds: ['project', 'api_key', 'model'] };
  const costs = [
    ...days('2026-11-01', '2026-11-20', () => 2),
    ...days('2026-11-18', '2026-11-20', () => 3, {
      projectId: 'proj_new',
      projectName: 'Batch <jobs>',
      apiKeyId: 'key_9',
      apiKeyName: 'ci key',
      lineItem: 'gpt-4.1-2025-04-14, output',
    }),
    // First seen 3 weeks ago: not new.
    ...days('2026-11-02', '2026-11-20', () => 1, { projectId: 'proj_old', projectName: 'Old' }),
  ];
  const events = evaluateNewSpender(rule, snapshot('2026-11-20T12:00:00Z', costs));
  assert.deepEqual(
    events.map((e) => [e.scope, e.period, e.figures['first_day']]),
    [
      ['project:proj_new', 'first', '2026-11-18'],
      ['api_key:key_9', 'first', '2026-11-18'],
      ['model:gpt-4.1-2025-04-14', 'first', '2026-11-18'],
    ],
  );
  assert.match(events[0]?.summary ?? '', /project Batch <jobs> first spent on 2026-11-18 \(\$9\.00 since\)/);
  assert.deepEqual(
    evaluateNewSpender(
      rule,
      snapshot(
        '2026-11-20T12:00:00Z',
        days('2026-11-01', '2026-11-20', () => 2),
      ),
    ),
    [],
  );
});

test('unpriced_model: a model the price data does not know, once; known models and tools are quiet', () => {
  const rule: UnpricedModelRule = { ...base, name: 'unpriced', type: 'unpriced_model' };
  const costs = [
    ...days('2026-11-01', '2026-11-03', () => 2),
    ...days('2026-11-02', '2026-11-03', () => 4, { lineItem: 'gpt-99-preview, input' }),
    ...days('2026-11-02', '2026-11-03', () => 1, { lineItem: 'web search tool calls' }),
  ];
  const events = evaluateUnpricedModel(rule, snapshot('2026-11-03T12:00:00Z', costs));
  assert.deepEqual(
    events.map((e) => [e.scope, e.figures['billed_usd']]),
    [['model:gpt-99-preview', 8]],
  );
  assert.deepEqual(evaluateUnpricedModel(rule, snapshot('2026-11-03T12:00:00Z', costs.slice(0, 3))), []);
});

const digestRule: DigestRule = {
  ...base,
  name: 'digest',
  type: 'digest',
  every: 'day',
  at: '09:00',
  timeZone: 'Europe/Berlin',
  weekday: 1,
};

test('digest: one period per local day across hourly evaluations, including the DST change', () => {
  // Europe/Berlin leaves summer time on 2026-10-25 (03:00 CEST -> 02:00 CET).
  const periods = new Set<string>();
  const firstAt = new Map<string, string>();
  for (let t = at('2026-10-23T00:00:00Z'); t < at('2026-10-28T00:00:00Z'); t += 3600) {
    const p = digestPeriod(digestRule, t);
    periods.add(p);
    if (!firstAt.has(p)) firstAt.set(p, new Date(t * 1000).toISOString());
  }
  assert.deepEqual([...periods].sort(), [
    '2026-10-22',
    '2026-10-23',
    '2026-10-24',
    '2026-10-25',
    '2026-10-26',
    '2026-10-27',
  ]);
  // 09:00 local is 07:00 UTC in summer time, 08:00 UTC after the change.
  assert.equal(firstAt.get('2026-10-24'), '2026-10-24T07:00:00.000Z');
  assert.equal(firstAt.get('2026-10-25'), '2026-10-25T08:00:00.000Z');
  // Until 09:00 local the latest passed moment is the day before's.
  assert.equal(digestPeriod(digestRule, at('2026-10-26T07:59:00Z')), '2026-10-25');
  assert.equal(digestPeriod(digestRule, at('2026-10-26T08:00:00Z')), '2026-10-26');
  const weekly = { ...digestRule, every: 'week' as const, weekday: 1 };
  assert.equal(digestPeriod(weekly, at('2026-10-26T08:00:00Z')), '2026-10-26');
  assert.equal(digestPeriod(weekly, at('2026-10-26T07:59:00Z')), '2026-10-19');
  assert.equal(digestPeriod(weekly, at('2026-11-01T22:59:00Z')), '2026-10-26');
});

test('digest: yesterday, month to date and top projects and models, with names', () => {
  const costs = [
    ...days('2026-11-01', '2026-11-20', () => 2),
    ...days('2026-11-01', '2026-11-20', () => 5, {
      projectId: 'proj_2',
      projectName: 'Chat',
      lineItem: 'gpt-4.1-2025-04-14, output',
    }),
  ];
  const [e] = evaluateDigest(digestRule, snapshot('2026-11-20T10:00:00Z', costs));
  assert.equal(e?.period, '2026-11-20');
  assert.equal(e?.figures['yesterday_usd'], 7);
  assert.equal(e?.figures['month_to_date_usd'], 140);
  assert.deepEqual(
    e?.items.map((i) => `${i.label}=${i.value}`),
    [
      'project Chat=$100.00',
      'project Search=$40.00',
      'model gpt-4.1-2025-04-14=$100.00',
      'model gpt-4o-mini-2024-07-18=$40.00',
    ],
  );
});

test('evaluateRules keeps the organization filter and a key on every event', () => {
  const s = snapshot(
    '2026-11-27T12:00:00Z',
    days('2026-11-01', '2026-11-27', () => 3),
  );
  assert.equal(evaluateRules([budgetRule({ organizations: ['org-other'] })], s).events.length, 0);
  const { events } = evaluateRules([budgetRule({ forecast: false }), staleRule], s);
  assert.deepEqual(
    events.map((e) => [e.organization, e.rule, e.scope, e.period, e.state]),
    [['default', 'budget', 'organization', '2026-11/80%', 'firing']],
  );
});
