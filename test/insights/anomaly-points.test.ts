import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { costTable, usageTable } from '../../lib/frames/index';
import { detectAnomalies, type SeriesPoint } from '../../lib/insights/anomalies';
import { anomalyChart } from '../../lib/charts/index';
import { anomalyPoints } from '../../lib/insights/anomaly-points';
import { alone, assertKeptApart, merged, organizationData } from './two-organizations';

const DAY = 86_400;
const D1 = 1_767_225_600; // 2026-01-01 00:00 UTC
const LATER = Date.UTC(2030, 0, 1); // "now" well after every row

const bucket = <R>(start: number, results: R[]): WireBucket<R> => ({
  object: 'bucket',
  start_time: start,
  end_time: start + DAY,
  results,
});
const use = (o: Partial<WireCompletionsResult>): WireCompletionsResult => ({
  object: 'organization.usage.completions.result',
  input_tokens: 0,
  output_tokens: 0,
  num_model_requests: 0,
  ...o,
});
const cost = (value: number, o: Partial<WireCostsResult> = {}): WireCostsResult => ({
  object: 'organization.costs.result',
  amount: { value, currency: 'usd' },
  ...o,
});
const text = (p: SeriesPoint): string => `${p.date} ${p.scope} ${p.key} ${p.metric}=${p.value}`;

