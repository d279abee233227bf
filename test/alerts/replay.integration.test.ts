import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAlertRules } from '../../lib/alerts/rules-file';
import {
  costDaysFromBuckets,
  replayAlerts,
  replayByRule,
  replayOrganizations,
  type AlertReplay,
  type ReplayedEvent,
} from '../../lib/alerts/replay';
import { evaluateRules, type CostDay, type SpendLimits } from '../../lib/alerts/evaluate';
import type { AlertRule } from '../../lib/alerts/rules-file';
import { referenceEvaluateRules, referenceReplay } from './reference-rules';
import { alertReplayChart } from '../../lib/charts/index';
import { UsageClient } from '../../lib/api/index';
import { isSpikeDay, startEmulator } from '../../lib/emulator/index';

const DAY = 86_400;
const at = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;
const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
const addDays = (date: string, n: number): string => iso(at(date) + n * DAY);

/** Days [from, to] of one project and line item. */
function days(from: string, to: string, amount: (date: string) => number, o: Partial<CostDay> = {}): CostDay[] {
  const out: CostDay[] = [];
  for (let t = at(from); t <= at(to); t += DAY)
    out.push({
      date: iso(t),
      projectId: 'proj_1',
      projectName: 'Search',
      apiKeyId: 'key_1',
      apiKeyName: 'ci',
      lineItem: 'gpt-4o-mini-2024-07-18, input',
      amount: amount(iso(t)),
      ...o,
    });
  return out;
}

const SPIKE = '2026-11-12';
const NEW_PROJECT = '2026-11-20';
const UNPRICED = '2026-11-24';
/** $10 a day from October on, $120 on the spike day; a new project and an unknown model late in November. */
const costs: CostDay[] = [
  ...days('2026-10-01', '2026-11-30', (d) => (d === SPIKE ? 120 : 10)),
  ...days(NEW_PROJECT, '2026-11-30', () => 3, { projectId: 'proj_new', projectName: 'Fresh <b>thing</b>' }),
  ...days(UNPRICED, '2026-11-30', () => 1, { lineItem: 'mystery-model-9, input' }),
];

const RULES = `channels:
  team: { type: slack, url_env: NOT_SET_ANYWHERE }
rules:
  - { name: budget, type: budget, amount: 300, thresholds: [0.5, 1.0], forecast: false, notify: [team] }
  - { name: spikes, type: anomaly, notify: [team] }
  - { name: new, type: new_spender, kinds: [project], notify: [team] }
  - { name: unpriced, type: unpriced_model, notify: [team] }
  - { name: digest, type: digest, every: day, at: "08:00", notify: [team] }
`;

test('the rules file is read without its channel secrets (a replay sends nothing); bad rules still name their path', () => {
  const rules = parseAlertRules(RULES);
  assert.deepEqual(
    rules.map((r) => r.type),
    ['budget', 'anomaly', 'new_spender', 'unpriced_model', 'digest'],
  );
  assert.throws(
    () => parseAlertRules(RULES.replace('thresholds: [0.5, 1.0]', 'thresholds: [0.5, 120]')),
    /^AlertsConfigError: invalid rules\[0\]\.thresholds\[1\]: 120/,
  );
});

