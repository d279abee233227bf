import assert from 'node:assert/strict';
import { test } from 'node:test';
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
