import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type ReplayDayLike, type ReplayEventLike, alertReplayChart } from '../../lib/charts/alert-replay-chart';
import type { LineTrace } from '../../lib/charts/figure';
import { EXTENDED_PALETTE } from '../../lib/charts/palette';
import { rawMarkup } from './figure-strings';
import { HOSTILE } from './sample-data';

const days: ReplayDayLike[] = [
  { date: '2026-11-03', spend_usd: 30, month_to_date_usd: 60 },
  { date: '2026-11-01', spend_usd: 10, month_to_date_usd: 10 },
  { date: '2026-11-02', spend_usd: 20, month_to_date_usd: 30 },
];

const event = (
  day: string,
  rule: string,
  summary: string,
  state: ReplayEventLike['state'] = 'firing',
): ReplayEventLike => ({
  day,
  rule,
  state,
  summary,
});

const events: ReplayEventLike[] = [
  event('2026-11-03', 'spikes', 'Spend tripled'),
  event('2026-11-02', 'budget', 'Over 25 USD this month'),
  event('2026-11-03', 'budget', 'Back under budget', 'resolved'),
];

const lines = (fig: ReturnType<typeof alertReplayChart>): LineTrace[] =>
  fig.data.map((t) => {
    assert.ok(t.type === 'scatter');
    return t;
  });

test('the daily spend line in date order, then one marker trace per rule, on the line, on its days', () => {
  const fig = alertReplayChart({ days, events });
  assert.equal(fig.id, 'alert-replay');
  assert.equal(fig.title, 'What Would Have Fired');
  const [line, spikes, budget] = lines(fig);
  assert.ok(line !== undefined && spikes !== undefined && budget !== undefined);
  assert.equal(line.name, 'Daily spend');
  assert.equal(line.mode, 'lines');
  assert.deepEqual(line.x, ['2026-11-01', '2026-11-02', '2026-11-03']);
  assert.deepEqual(line.y, [10, 20, 30]);
  assert.deepEqual(line.customdata[1], ['2026-11-02', '$20.00']);
  assert.equal(spikes.name, 'spikes (1)');
  assert.equal(spikes.mode, 'markers');
  assert.deepEqual([spikes.x, spikes.y], [['2026-11-03'], [30]]);
  assert.equal(budget.name, 'budget (2)');
  assert.deepEqual(
    [budget.x, budget.y],
    [
      ['2026-11-02', '2026-11-03'],
      [20, 30],
    ],
  );
  assert.deepEqual(budget.customdata, [
    ['budget', '2026-11-02', 'Over 25 USD this month'],
    ['budget', '2026-11-03', 'resolved: Back under budget'],
  ]);
  assert.equal(spikes.marker?.color, EXTENDED_PALETTE[2]);
  assert.equal(budget.marker?.color, EXTENDED_PALETTE[3]);
  assert.deepEqual([spikes.marker?.size, budget.marker?.size], [11, 14], 'each rule a little larger');
  assert.equal(
    fig.subtitle,
    '3 events over 3 days, each day evaluated as if it were today (the open day never judged; each event sent once) · UTC days',
  );
  assert.equal(fig.layout.yaxis?.title?.text, 'Spend per day (USD)');
  assert.equal(fig.layout.xaxis?.tick0, '2026-11-01');
  assert.equal(fig.layout.hovermode, 'x');
});

test('month to date: the line and the markers follow the month so far, and the title says so', () => {
  const fig = alertReplayChart({ days, events }, { line: 'month_to_date' });
  assert.equal(fig.title, 'What Would Have Fired (Month to Date)');
  const [line, spikes] = lines(fig);
  assert.equal(line?.name, 'Month to date');
  assert.deepEqual(line?.y, [10, 30, 60]);
  assert.deepEqual(spikes?.y, [60]);
  assert.equal(fig.layout.yaxis?.title?.text, 'Spend this month so far (USD)');
  assert.equal(alertReplayChart({ days, events }, { line: 'daily', title: 'Tuning' }).title, 'Tuning');
});