test('replay: each rule fires on the day it would have, once; steady days are quiet', () => {
  const replay = replayAlerts(parseAlertRules(RULES), costs, { from: '2026-11-01', to: '2026-11-30' });
  assert.equal(replay.days.length, 30);
  const on = (rule: string): Array<[string, string]> =>
    replay.events.filter((e) => e.rule === rule).map((e) => [e.day, e.period]);
  // Budget: month to date by our own running sum; 50% ($150) and 100% ($300) each on the first day reaching them.
  let sum = 0;
  const crossed: Array<[string, string]> = [];
  for (let d = '2026-11-01'; d <= '2026-11-30'; d = addDays(d, 1)) {
    const before = sum;
    sum += costs.filter((c) => c.date === d).reduce((a, c) => a + c.amount, 0);
    const hit = [0.5, 1.0].filter((t) => before < 300 * t && sum >= 300 * t);
    // Several crossed on one day: only the highest is sent (the lower is never sent afterwards).
    if (hit.length > 0) crossed.push([d, `2026-11/${Math.round((hit[hit.length - 1] ?? 0) * 100)}%`]);
  }
  assert.deepEqual(on('budget'), crossed);
  // Anomaly: judged the day after (the spike day is open on its own day). The spike is seen at the organization, its
  // one project and its one model: one incident, one event, keyed by the organization.
  const spikes = replay.events.filter((e) => e.rule === 'spikes');
  assert.deepEqual(
    spikes.map((e) => [e.day, e.scope, e.period]),
    [[addDays(SPIKE, 1), 'organization', SPIKE]],
  );
  // Named by names, sized by our own figures ($120 against $10 on every other day).
  assert.equal(
    spikes[0]?.summary,
    `Unusual spend on ${SPIKE}: spend ${120 / 10}× its usual at the organization (project Search; model gpt-4o-mini-2024-07-18)`,
  );
  assert.deepEqual(on('new'), [[NEW_PROJECT, 'first']]);
  assert.match(replay.events.find((e) => e.rule === 'new')?.summary ?? '', /Fresh <b>thing<\/b>/);
  assert.deepEqual(on('unpriced'), [[UNPRICED, 'first']]);
  // Digest: once a day, for that day (evaluated at 23:00 UTC, after 08:00).
  const digests = on('digest');
  assert.equal(digests.length, 30);
  assert.ok(digests.every(([day, period]) => day === period));
  assert.deepEqual(
    replayByRule(parseAlertRules(RULES), replay).map((r) => [r.rule, r.events, r.days]),
    [
      ['budget', crossed.length, new Set(crossed.map(([d]) => d)).size],
      ['spikes', 1, 1],
      ['new', 1, 1],
      ['unpriced', 1, 1],
      ['digest', 30, 30],
    ],
  );
  // Nothing twice, and the days' spend is our own sum.
  const keys = replay.events.map((e) => `${e.rule}|${e.scope}|${e.period}|${e.state}`);
  assert.equal(new Set(keys).size, keys.length);
  for (const d of replay.days) {
    const own = costs.filter((c) => c.date === d.date).reduce((a, c) => a + c.amount, 0);
    assert.ok(Math.abs(d.spend_usd - own) < 1e-9);
    assert.equal(d.events, replay.events.filter((e) => e.day === d.date).length);
  }
  const quiet = replayAlerts(
    parseAlertRules(RULES),
    costs.filter((c) => c.date !== SPIKE),
    { from: '2026-11-01', to: '2026-11-11' },
  );
  assert.deepEqual(
    quiet.events.filter((e) => e.rule === 'spikes' || e.rule === 'new' || e.rule === 'unpriced'),
    [],
  );
});

test('replay: stale costs fire once while the costs stop, then resolve the day they are back', () => {
  const rules = parseAlertRules(`channels: { t: { type: slack, url_env: X } }
rules: [{ name: fresh, type: stale, after: 6h, notify: [t] }]`);
  // No costs on Nov 10–14.
  const gappy = days('2026-11-01', '2026-11-20', () => 5).filter((c) => c.date < '2026-11-10' || c.date > '2026-11-14');
  const replay = replayAlerts(rules, gappy);
  // Nov 9 ended at Nov 10 00:00; 36 h later is Nov 11 12:00: the check at 23:00 on Nov 11 is the first late one.
  assert.deepEqual(
    replay.events.map((e) => [e.day, e.period, e.state]),
    [
      ['2026-11-11', 'costs:2026-11-09', 'firing'],
      ['2026-11-15', 'costs:2026-11-09', 'resolved'],
    ],
  );
});

test('replay: options are checked; an empty history replays nothing', () => {
  const rules = parseAlertRules(RULES);
  assert.throws(() => replayAlerts(rules, costs, { from: '2026-13-01' }), /^RangeError: invalid from: 2026-13-01/);
  assert.throws(() => replayAlerts(rules, costs, { at: '25:00' }), /^RangeError: invalid at: 25:00/);
  assert.deepEqual(replayAlerts(rules, []), { days: [], events: [], notices: [], organizations: [] });
});

