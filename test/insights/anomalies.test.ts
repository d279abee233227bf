// detectAnomalies over points of several organizations (anomalyPoints of tagged tables): each organization judged
// alone. The emulator-backed cases are in anomalies.integration.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mergeBuckets, tagResults, type WireBucket, type WireCostsResult } from '../../lib/catalogue/index';
import { costTable } from '../../lib/frames/index';
import { detectAnomalies, type AnomalyMetric, type SeriesPoint } from '../../lib/insights/anomalies';
import { anomalyPoints } from '../../lib/insights/anomaly-points';
import { median, scaledMad } from '../../lib/insights/robust-stats';
import { alone, assertKeptApart, D0, dailyData, merged, ORGS } from './two-organizations';

const LATER = Date.UTC(2030, 0, 1);

test('several organizations with the same projects and models: anomalies per organization, each as it alone gives them', () => {
  fc.assert(
    fc.property(dailyData(36), dailyData(36), (acme, globex) => {
      const both = merged(acme, globex);
      const got = detectAnomalies(anomalyPoints(both.usage, both.costs, { now: LATER }));
      const expected = [acme, globex].map((data) => {
        const own = alone(data);
        return detectAnomalies(anomalyPoints(own.usage, own.costs, { now: LATER }));
      });
      assertKeptApart(got, expected);
    }),
    { numRuns: 40 },
  );
});

test("an organization's spike is its own anomaly, even where the other organization's size hides it in the sum", () => {
  const day = (d: number, value: number): WireBucket<WireCostsResult> => ({
    object: 'bucket',
    start_time: D0 + d * 86_400,
    end_time: D0 + (d + 1) * 86_400,
    results: [
      {
        object: 'organization.costs.result',
        amount: { value, currency: 'usd' },
        line_item: 'gpt-4o, output',
        project_id: 'proj_1',
      },
    ],
  });
  // acme spends $10 a day, $100 on day 30; globex $1000 every day: together, day 30 is 1100 against 1010.
  const acme = Array.from({ length: 35 }, (_, d) => day(d, d === 30 ? 100 : 10));
  const globex = Array.from({ length: 35 }, (_, d) => day(d, 1000));
  const [a, g] = ORGS;
  const costs = costTable(mergeBuckets([tagResults(acme, a), tagResults(globex, g)]));
  const found = detectAnomalies(anomalyPoints(null, costs, { now: LATER }));
  const organizationLevel = found.filter((x) => x.scope === 'organization');
  assert.deepEqual(
    organizationLevel.map((x) => [x.organization_id, x.organization, x.date, x.value, x.baseline]),
    [['org-acme', 'acme', '2026-01-05', 100, 10]],
  );
  // Summed, the day is usual: the organizations' sum is not what is judged.
  const summed = detectAnomalies(anomalyPoints(null, costTable([...acme, ...globex]), { now: LATER }));
  assert.equal(summed.filter((x) => x.scope === 'organization').length, 0);
});

/**
 * The judgement as the options describe it, day by day: each day's same-type window gathered from the zero-filled
 * series, its median and scaled MAD taken by sorting (robust-stats' median and scaledMad).
 */
function naiveAnomalies(
  points: readonly SeriesPoint[],
  o: { window: number; threshold: number; minRatio: number; minShare: number },
): unknown[] {
  const dates = [...new Set(points.map((p) => p.date))].sort();
  const weekend = dates.map((d) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  const series = new Map<string, { p: SeriesPoint; values: number[] }>();
  const total = new Map<AnomalyMetric, number>();
  for (const p of points) {
    const id = JSON.stringify([p.scope, p.key, p.metric]);
    const s = series.get(id) ?? { p, values: dates.map(() => 0) };
    series.set(id, s);
    s.values[dates.indexOf(p.date)] += p.value;
    if (p.scope === 'organization') total.set(p.metric, (total.get(p.metric) ?? 0) + p.value);
  }
  const out: { date: string; score: number; [k: string]: unknown }[] = [];
  for (const { p, values } of series.values()) {
    const minBaseline = (o.minShare * (total.get(p.metric) ?? 0)) / dates.length;
    // Skipped only when its largest (non-NaN) value is below: a NaN level skips nothing.
    if (Math.max(-Infinity, ...values.filter((v) => !Number.isNaN(v))) < minBaseline) continue;
    dates.forEach((date, i) => {
      const past = values.filter((_, j) => j >= i - o.window && j < i && weekend[j] === weekend[i]);
      if (past.length < 4) return;
      const baseline = median(past);
      if (baseline < minBaseline) return;
      const scale = Math.max(scaledMad(past, baseline), 0.1 * Math.abs(baseline), Number.EPSILON);
      const value = values[i] ?? 0;
      const score = (value - baseline) / scale;
      const ratio = baseline === 0 ? (value === 0 ? 1 : Infinity) : value / baseline;
      if (Math.abs(score) >= o.threshold && (ratio >= o.minRatio || ratio <= 1 / o.minRatio))
        out.push({ date, scope: p.scope, key: p.key, metric: p.metric, value, baseline, score, ratio });
    });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : Math.abs(b.score) - Math.abs(a.score)));
}

test('property: detectAnomalies judges each day as a window gathered and sorted that day judges it, to the bit', () => {
  const value = fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: 8, max: 12, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: 40, max: 400, noNaN: true }) },
    { weight: 2, arbitrary: fc.constantFrom(0, 10, -5, 0.1, 0.2) },
    // Values a sliding window cannot order or take out again: those series are gathered day by day.
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0) },
  );
  const point = fc.record({
    day: fc.integer({ min: 0, max: 70 }),
    scope: fc.constantFrom('organization' as const, 'project' as const),
    key: fc.constantFrom('all', 'p1'),
    metric: fc.constantFrom('spend' as const, 'requests' as const),
    value,
  });
  const options = fc.record({
    window: fc.integer({ min: 7, max: 40 }),
    threshold: fc.double({ min: 0.5, max: 6, noNaN: true }),
    minRatio: fc.double({ min: 1, max: 3, noNaN: true }),
    minShare: fc.constantFrom(0, 0.05, 0.5),
  });
  fc.assert(
    fc.property(fc.array(point, { maxLength: 300 }), options, (raw, o) => {
      const points: SeriesPoint[] = raw.map(({ day, ...p }) => ({
        date: new Date(Date.UTC(2026, 2, 1 + day)).toISOString().slice(0, 10),
        ...p,
      }));
      const got = detectAnomalies(points, o).map((a) => ({
        date: a.date,
        scope: a.scope,
        key: a.key,
        metric: a.metric,
        value: a.value,
        baseline: a.baseline,
        score: a.score,
        ratio: a.ratio,
      }));
      assert.deepEqual(got, naiveAnomalies(points, o));
    }),
    { numRuns: 300 },
  );
});
