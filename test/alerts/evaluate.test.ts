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

test('budget per project: a project ID such as "constructor" or "__proto__" reads its own limit, never Object members', () => {
  const costs = [
    ...days('2026-11-01', '2026-11-10', () => 1, { projectId: 'constructor', projectName: 'Ctor' }),
    ...days('2026-11-01', '2026-11-10', () => 1, { projectId: '__proto__', projectName: 'Proto' }),
  ];
  const rule = budgetRule({ amount: null, per: 'project', forecast: false });
  const none = evaluateBudget(rule, snapshot('2026-11-10T12:00:00Z', costs, { limits: { projectLimits: {} } }));
  assert.deepEqual(none.events, []);
  assert.equal(none.notices.filter((n) => /no budget for project (Ctor|Proto)/.test(n)).length, 2);
  const limits = JSON.parse('{"__proto__": 10, "constructor": 20}') as Record<string, number>;
  const both = evaluateBudget(rule, snapshot('2026-11-10T12:00:00Z', costs, { limits: { projectLimits: limits } }));
  assert.deepEqual(
    both.events.map((e) => [e.scope, e.period]),
    [
      ['project:__proto__', '2026-11/100%'],
      ['project:constructor', '2026-11/50%'],
    ],
  );
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

test('anomaly: a spike seen at the organization, two projects and two models is one event, its scopes ranked by dollars above baseline; steady data is quiet', () => {
  const spikeDay = '2026-11-20';
  // Flat days (baseline exactly the usual amount), then the spike: Search on gpt-4o-mini $5 → $40, Chat on gpt-4o
  // $5 → $25, Archive on gpt-4.1 steady at $5.
  const series = [
    {
      id: 'proj_1',
      name: 'Search',
      item: 'gpt-4o-mini-2024-07-18, input',
      model: 'gpt-4o-mini-2024-07-18',
      usual: 5,
      spike: 40,
    },
    { id: 'proj_2', name: 'Chat', item: 'gpt-4o-2024-08-06, input', model: 'gpt-4o-2024-08-06', usual: 5, spike: 25 },
    {
      id: 'proj_3',
      name: 'Archive',
      item: 'gpt-4.1-2025-04-14, input',
      model: 'gpt-4.1-2025-04-14',
      usual: 5,
      spike: 5,
    },
  ];
  const costs = series.flatMap((p) =>
    days('2026-10-01', '2026-11-21', (d) => (d === spikeDay ? p.spike : p.usual), {
      projectId: p.id,
      projectName: p.name,
      lineItem: p.item,
    }),
  );
  const s = snapshot('2026-11-21T09:00:00Z', costs);
  assert.equal(newestCompleteDay(s), spikeDay);
  const events = evaluateAnomaly(anomalyRule, s);
  assert.deepEqual(
    events.map((e) => [e.scope, e.period]),
    [['organization', spikeDay]],
  );
  const [incident] = events;
  // Our own list: every series that moved, with its dollars above its usual, largest first (ties by scope key). Each
  // project spends on one model only: that project-and-model series repeats its project and is not listed.
  const usual = series.reduce((a, p) => a + p.usual, 0);
  const spiked = series.reduce((a, p) => a + p.spike, 0);
  const moved = series.filter((p) => p.spike !== p.usual);
  const expected = [
    { key: 'organization', label: 'the organization', above: spiked - usual, value: spiked, usual },
    ...moved.flatMap((p) => [
      { key: `project:${p.id}`, label: `project ${p.name}`, above: p.spike - p.usual, value: p.spike, usual: p.usual },
      { key: `model:${p.model}`, label: `model ${p.model}`, above: p.spike - p.usual, value: p.spike, usual: p.usual },
    ]),
  ].sort((x, y) => y.above - x.above || (x.key < y.key ? -1 : 1));
  assert.deepEqual(
    incident?.items.map((i) => [i.label, i.value]),
    expected.map((m) => [m.label, `+$${m.above.toFixed(2)} ($${m.value.toFixed(2)}, usually $${m.usual.toFixed(2)})`]),
  );
  // Projects carry their IDs (webhooks, email hover); names, never IDs, in what people read.
  assert.deepEqual(
    incident?.items.filter((i) => i.id !== undefined).map((i) => [i.label, i.id]),
    [
      ['project Search', 'proj_1'],
      ['project Chat', 'proj_2'],
    ],
  );
  assert.equal(
    incident?.summary,
    `Unusual spend on ${spikeDay}: spend ${(spiked / usual).toFixed(1)}× its usual at the organization (projects Search, Chat; models gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06)`,
  );
  assert.ok(!/proj_/.test([incident?.summary, ...(incident?.details ?? [])].join(' ')));
  assert.equal(incident?.figures['above_baseline_usd'], spiked - usual);
  assert.equal(incident?.figures['scopes'], expected.length);
  // Evaluated again (every sync): the same key, so the store records it once.
  assert.deepEqual(
    evaluateAnomaly(anomalyRule, s).map((e) => [e.scope, e.period]),
    [['organization', spikeDay]],
  );
  const steady = days('2026-10-01', '2026-11-21', (d) => 5 + (d.charCodeAt(9) % 3) * 0.1);
  assert.deepEqual(evaluateAnomaly(anomalyRule, snapshot('2026-11-21T09:00:00Z', steady)), []);
});

test('anomaly: unrelated spikes and drops of one day (no shared project or model, the organization steady) are separate incidents, largest first', () => {
  const day = '2026-11-20';
  const rows = (id: string, item: string, amount: (d: string) => number): CostDay[] =>
    days('2026-10-01', '2026-11-21', amount, { projectId: id, projectName: id.toUpperCase(), lineItem: item });
  const costs = [
    // Big and steady: the organization moves by less than twice its usual.
    ...rows('proj_big', 'gpt-4.1-2025-04-14, input', () => 40),
    ...rows('proj_up', 'gpt-4o-mini-2024-07-18, input', (d) => (d === day ? 40 : 5)),
    ...rows('proj_down', 'gpt-4o-2024-08-06, input', (d) => (d === day ? 0 : 5)),
  ];
  const events = evaluateAnomaly(anomalyRule, snapshot('2026-11-21T09:00:00Z', costs));
  assert.deepEqual(
    events.map((e) => [e.scope, e.period, e.figures['direction'], e.figures['above_baseline_usd']]),
    [
      ['project:proj_up', day, 'spike', 40 - 5],
      ['project:proj_down', day, 'drop', 0 - 5],
    ],
  );
  assert.match(events[0]?.summary ?? '', /in project PROJ_UP \(also model gpt-4o-mini-2024-07-18\)/);
});

test('anomaly: an incident already sent under one of its scopes keeps that key (its lead changed with late costs)', () => {
  const spikeDay = '2026-11-20';
  const costs = days('2026-10-01', '2026-11-21', (d) => (d === spikeDay ? 50 : 5));
  const open = [
    { organization: 'default', rule: 'anomaly', scope: 'project:proj_1', period: spikeDay, state: 'firing' as const },
  ];
  const events = evaluateAnomaly(anomalyRule, snapshot('2026-11-21T09:00:00Z', costs, { open }));
  assert.deepEqual(
    events.map((e) => e.scope),
    ['project:proj_1'],
  );
  // Another organization's or another rule's event does not count.
  for (const other of [{ organization: 'org-b' }, { rule: 'other' }]) {
    const elsewhere = snapshot('2026-11-21T09:00:00Z', costs, { open: [{ ...open[0]!, ...other }] });
    assert.deepEqual(
      evaluateAnomaly(anomalyRule, elsewhere).map((e) => e.scope),
      ['organization'],
    );
  }
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