test('costDaysFromBuckets: one row per result with names from the maps, IDs kept', () => {
  const rows = costDaysFromBuckets(
    [
      {
        start_time: at('2026-11-02'),
        results: [
          { project_id: 'proj_1', api_key_id: 'key_1', line_item: 'gpt-4o, input', amount: { value: 1.5 } },
          { project_id: null, line_item: null, amount: { value: 0.25 } },
        ],
      },
    ],
    { project_id: new Map([['proj_1', 'Search']]) },
  );
  assert.deepEqual(rows, [
    {
      date: '2026-11-02',
      projectId: 'proj_1',
      projectName: 'Search',
      apiKeyId: 'key_1',
      apiKeyName: null,
      lineItem: 'gpt-4o, input',
      amount: 1.5,
    },
    {
      date: '2026-11-02',
      projectId: null,
      projectName: null,
      apiKeyId: null,
      apiKeyName: null,
      lineItem: null,
      amount: 0.25,
    },
  ]);
});

test('alertReplayChart: the spend line, one marker trace per rule on its days, summaries escaped in the hover', () => {
  const replay = replayAlerts(parseAlertRules(RULES), costs, { from: '2026-11-01', to: '2026-11-30' });
  const fig = alertReplayChart(replay);
  assert.equal(fig.id, 'alert-replay');
  const [line, ...markers] = fig.data;
  assert.ok(line !== undefined && 'y' in line);
  assert.deepEqual(
    line.y,
    replay.days.map((d) => d.spend_usd),
  );
  assert.deepEqual(markers.map((m) => m.name).sort(), [
    'budget (2)',
    'digest (30)',
    'new (1)',
    'spikes (1)',
    'unpriced (1)',
  ]);
  const spikes = markers.find((m) => m.name.startsWith('spikes'));
  assert.ok(spikes !== undefined && 'x' in spikes);
  assert.deepEqual(spikes.x, [addDays(SPIKE, 1)]);
  const hover = JSON.stringify(markers.find((m) => m.name.startsWith('new'))?.customdata);
  assert.ok(hover.includes('Fresh &lt;b&gt;thing&lt;/b&gt;') && !hover.includes('<b>thing'), hover);
  const mtd = alertReplayChart(replay, { line: 'month_to_date' });
  assert.ok(mtd.data[0] !== undefined && 'y' in mtd.data[0]);
  assert.deepEqual(
    mtd.data[0].y,
    replay.days.map((d) => d.month_to_date_usd),
  );
});

test("replay over the emulator's costs: the anomaly rule sends one message per generated burst day, the day after, keyed by the organization", async () => {
  const SEED = 42;
  const NOW = at('2026-01-01');
  const DAYS = 90;
  const emulator = await startEmulator({ port: 0, now: () => NOW, seed: SEED });
  try {
    const client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
    const start = NOW - DAYS * DAY;
    const buckets = await client.fetchAll('costs', {
      start_time: start,
      end_time: NOW,
      bucket_width: '1d',
      group_by: ['project_id', 'line_item'],
      limit: 180,
    });
    client.close();
    const replay = replayAlerts(parseAlertRules(RULES), costDaysFromBuckets(buckets), {
      from: iso(start),
      to: iso(NOW - DAY),
    });
    // Truth from the generator: its burst days, each judged once the next day is evaluated (within the range).
    const expected: string[][] = [];
    for (let day = start / DAY; day < NOW / DAY - 1; day++)
      if (isSpikeDay(SEED, day)) expected.push([iso((day + 1) * DAY), 'organization', iso(day * DAY)]);
    assert.ok(expected.length >= 3, 'the range holds several burst days');
    assert.deepEqual(
      replay.events.filter((e) => e.rule === 'spikes').map((e) => [e.day, e.scope, e.period]),
      expected,
    );
  } finally {
    await emulator.close();
  }
});

