import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCostsResult } from '../../lib/catalogue/index';
import { formatCurrency } from '../../lib/charts/index';
import { bucketSource, type BucketSource } from '../../lib/dashboard/bucket-source';
import { dashboardInsights } from '../../lib/dashboard/dashboard-insights';
import type { InsightsInput } from '../../lib/dashboard/insights-hook';
import { parseViewParams } from '../../lib/dashboard/view-params';
import {
  DAY,
  NOW,
  SPIKE,
  STARTS,
  TODAY,
  costA,
  costB,
  costs,
  expectedForecast,
  iso,
  source,
  usage,
} from './insights-fixture';

async function insightsFor(source: BucketSource, query: string): Promise<InsightsInput> {
  const params = parseViewParams(new URLSearchParams(query), { now: NOW, maxDays: 90 });
  const filters = { projectIds: params.projectIds, models: params.models };
  return {
    usage: await source.usageBuckets(params.range, filters),
    costs: await source.costBuckets(params.range, filters),
    params,
    currency: 'usd',
    source,
    now: NOW,
  };
}

test("the forecast is forecastMonth's over the month so far, whatever range is shown, for the projects picked", async () => {
  const insights = dashboardInsights();
  const all = expectedForecast((t, i) => costA(t, i) + costB(i));
  for (const query of ['days=30', 'days=7']) {
    const view = await insights.view(await insightsFor(source, query));
    assert.equal(view?.forecast?.value, all, query);
    assert.equal(view?.forecast?.label, 'Forecast for November (month end)');
  }
  const onlyB = await insights.view(await insightsFor(source, 'days=7&project=proj_b'));
  assert.equal(
    onlyB?.forecast?.value,
    expectedForecast((_t, i) => costB(i)),
  );
  assert.notEqual(onlyB?.forecast?.value, all);
});

/** The organization's usual spend on SPIKE, computed here: the median of the same day type over the 28 days before. */
function usualOrgSpend(): number {
  const at = STARTS.findIndex((t) => iso(t) === SPIKE);
  const weekend = (t: number): boolean => [0, 6].includes(new Date(t * 1000).getUTCDay());
  const past = STARTS.map((t, i) => ({ t, v: costA(t, i) + costB(i) }))
    .slice(Math.max(0, at - 28), at)
    .filter((d) => weekend(d.t) === weekend(STARTS[at] ?? 0))
    .map((d) => d.v)
    .sort((a, b) => a - b);
  const mid = Math.floor(past.length / 2);
  return past.length % 2 === 1 ? (past[mid] ?? NaN) : ((past[mid - 1] ?? NaN) + (past[mid] ?? NaN)) / 2;
}

test('the spike day is one incident, its dollars above the usual; the steady project is not in it', async () => {
  const view = await dashboardInsights().view(await insightsFor(source, 'days=30'));
  const lines = view?.anomalies ?? [];
  assert.equal(lines.length, 1, JSON.stringify(lines));
  const [line] = lines;
  assert.equal(line?.when, SPIKE);
  assert.match(line?.what ?? '', /^Spend \d+× its usual at the organization \(project proj_a; model gpt-4o\)$/);
  const at = STARTS.findIndex((t) => iso(t) === SPIKE);
  const value = costA(STARTS[at] ?? 0, at) + costB(at);
  const usual = usualOrgSpend();
  const money = (v: number): string => formatCurrency(v);
  assert.equal(
    line?.detail.split(' · ')[0],
    `${money(value)} against a usual ${money(usual)} (+${money(value - usual)})`,
  );
  assert.equal(view?.moreAnomalies, 0);
  assert.ok(!JSON.stringify(lines).includes('proj_b'));
});

test('a short range still judges its days against the weeks before it (the same incident as in 30 days)', async () => {
  const week = (await dashboardInsights().view(await insightsFor(source, 'days=7')))?.anomalies ?? [];
  const month = (await dashboardInsights().view(await insightsFor(source, 'days=30')))?.anomalies ?? [];
  assert.equal(week.length, 1, JSON.stringify(week));
  assert.deepEqual(week, month);
  // A range that ends before the spike shows none of it.
  const before = await dashboardInsights().view(await insightsFor(source, 'from=2026-11-10&to=2026-11-15'));
  assert.deepEqual(before?.anomalies, []);
});

test('the panel names projects where the directory has a name (ID on hover), and keeps IDs otherwise', async () => {
  const input = { ...(await insightsFor(source, 'days=30')), names: new Map([['proj_a', 'Search']]) };
  const [named] = (await dashboardInsights().view(input))?.anomalies ?? [];
  assert.match(named?.what ?? '', /\(project Search; model gpt-4o\)$/);
  assert.ok(!(named?.what ?? '').includes('proj_a'));
  assert.equal(named?.hover, 'Project IDs: Search: proj_a');
  const [unnamed] = (await dashboardInsights().view(await insightsFor(source, 'days=30')))?.anomalies ?? [];
  assert.match(unnamed?.what ?? '', /project proj_a/);
  assert.equal(unnamed?.hover, undefined);
});

test('the open UTC day is never judged: a spike (or half a day) today is not an anomaly yet', async () => {
  const today = (b: WireBucket<WireCostsResult>): WireBucket<WireCostsResult> =>
    b.start_time === TODAY
      ? { ...b, results: b.results.map((r) => ({ ...r, amount: { value: 500, currency: 'usd' } })) }
      : b;
  const halfUsage = usage.map((b) =>
    b.start_time === TODAY ? { ...b, results: b.results.map((r) => ({ ...r, output_tokens: 1 })) } : b,
  );
  const open = bucketSource({
    usage: halfUsage,
    costs: costs.map(today),
    coverage: { start: STARTS[0] ?? 0, end: TODAY + DAY },
    syncedAt: NOW,
  });
  const lines = (await dashboardInsights().view(await insightsFor(open, 'days=30')))?.anomalies ?? [];
  assert.deepEqual(
    lines.map((l) => l.when),
    [SPIKE],
  );
  // The same day judged once it is over (now a day later): it is an incident.
  const later = { ...(await insightsFor(open, 'days=30')), now: NOW + DAY * 1000 };
  const next = (await dashboardInsights().view(later))?.anomalies ?? [];
  assert.ok(
    next.some((l) => l.when === iso(TODAY)),
    JSON.stringify(next),
  );
});

test('too little data for a forecast: no forecast, no error', async () => {
  const few = bucketSource({
    usage: usage.slice(-3),
    costs: costs.slice(-3),
    syncedAt: NOW,
    coverage: { start: TODAY - 2 * DAY, end: TODAY + DAY },
  });
  const view = await dashboardInsights().view(await insightsFor(few, 'days=7'));
  assert.equal(view?.forecast, null);
  // Two complete days (today is open): the panel says why it judges nothing, rather than "no anomalies".
  assert.deepEqual(view?.anomalies, []);
  assert.match(view?.anomalyNote ?? '', /^2 complete days of history: /);
  const full = await dashboardInsights().view(await insightsFor(source, 'days=7'));
  assert.equal(full?.anomalyNote, undefined);
});