test('a busy day lists hoverLines summaries then "and N more"; an event off the replayed days sits at 0', () => {
  const many = Array.from({ length: 7 }, (_, i) => event('2026-11-01', 'digest', `Summary ${i}`));
  const fig = alertReplayChart({ days, events: [...many, event('2026-10-31', 'digest', 'Before')] }, { hoverLines: 2 });
  const [, digest] = lines(fig);
  assert.equal(digest?.name, 'digest (8)');
  assert.deepEqual(digest?.x, ['2026-10-31', '2026-11-01']);
  assert.deepEqual(digest?.y, [0, 10]);
  assert.equal(digest?.customdata[1]?.[2], 'Summary 0<br>Summary 1<br>and 5 more');
  const none = lines(alertReplayChart({ days, events: many }, { hoverLines: 0 }))[1];
  assert.equal(none?.customdata[0]?.[2], 'and 7 more');
  const all = lines(alertReplayChart({ days, events: many }))[1];
  assert.equal(
    all?.customdata[0]?.[2],
    `${['0', '1', '2', '3', '4'].map((i) => `Summary ${i}`).join('<br>')}<br>and 2 more`,
  );
});

test('rules and summaries are escaped wherever Plotly draws them', () => {
  const fig = alertReplayChart({ days, events: [event('2026-11-01', HOSTILE, `<b>${HOSTILE}</b>`)] });
  assert.deepEqual(rawMarkup(fig.data.map((t) => ({ ...t, hovertemplate: '' }))), []);
  const [, marker] = lines(fig);
  assert.ok(marker?.name.startsWith('&lt;/script&gt;'));
  assert.ok(marker?.customdata[0]?.[2]?.startsWith('&lt;b&gt;&lt;/script&gt;'));
});

test('no days: an empty state that says so; the options are still checked', () => {
  const fig = alertReplayChart({ days: [], events });
  assert.equal(fig.data.length, 0);
  assert.equal(fig.layout.annotations?.[0]?.text, 'No cost days to replay');
  assert.throws(
    () => alertReplayChart({ days: [], events: [] }, { line: 'weekly' as never }),
    /^RangeError: invalid line: weekly \(daily or month_to_date\)$/,
  );
});

