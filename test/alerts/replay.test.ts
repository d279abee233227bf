// costsByOrganization and replayOrganizations (notebook 05): each organization replayed apart, with its own costs and
// spend limits, exactly as replaying it alone; the summed days equal the per-day sums of the raw cost rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CostDay, SpendLimits } from '../../lib/alerts/evaluate';
import { costsByOrganization, replayAlerts, replayOrganizations, type AlertReplay } from '../../lib/alerts/replay';
import { parseAlertRules } from '../../lib/alerts/rules-file';

const DAY = 86_400;
const at = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;
const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

// Budgets from each organization's spend limit (no amount), spikes, new projects: what differs between the two.
const RULES = parseAlertRules(`channels:
  team: { type: slack, url_env: NOT_SET_ANYWHERE }
rules:
  - { name: limit, type: budget, thresholds: [0.5, 1.0], forecast: false, notify: [team] }
  - { name: spikes, type: anomaly, notify: [team] }
  - { name: new, type: new_spender, kinds: [project], notify: [team] }
`);

const row = (date: string, projectId: string, amount: number): CostDay => ({
  date,
  projectId,
  projectName: null,
  apiKeyId: null,
  apiKeyName: null,
  lineItem: 'gpt-4o, input',
  amount,
});

/** The summed days by plain loops over the raw rows: every day of [from, to], its spend and its month so far. */
function daySums(
  rows: readonly CostDay[],
  from: string,
  to: string,
): { date: string; spend_usd: number; month_to_date_usd: number }[] {
  const out = [];
  for (let t = at(from); t <= at(to); t += DAY) {
    const date = iso(t);
    let spend = 0;
    let month = 0;
    for (const r of rows) {
      if (r.date === date) spend += r.amount;
      if (r.date.slice(0, 7) === date.slice(0, 7) && r.date <= date) month += r.amount;
    }
    out.push({ date, spend_usd: spend, month_to_date_usd: month });
  }
  return out;
}