// Random histories and rules: the replay (each day's rows read once, the rules' running state) against the oracle,
// the replay as it was (every day re-evaluating every row up to it with the old rule code, test/alerts/reference-rules).
const PROJECTS = [
  { projectId: 'proj_a', projectName: 'Alpha' },
  { projectId: 'proj_b', projectName: 'Beta' },
  { projectId: 'proj_b', projectName: 'Beta renamed' },
  { projectId: 'proj_c', projectName: null },
  { projectId: null, projectName: null },
];
const KEYS = [
  { apiKeyId: 'key_1', apiKeyName: 'ci' },
  { apiKeyId: 'key_2', apiKeyName: null },
  { apiKeyId: null, apiKeyName: null },
];
const LINE_ITEMS = [
  'gpt-4o-mini-2024-07-18, input',
  'gpt-4o-2024-08-06, output',
  'o1-2024-12-17, input',
  'mystery-model-9, input',
  'web search tool calls',
  null,
];
/** Steady spend, now and then a spike, a zero or a credit. */
const amountArb = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: 8, max: 12, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: 100, max: 900, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -2.5, 0.01) },
);
const rowArb = fc.record({
  project: fc.nat({ max: PROJECTS.length - 1 }),
  key: fc.nat({ max: KEYS.length - 1 }),
  lineItem: fc.nat({ max: LINE_ITEMS.length - 1 }),
  amount: amountArb,
});
/** Days from a start in September 2026 (a month boundary or two inside), some without rows. */
const historyArb = fc
  .record({
    start: fc.integer({ min: 0, max: 40 }),
    days: fc.array(
      fc.oneof(
        { weight: 1, arbitrary: fc.constant([]) },
        { weight: 6, arbitrary: fc.array(rowArb, { minLength: 1, maxLength: 4 }) },
      ),
      // Whole months, not fast-check's few small-size elements: baselines need 28 days, forecasts 7.
      { minLength: 1, maxLength: 90, size: 'max' },
    ),
  })
  .map(({ start, days: rowsOfDays }) =>
    rowsOfDays.flatMap((rows, i) =>
      rows.map((r): CostDay => ({
        date: addDays('2026-09-01', start + i),
        ...(PROJECTS[r.project] ?? { projectId: null, projectName: null }),
        ...(KEYS[r.key] ?? { apiKeyId: null, apiKeyName: null }),
        lineItem: LINE_ITEMS[r.lineItem] ?? null,
        amount: r.amount,
      })),
    ),
  );
const list = (...lists: string[][]): fc.Arbitrary<string[] | null> => fc.constantFrom<string[] | null>(null, ...lists);
const filters = {
  name: fc.constant<string>(''),
  notify: fc.constant<string[]>(['t']),
  organizations: fc.oneof(
    { weight: 4, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: list(['default'], ['acme'], ['ACME', 'other']) },
  ),
  projects: list(['proj_a'], ['Beta', 'proj_c']),
};
/** Budgets and anomalies weigh more: they read the most of the history. */
const ruleArb: fc.Arbitrary<AlertRule> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('budget' as const),
      amount: fc.oneof(fc.constant(null), fc.integer({ min: 20, max: 3000 }), fc.integer({ min: 500, max: 1200 })),
      thresholds: fc.subarray([0.5, 0.8, 1], { minLength: 1 }),
      per: fc.constantFrom('organization' as const, 'project' as const),
      forecast: fc.boolean(),
      ...filters,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('anomaly' as const),
      threshold: fc.double({ min: 1, max: 6, noNaN: true }),
      minRatio: fc.double({ min: 1, max: 3, noNaN: true }),
      ...filters,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('stale' as const),
      after: fc.integer({ min: 3600, max: 3 * DAY }),
      costDelay: fc.integer({ min: DAY / 2, max: 3 * DAY }),
      ...filters,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('new_spender' as const),
      kinds: fc.subarray(['project' as const, 'api_key' as const, 'model' as const], { minLength: 1 }),
      ...filters,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('unpriced_model' as const), ...filters }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('digest' as const),
      every: fc.constantFrom('day' as const, 'week' as const),
      at: fc.constantFrom('00:00', '08:30', '23:59'),
      timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
      weekday: fc.integer({ min: 1, max: 7 }),
      ...filters,
    }),
  },
);
const rulesArb = fc
  .array(ruleArb, { minLength: 1, maxLength: 6 })
  .map((rules) => rules.map((r, i): AlertRule => ({ ...r, name: `rule ${i}` })));