test('bad input and options are named', () => {
  assert.throws(() => alertReplayChart({ days: null as never, events }), /^Error: invalid days: null$/);
  assert.throws(() => alertReplayChart({ days, events: {} as never }), /^Error: invalid events: \{\}$/);
  assert.throws(() => alertReplayChart({ days, events }, { id: 'Alert Replay' }), /invalid figure id: "Alert Replay"/);
  assert.throws(() => alertReplayChart({ days, events }, { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => alertReplayChart({ days, events }, { line: 'weekly' as never }), /invalid line: weekly/);
  for (const bad of [-1, 1.5, Number.NaN])
    assert.throws(
      () => alertReplayChart({ days, events }, { hoverLines: bad }),
      new RegExp(`^Error: invalid hoverLines: ${bad}$`),
    );
});

test('property: one marker trace per rule, each marker on its day with its events counted once', () => {
  const day = fc.constantFrom('2026-11-01', '2026-11-02', '2026-11-03');
  const ev = fc.record({
    day,
    rule: fc.constantFrom('a', 'b', 'c'),
    state: fc.constantFrom('firing' as const, 'resolved' as const),
    summary: fc.string({ maxLength: 8 }).map((s) => `s:${s}`),
  });
  fc.assert(
    fc.property(fc.array(ev, { maxLength: 25 }), fc.integer({ min: 0, max: 6 }), (evs, hoverLines) => {
      const [line, ...markers] = lines(alertReplayChart({ days, events: evs }, { hoverLines }));
      assert.deepEqual(line?.y, [10, 20, 30]);
      const rules = [...new Set(evs.map((e) => e.rule))];
      assert.deepEqual(
        markers.map((m) => m.name),
        rules.map((r) => `${r} (${evs.filter((e) => e.rule === r).length})`),
      );
      markers.forEach((m, i) => {
        const mine = evs.filter((e) => e.rule === rules[i]);
        assert.deepEqual(m.x, [...new Set(mine.map((e) => e.day))].sort());
        m.x.forEach((d, j) => {
          const n = mine.filter((e) => e.day === d).length;
          const hover = m.customdata[j]?.[2] ?? '';
          const listed = hover === '' ? 0 : hover.split('<br>').filter((l) => !l.startsWith('and ')).length;
          assert.equal(listed, Math.min(n, hoverLines));
          if (n > hoverLines) assert.ok(hover.endsWith(`and ${n - hoverLines} more`), hover);
        });
      });
    }),
    { numRuns: 100 },
  );
});

describe('a replay of several organizations', () => {
  const HOSTILE_ORG = '<img src=x onerror=alert(1)>';
  // Each organization's own days (shuffled), as replayOrganizations keeps them; `days` their sums.
  const acme: ReplayDayLike[] = [
    { date: '2026-11-02', spend_usd: 5, month_to_date_usd: 12 },
    { date: '2026-11-01', spend_usd: 7, month_to_date_usd: 7 },
    { date: '2026-11-03', spend_usd: 40, month_to_date_usd: 52 },
  ];
  const globex: ReplayDayLike[] = [
    { date: '2026-11-01', spend_usd: 3, month_to_date_usd: 3 },
    { date: '2026-11-03', spend_usd: 2, month_to_date_usd: 20 },
    { date: '2026-11-02', spend_usd: 15, month_to_date_usd: 18 },
  ];
  const organizations = [
    { organization: 'acme', days: acme },
    { organization: HOSTILE_ORG, days: globex },
  ];
  const summed: ReplayDayLike[] = ['2026-11-01', '2026-11-02', '2026-11-03'].map((date) => {
    const a = acme.find((d) => d.date === date);
    const g = globex.find((d) => d.date === date);
    return {
      date,
      spend_usd: (a?.spend_usd ?? 0) + (g?.spend_usd ?? 0),
      month_to_date_usd: (a?.month_to_date_usd ?? 0) + (g?.month_to_date_usd ?? 0),
    };
  });
  const orgEvents: ReplayEventLike[] = [
    { ...event('2026-11-03', 'spikes', 'Acme tripled'), organization: 'acme' },
    { ...event('2026-11-02', 'spikes', 'Globex fivefold'), organization: HOSTILE_ORG },
    { ...event('2026-11-02', 'budget', 'Globex over half'), organization: HOSTILE_ORG },
    { ...event('2026-11-02', 'budget', 'Acme over half'), organization: 'acme' },
  ];
  /** An organization's value on a day, read off the input above (not through the chart). */
  const valueOf = (org: string, day: string, line: 'daily' | 'month_to_date'): number => {
    const d = (org === 'acme' ? acme : globex).find((x) => x.date === day);
    assert.ok(d);
    return line === 'daily' ? d.spend_usd : d.month_to_date_usd;
  };

  for (const line of ['daily', 'month_to_date'] as const)
    test(`${line}: one line per organization in date order, every marker on its own organization's line`, () => {
      const fig = alertReplayChart({ days: summed, events: orgEvents, organizations }, { line });
      const traces = lines(fig);
      const what = line === 'daily' ? 'Daily spend' : 'Month to date';
      const orgLines = traces.filter((t) => t.mode === 'lines');
      assert.deepEqual(
        orgLines.map((t) => t.name),
        [`${what}: acme`, `${what}: &lt;img src=x onerror=alert(1)&gt;`],
      );
      for (const [i, org] of ['acme', HOSTILE_ORG].entries()) {
        const t = orgLines[i];
        assert.deepEqual(t?.x, ['2026-11-01', '2026-11-02', '2026-11-03']);
        assert.deepEqual(
          t?.y,
          (t?.x ?? []).map((d) => valueOf(org, d, line)),
        );
      }
      assert.notEqual(orgLines[0]?.line?.color, orgLines[1]?.line?.color, 'each organization its own colour');
      const markers = traces.filter((t) => t.mode === 'markers');
      // A trace per rule and organization, one legend entry per rule toggling them all.
      assert.deepEqual(
        markers.map((m) => [m.name, m.legendgroup, m.showlegend]),
        [
          ['spikes (2)', 'rule-0', true],
          ['spikes (2)', 'rule-0', false],
          ['budget (2)', 'rule-1', true],
          ['budget (2)', 'rule-1', false],
        ],
      );
      const lineColors = new Set(orgLines.map((t) => t.line?.color));
      for (const m of markers) {
        assert.ok(!lineColors.has(m.marker?.color ?? ''), `${m.name}: a colour no line has`);
        // Hover "x" shows one point per trace and day: never two of one day in a trace.
        assert.equal(new Set(m.x).size, m.x.length, `${m.name}: a day once`);
        const orgs = new Set<string>();
        m.x.forEach((day, j) => {
          const where = m.customdata[j]?.[1] ?? '';
          const org = where.endsWith(' · acme') ? 'acme' : HOSTILE_ORG;
          orgs.add(org);
          assert.ok(where.startsWith(`${day} · `), where);
          assert.equal(m.y[j], valueOf(org, day, line), `${m.name} on ${where}`);
        });
        assert.equal(orgs.size, 1, `${m.name}: one organization's markers`);
      }
      // Budget on the 2nd: a marker on each organization's line, each hover naming its organization.
      assert.deepEqual(
        markers.slice(2).map((m) => [m.x, m.customdata.map((c) => [c[1], c[2]])]),
        [
          [['2026-11-02'], [['2026-11-02 · acme', 'Acme over half']]],
          [['2026-11-02'], [['2026-11-02 · &lt;img src=x onerror=alert(1)&gt;', 'Globex over half']]],
        ],
      );
      // Both budget traces the colour and size of the rule.
      assert.deepEqual(markers[2]?.marker, markers[3]?.marker);
      assert.deepEqual(rawMarkup(fig.data.map((t) => ({ ...t, hovertemplate: '' }))), []);
      assert.match(fig.subtitle ?? '', /^4 events over 3 days in 2 organizations, each apart,/);
    });

  test('two organizations of one name: told apart by ID, each marker on its own line', () => {
    const same = [
      { organization: 'same', organization_id: 'org-1', days: acme },
      { organization: 'same', organization_id: 'org-2', days: globex },
    ];
    const evs: ReplayEventLike[] = [
      { ...event('2026-11-03', 'spikes', 'First tripled'), organization: 'same', organization_id: 'org-1' },
      { ...event('2026-11-03', 'spikes', 'Second tripled'), organization: 'same', organization_id: 'org-2' },
    ];
    const markers = lines(alertReplayChart({ days: summed, events: evs, organizations: same })).filter(
      (t) => t.mode === 'markers',
    );
    // One trace per organization, each at its own organization's value (read off the input).
    assert.deepEqual(
      markers.map((m) => [m.y, m.customdata.map((c) => c[2])]),
      [
        [[valueOf('acme', '2026-11-03', 'daily')], ['First tripled']],
        [[valueOf(HOSTILE_ORG, '2026-11-03', 'daily')], ['Second tripled']],
      ],
    );
  });

  test('one organization: the single "Daily spend" line of the summed days, as before', () => {
    const one = alertReplayChart({
      days,
      events,
      organizations: [{ organization: 'acme', days }],
    });
    assert.deepEqual(one, alertReplayChart({ days, events }));
    assert.equal(lines(one)[0]?.name, 'Daily spend');
    assert.throws(
      () => alertReplayChart({ days, events, organizations: 'acme' as never }),
      /^Error: invalid organizations: "acme"$/,
    );
  });
});

test('a long summary is broken at spaces into lines of about 90 characters in the hover, nothing lost', () => {
  const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
  const long = `<b>${words.join(' ')}</b>`;
  const [, marker] = lines(alertReplayChart({ days, events: [event('2026-11-01', 'spikes', long)] }));
  const hover = marker?.customdata[0]?.[2] ?? '';
  const parts = hover.split('<br>');
  assert.ok(parts.length > 1, hover);
  assert.ok(
    parts.every((l) => l.length <= 90),
    hover,
  );
  assert.equal(parts.join(' '), `&lt;b&gt;${words.join(' ')}&lt;/b&gt;`);
});

test('the money axis of every cost chart: "$" and thousands separators ($8,000), two decimals for small spend', () => {
  const big = alertReplayChart({ days: days.map((d) => ({ ...d, spend_usd: d.spend_usd * 400 })), events });
  assert.deepEqual(
    [big.layout.yaxis?.tickprefix, big.layout.yaxis?.tickformat, big.layout.yaxis?.title?.text],
    ['$', ',.0f', 'Spend per day (USD)'],
  );
  const small = alertReplayChart({ days: days.map((d) => ({ ...d, spend_usd: 0.5, month_to_date_usd: 2 })), events });
  assert.equal(small.layout.yaxis?.tickformat, ',.2f');
});