/** The replay of several against each organization replayed alone over the same days. */
function assertEachAlone(
  all: AlertReplay,
  orgs: readonly { id: string; name: string; costs: readonly CostDay[]; limits?: SpendLimits | undefined }[],
): AlertReplay[] {
  const dates = orgs.flatMap((o) => o.costs.map((c) => c.date)).sort();
  const range = { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' };
  const alone = orgs.map((o) =>
    replayAlerts(RULES, o.costs, { ...range, organization: o.id, organizationName: o.name, limits: o.limits }),
  );
  for (const [i, o] of orgs.entries()) {
    const own = alone[i];
    assert.ok(own);
    assert.deepEqual(
      all.events.filter((e) => e.organization_id === o.id),
      own.events,
      o.name,
    );
    assert.deepEqual(all.organizations[i], { organization: o.name, organization_id: o.id, days: own.days });
  }
  assert.equal(
    all.events.length,
    alone.reduce((n, r) => n + r.events.length, 0),
  );
  assert.deepEqual(
    all.days.map((d) => ({ date: d.date, spend_usd: d.spend_usd, month_to_date_usd: d.month_to_date_usd })),
    daySums(
      orgs.flatMap((o) => o.costs),
      range.from,
      range.to,
    ),
  );
  for (const d of all.days) assert.equal(d.events, all.events.filter((e) => e.day === d.date).length);
  return alone;
}

test('costsByOrganization: one organization per part, its rows named, its limits by ID, none where it has no entry', () => {
  const bucket = (start: number, project: string, value: number) => ({
    start_time: start,
    results: [
      { amount: { value, currency: 'usd' }, project_id: project, api_key_id: 'key_1', line_item: 'gpt-4o, input' },
    ],
  });
  const limits = new Map<string, SpendLimits>([['org-a', { spendLimit: 100 }]]);
  const names = { project_id: new Map([['proj_a', 'Production']]), api_key_id: new Map([['key_1', 'ci']]) };
  const out = costsByOrganization(
    [
      { organization_id: 'org-a', organization: 'acme', buckets: [bucket(at('2026-11-01'), 'proj_a', 3)] },
      { organization_id: 'org-g', organization: 'globex', buckets: [bucket(at('2026-11-02'), 'proj_g', 4)] },
    ],
    names,
    limits,
  );
  assert.deepEqual(out, [
    {
      id: 'org-a',
      name: 'acme',
      costs: [
        {
          date: '2026-11-01',
          projectId: 'proj_a',
          projectName: 'Production',
          apiKeyId: 'key_1',
          apiKeyName: 'ci',
          lineItem: 'gpt-4o, input',
          amount: 3,
        },
      ],
      limits: { spendLimit: 100 },
    },
    {
      id: 'org-g',
      name: 'globex',
      costs: [
        {
          date: '2026-11-02',
          projectId: 'proj_g',
          projectName: null,
          apiKeyId: 'key_1',
          apiKeyName: 'ci',
          lineItem: 'gpt-4o, input',
          amount: 4,
        },
      ],
      limits: undefined,
    },
  ]);
  assert.deepEqual(costsByOrganization([]), []);
  assert.equal(costsByOrganization([{ organization_id: 'x', organization: 'x', buckets: [] }])[0]?.limits, undefined);
});

test('two organizations with the same project names: each judged on its own costs and limits, as alone', () => {
  // Same project ID "proj_prod" in both (as same-named projects would be labelled alike): never summed.
  const acme: CostDay[] = [];
  const globex: CostDay[] = [];
  for (let t = at('2026-10-01'); t <= at('2026-11-20'); t += DAY) {
    const d = iso(t);
    acme.push(row(d, 'proj_prod', d === '2026-11-10' ? 400 : 10));
    globex.push(row(d, 'proj_prod', 30));
    if (d >= '2026-11-15') globex.push(row(d, 'proj_new', 5));
  }
  const orgs = [
    { id: 'org-acme', name: 'acme', costs: acme, limits: { spendLimit: 600 } },
    { id: 'org-globex', name: 'globex', costs: globex, limits: { spendLimit: 2000 } },
  ];
  const all = replayOrganizations(RULES, orgs);
  assertEachAlone(all, orgs);
  const on = (org: string, rule: string): string[] =>
    all.events.filter((e) => e.organization === org && e.rule === rule && e.state === 'firing').map((e) => e.day);
  // Acme's spike (sent the day after) and its own limit (half of $600 passed on the spike day); globex's new project
  // the day it first spends, and its spend ($30 a day, $930 in October) under half of its own $2000 limit.
  assert.deepEqual(on('acme', 'spikes'), ['2026-11-11']);
  assert.ok(on('acme', 'limit').includes('2026-11-10'), on('acme', 'limit').join());
  assert.deepEqual(on('acme', 'new'), []);
  assert.deepEqual(on('globex', 'spikes'), []);
  assert.deepEqual(on('globex', 'new'), ['2026-11-15']);
  assert.deepEqual(on('globex', 'limit'), []);
  // Judged together, the summed spend would have passed acme's limit early every month.
  const merged = replayAlerts(RULES, [...acme, ...globex], { organization: 'org-acme', limits: { spendLimit: 600 } });
  assert.ok(
    merged.events.filter((e) => e.rule === 'limit').length > on('acme', 'limit').length,
    'summed, the limit fires more',
  );
  assert.ok(all.events.every((e) => e.event.organization === e.organization_id));
});

test('an organization without known limits: its budget rules say so, prefixed by its name; the other judged', () => {
  const costs = (amount: number): CostDay[] =>
    Array.from({ length: 10 }, (_, i) => row(iso(at('2026-11-01') + i * DAY), 'p', amount));
  const orgs = [
    { id: 'org-a', name: 'acme', costs: costs(100), limits: { spendLimit: 500 } },
    { id: 'org-g', name: 'globex', costs: costs(100), limits: undefined },
  ];
  const all = replayOrganizations(RULES, orgs);
  const [acmeAlone, globexAlone] = assertEachAlone(all, orgs);
  assert.ok(all.events.some((e) => e.organization === 'acme' && e.rule === 'limit'));
  assert.ok(!all.events.some((e) => e.organization === 'globex' && e.rule === 'limit'));
  assert.ok((globexAlone?.notices.length ?? 0) > 0);
  assert.deepEqual(all.notices, [
    ...(acmeAlone?.notices ?? []).map((n) => `acme: ${n}`),
    ...(globexAlone?.notices ?? []).map((n) => `globex: ${n}`),
  ]);
});

test('property: over random cost days, two organizations replay each as alone; days are the raw per-day sums', () => {
  const costDay = fc.record({
    day: fc.integer({ min: 0, max: 45 }),
    project: fc.constantFrom('proj_a', 'proj_b', 'proj_c'),
    // Whole dollars: the sums are exact in any order.
    amount: fc.integer({ min: 0, max: 400 }),
  });
  const history = fc
    .array(costDay, { maxLength: 60 })
    .map((rows) => rows.map((r) => row(iso(at('2026-10-10') + r.day * DAY), r.project, r.amount)));
  const limits = fc.option(fc.record({ spendLimit: fc.integer({ min: 50, max: 3000 }) }), { nil: undefined });
  fc.assert(
    fc.property(history, history, limits, limits, (acme, globex, acmeLimits, globexLimits) => {
      fc.pre(acme.length + globex.length > 0);
      const orgs = [
        { id: 'org-acme', name: 'acme', costs: acme, limits: acmeLimits },
        { id: 'org-globex', name: 'globex', costs: globex, limits: globexLimits },
      ];
      assertEachAlone(replayOrganizations(RULES, orgs), orgs);
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 60) },
  );
});

test('a history starting inside a day: what spends from the next day on is not new, what first spends later is', () => {
  const costs = (date: string, projects: readonly string[], start = at(date)) => ({
    start_time: start,
    results: projects.map((project_id) => ({ project_id, line_item: 'gpt-4o, input', amount: { value: 5 } })),
  });
  // now − 10 days landed at 23:58 UTC: the first bucket holds two minutes, in which only proj_a spent.
  const buckets = [
    costs('2026-01-01', ['proj_a'], at('2026-01-01') + DAY - 120),
    costs('2026-01-02', ['proj_a', 'proj_b', 'proj_c']),
    costs('2026-01-03', ['proj_a', 'proj_b', 'proj_c']),
    costs('2026-01-04', ['proj_a', 'proj_b', 'proj_c', 'proj_new']),
    ...['2026-01-05', '2026-01-06', '2026-01-07'].map((d) => costs(d, ['proj_a', 'proj_b'])),
  ];
  const news = (replay: AlertReplay): string[] =>
    replay.events.filter((e) => e.rule === 'new').map((e) => `${e.day} ${e.scope}`);
  const [org] = costsByOrganization([{ organization_id: 'org-1', organization: 'acme', buckets }]);
  assert.equal(org?.wholeFrom, '2026-01-02');
  // proj_new first spent on 2026-01-04: told once, by that day's evaluation.
  assert.deepEqual(news(replayOrganizations(RULES, org === undefined ? [] : [org])), ['2026-01-04 project:proj_new']);
  // Without it (the old reading), proj_b and proj_c looked new on the first whole day.
  const partial = { id: 'org-1', name: 'acme', costs: org?.costs ?? [] };
  assert.deepEqual(news(replayOrganizations(RULES, [partial])).sort(), [
    '2026-01-02 project:proj_b',
    '2026-01-02 project:proj_c',
    '2026-01-04 project:proj_new',
  ]);
  // A history from midnight says nothing more.
  const [fromMidnight] = costsByOrganization([
    { organization_id: 'org-1', organization: 'acme', buckets: buckets.slice(1) },
  ]);
  assert.equal(fromMidnight?.wholeFrom, undefined);
});