const limitsArb: fc.Arbitrary<SpendLimits | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    spendLimit: fc.oneof(fc.constant(null), fc.integer({ min: 50, max: 2000 })),
    spendAlerts: fc.array(fc.integer({ min: 10, max: 2000 }), { maxLength: 2 }),
    projectLimits: fc.dictionary(fc.constantFrom('proj_a', 'proj_b', 'proj_c'), fc.integer({ min: 10, max: 800 })),
  }),
);
const optionsArb = fc.record(
  {
    from: fc.integer({ min: 0, max: 40 }).map((n) => addDays('2026-09-01', n)),
    to: fc.integer({ min: 0, max: 80 }).map((n) => addDays('2026-10-01', n)),
    at: fc.constantFrom('00:00', '06:15', '23:00', '23:59'),
  },
  { requiredKeys: [] },
);

/** The replay as the old one listed it: events without the organization fields events gained since. */
function asBefore(replay: AlertReplay): unknown {
  return {
    days: replay.days,
    events: replay.events.map((e) => {
      const old: Partial<ReplayedEvent> = { ...e };
      delete old.organization;
      delete old.organization_id;
      return old;
    }),
    notices: replay.notices,
  };
}

test('property: the replay gives the same days, events and notices as re-evaluating every row every day', () => {
  fc.assert(
    fc.property(historyArb, rulesArb, limitsArb, optionsArb, (costs, rules, limits, options) => {
      const opts = { ...options, organization: 'acme', limits };
      assert.deepEqual(asBefore(replayAlerts(rules, costs, opts)), referenceReplay(rules, costs, opts));
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 120) },
  );
});

test('property: evaluateRules (the sync) over a snapshot equals the old rules reading every row', () => {
  fc.assert(
    fc.property(
      historyArb,
      rulesArb,
      limitsArb,
      fc.integer({ min: 0, max: 90 * DAY }),
      (costs, rules, limits, offset) => {
        const now = at('2026-09-15') + offset;
        const s = {
          organization: 'acme',
          organizationName: 'ACME',
          now,
          costs,
          lastSyncAt: now - 3600,
          costsCoveredUntil: now - DAY,
          ...(limits === undefined ? {} : { limits }),
          open: [],
        };
        assert.deepEqual(evaluateRules(rules, s), referenceEvaluateRules(rules, s));
      },
    ),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 200) },
  );
});

test('property: several organizations replay each apart, as each alone; days are their sums', () => {
  fc.assert(
    fc.property(historyArb, historyArb, rulesArb, limitsArb, (acme, globex, rules, limits) => {
      const orgs = [
        { id: 'org-acme', name: 'acme', costs: acme, limits },
        { id: 'org-globex', name: 'globex', costs: globex },
      ];
      const all = replayOrganizations(rules, orgs);
      const dates = [...acme, ...globex].map((c) => c.date).sort();
      const range = { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' };
      const alone = orgs.map((o) =>
        replayAlerts(rules, o.costs, { ...range, organization: o.id, organizationName: o.name, limits: o.limits }),
      );
      for (const [i, o] of orgs.entries()) {
        const own = alone[i];
        assert.ok(own !== undefined);
        assert.deepEqual(
          all.events.filter((e) => e.organization_id === o.id),
          own.events,
        );
        assert.ok(own.events.every((e) => e.organization === o.name && e.event.organization === o.id));
        assert.deepEqual(all.organizations[i], { organization: o.name, organization_id: o.id, days: own.days });
        assert.deepEqual(
          all.notices.filter((n) => n.startsWith(`${o.name}: `)),
          own.notices.map((n) => `${o.name}: ${n}`),
        );
      }
      assert.equal(all.notices.length, new Set(all.notices).size);
      // Day by day: sums of the two, events in day order.
      for (const [d, day] of all.days.entries()) {
        const parts = alone.map((r) => r.days[d]);
        assert.equal(day.spend_usd, (parts[0]?.spend_usd ?? NaN) + (parts[1]?.spend_usd ?? NaN));
        assert.equal(
          day.month_to_date_usd,
          (parts[0]?.month_to_date_usd ?? NaN) + (parts[1]?.month_to_date_usd ?? NaN),
        );
        assert.equal(day.events, all.events.filter((e) => e.day === day.date).length);
      }
      assert.deepEqual(
        all.events.map((e) => e.day),
        all.events.map((e) => e.day).sort(),
      );
    }),
    { numRuns: Number(process.env['FUZZ_RUNS'] ?? 60) },
  );
});