describe('anomalyPoints', () => {
  test('a usage row: each metric for the organization, its project, its model and the pair', () => {
    const usage = usageTable('completions', [
      bucket(D1, [
        use({ project_id: 'proj_a', model: 'gpt-4o', num_model_requests: 3, input_tokens: 40, output_tokens: 5 }),
      ]),
    ]);
    assert.deepEqual(anomalyPoints(usage, null, { now: LATER }).map(text), [
      '2026-01-01 organization all requests=3',
      '2026-01-01 project proj_a requests=3',
      '2026-01-01 model gpt-4o requests=3',
      '2026-01-01 project_model proj_a | gpt-4o requests=3',
      '2026-01-01 organization all input_tokens=40',
      '2026-01-01 project proj_a input_tokens=40',
      '2026-01-01 model gpt-4o input_tokens=40',
      '2026-01-01 project_model proj_a | gpt-4o input_tokens=40',
      '2026-01-01 organization all output_tokens=5',
      '2026-01-01 project proj_a output_tokens=5',
      '2026-01-01 model gpt-4o output_tokens=5',
      '2026-01-01 project_model proj_a | gpt-4o output_tokens=5',
    ]);
  });

  test('no project reads as "(none)"; no model gives no model series; a fine-tune is keyed as its line items', () => {
    const usage = usageTable('completions', [
      bucket(D1, [
        use({ project_id: null, model: null, num_model_requests: 1 }),
        use({ project_id: 'p', model: 'ft:gpt-4o-mini-2024-07-18:acme:bot:x1', num_model_requests: 2 }),
      ]),
    ]);
    const requests = anomalyPoints(usage, null, { now: LATER }).filter((p) => p.metric === 'requests');
    // One point per series and day: the organization's two rows are summed (1 + 2).
    assert.deepEqual(requests.map(text), [
      '2026-01-01 organization all requests=3',
      '2026-01-01 project (none) requests=1',
      '2026-01-01 project p requests=2',
      '2026-01-01 model ft-gpt-4o-mini-2024-07-18 requests=2',
      '2026-01-01 project_model p | ft-gpt-4o-mini-2024-07-18 requests=2',
    ]);
  });

  test("costs: spend by the line item's model; items without one (tools) count for the organization and project", () => {
    const costs = costTable([
      bucket(D1, [
        cost(1.5, { project_id: 'proj_a', line_item: 'ft-gpt-4o-mini-2024-07-18, output' }),
        cost(0.25, { project_id: null, line_item: 'web search tool calls' }),
        cost(2, { project_id: 'proj_b', line_item: null }),
      ]),
    ]);
    assert.deepEqual(anomalyPoints(null, costs, { now: LATER }).map(text), [
      '2026-01-01 organization all spend=3.75',
      '2026-01-01 project proj_a spend=1.5',
      '2026-01-01 model ft-gpt-4o-mini-2024-07-18 spend=1.5',
      '2026-01-01 project_model proj_a | ft-gpt-4o-mini-2024-07-18 spend=1.5',
      '2026-01-01 project (none) spend=0.25',
      '2026-01-01 project proj_b spend=2',
    ]);
  });

  test('the UTC day holding now, and any later one, is left out; the day before is complete', () => {
    const usage = usageTable('completions', [
      bucket(D1, [use({ num_model_requests: 1 })]),
      bucket(D1 + DAY, [use({ num_model_requests: 2 })]),
      bucket(D1 + 2 * DAY, [use({ num_model_requests: 4 })]),
    ]);
    const costs = costTable([bucket(D1, [cost(1)]), bucket(D1 + DAY, [cost(2)])]);
    const days = (now: number): string[] => [...new Set(anomalyPoints(usage, costs, { now }).map((p) => p.date))];
    assert.deepEqual(days((D1 + DAY + 12 * 3600) * 1000), ['2026-01-01'], 'midday of day 2');
    assert.deepEqual(days((D1 + DAY) * 1000), ['2026-01-01'], 'the first instant of day 2 opens it');
    assert.deepEqual(days((D1 + DAY) * 1000 - 1), [], 'the last instant of day 1: day 1 is still open');
    assert.deepEqual(days(LATER), ['2026-01-01', '2026-01-02', '2026-01-03']);
    // By default now is the clock's: rows of 2026 are long complete, rows of 2999 not yet.
    const future = usageTable('completions', [bucket(Date.UTC(2999, 0, 1) / 1000, [use({ num_model_requests: 1 })])]);
    assert.deepEqual(anomalyPoints(future), []);
    assert.ok(anomalyPoints(usage).length > 0);
  });

  test('nothing in, nothing out', () => {
    assert.deepEqual(anomalyPoints(null), []);
    assert.deepEqual(anomalyPoints(usageTable('completions', []), costTable([]), { now: LATER }), []);
  });

  test('property: per day and metric, the organization series is the sum of the rows, and so is each scope', () => {
    const arbUse = fc.record({
      day: fc.nat(4),
      project_id: fc.option(fc.constantFrom('p1', 'p2'), { nil: null }),
      model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
      num_model_requests: fc.nat(100),
      input_tokens: fc.nat(1000),
      output_tokens: fc.nat(1000),
    });
    fc.assert(
      fc.property(fc.array(arbUse, { maxLength: 20 }), (rows) => {
        const usage = usageTable(
          'completions',
          rows.map(({ day, ...r }) => bucket(D1 + day * DAY, [use(r)])),
        );
        const points = anomalyPoints(usage, null, { now: LATER });
        for (const metric of ['requests', 'input_tokens', 'output_tokens'] as const) {
          const field = metric === 'requests' ? 'num_model_requests' : metric;
          for (let day = 0; day < 5; day++) {
            const date = new Date((D1 + day * DAY) * 1000).toISOString().slice(0, 10);
            const expected = rows.filter((r) => r.day === day).reduce((s, r) => s + r[field], 0);
            for (const scope of ['organization', 'project', 'model', 'project_model'] as const) {
              const sum = points
                .filter((p) => p.date === date && p.metric === metric && p.scope === scope)
                .reduce((s, p) => s + p.value, 0);
              assert.equal(sum, expected, `${date} ${metric} ${scope}`);
            }
          }
        }
      }),
    );
  });
});

/**
 * The points a row gives on its own, row after row (what anomalyPoints gave before it summed them): the oracle of the
 * sums below, written from the rule, not from the code.
 */
