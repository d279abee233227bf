import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAlertRules } from '../../lib/alerts/rules-file';
import { costDaysFromBuckets, replayAlerts, replayByRule } from '../../lib/alerts/replay';
import type { CostDay } from '../../lib/alerts/evaluate';
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
  assert.deepEqual(replayAlerts(rules, []), { days: [], events: [], notices: [] });
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