function perRowPoints(
  rows: readonly { day: number; project_id: string | null; model: string | null; values: Record<string, number> }[],
): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const r of rows) {
    const date = new Date((D1 + r.day * DAY) * 1000).toISOString().slice(0, 10);
    const project = r.project_id ?? '(none)';
    for (const [metric, value] of Object.entries(r.values) as [SeriesPoint['metric'], number][]) {
      out.push({ date, scope: 'organization', key: 'all', metric, value });
      out.push({ date, scope: 'project', key: project, metric, value });
      if (r.model !== null) {
        out.push({ date, scope: 'model', key: r.model, metric, value });
        out.push({ date, scope: 'project_model', key: `${project} | ${r.model}`, metric, value });
      }
    }
  }
  return out;
}

test('property: one point per series and day, its value the rows summed from 0 in row order, in first-seen order', () => {
  const arbRow = fc.record({
    day: fc.nat(3),
    project_id: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: null }),
    model: fc.option(fc.constantFrom('gpt-4o', 'gpt-4o-mini'), { nil: null }),
    requests: fc.double({ min: -1e6, max: 1e9, noNaN: true }),
    input_tokens: fc.integer({ min: 0, max: 1e6 }),
    output_tokens: fc.integer({ min: 0, max: 1e6 }),
  });
  fc.assert(
    fc.property(fc.array(arbRow, { maxLength: 40 }), (rows) => {
      const usage = usageTable(
        'completions',
        rows.map(({ day, requests, ...r }) => bucket(D1 + day * DAY, [use({ ...r, num_model_requests: requests })])),
      );
      const expected = new Map<string, SeriesPoint>();
      const rowPoints = perRowPoints(
        rows.map((r) => ({
          ...r,
          values: { requests: r.requests, input_tokens: r.input_tokens, output_tokens: r.output_tokens },
        })),
      );
      for (const p of rowPoints) {
        const k = `${p.date} ${p.scope} ${p.key} ${p.metric}`;
        const seen = expected.get(k);
        if (seen === undefined) expected.set(k, { ...p, value: 0 + p.value });
        else seen.value += p.value;
      }
      // Each row its own bucket, in the order given: the table's row order.
      assert.deepEqual(anomalyPoints(usage, null, { now: LATER }).map(text), [...expected.values()].map(text));
    }),
  );
});

test('property: detectAnomalies and the chart read the summed points as they read one point per row', () => {
  const arbRow = fc.record({
    day: fc.nat(29),
    project_id: fc.constantFrom('p1', 'p2'),
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
    spend: fc.integer({ min: 0, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(arbRow, { minLength: 20, maxLength: 120 }), (raw) => {
      const rows = [...raw].sort((a, b) => a.day - b.day);
      const costs = costTable(
        rows.map((r) =>
          bucket(D1 + r.day * DAY, [cost(r.spend, { project_id: r.project_id, line_item: `${r.model}, input` })]),
        ),
      );
      // Whole numbers: every order of addition gives the same sums, so the two inputs must give the same verdicts.
      const perRow = perRowPoints(rows.map((r) => ({ ...r, values: { spend: r.spend } })));
      const summed = anomalyPoints(null, costs, { now: LATER });
      const options = { window: 7, threshold: 2 };
      assert.deepEqual(detectAnomalies(summed, options), detectAnomalies(perRow, options));
      const chart = (points: readonly SeriesPoint[]): unknown =>
        anomalyChart(points, detectAnomalies(points, options), { scope: 'project', metric: 'spend' });
      assert.deepEqual(chart(summed), chart(perRow));
    }),
    { numRuns: 60 },
  );
});

test('tables of several organizations: each point with its organization first, as each alone gives them', () => {
  fc.assert(
    fc.property(organizationData(3), organizationData(3), (acme, globex) => {
      const both = merged(acme, globex);
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return anomalyPoints(own.usage, own.costs, { now: LATER });
      });
      assertKeptApart(anomalyPoints(both.usage, both.costs, { now: LATER }), expected);
    }),
    { numRuns: 40 },
  );
});
