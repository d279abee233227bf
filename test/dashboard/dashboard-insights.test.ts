import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/api/wire';
import { formatCurrency } from '../../lib/charts/format';
import { bucketSource, type BucketSource } from '../../lib/dashboard/bucket-source';
import { dashboardInsights } from '../../lib/dashboard/dashboard-insights';
import type { InsightsInput } from '../../lib/dashboard/insights-hook';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { parseViewParams } from '../../lib/dashboard/view-params';
import { forecastMonth, type DaySpend } from '../../lib/insights/forecast';
import { type ServerBrowser, launchFor, texts, waitForRender } from './helpers';

const DAY = 86_400;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const TODAY = Math.floor(NOW / 1000 / DAY) * DAY;
const SPIKE = '2026-11-16';
const iso = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);
/** 2026-10-20 to today: the month so far and more than the four trailing weeks before it. */
const STARTS = Array.from({ length: 32 }, (_, i) => TODAY - (31 - i) * DAY);
const costA = (t: number, i: number): number => (iso(t) === SPIKE ? 40 : 2 + (i % 3) * 0.5 + (i % 7 === 0 ? 0.3 : 0));
const costB = (i: number): number => 1.25 + (i % 2) * 0.1;

const costs: WireBucket<WireCostsResult>[] = STARTS.map((t, i) => ({
  object: 'bucket',
  start_time: t,
  end_time: t + DAY,
  results: [
    {
      object: 'organization.costs.result',
      amount: { value: costA(t, i), currency: 'usd' },
      line_item: 'gpt-4o, input',
      project_id: 'proj_a',
    },
    {
      object: 'organization.costs.result',
      amount: { value: costB(i), currency: 'usd' },
      line_item: 'gpt-4o, input',
      project_id: 'proj_b',
    },
  ],
}));
const usage: WireBucket<WireCompletionsResult>[] = STARTS.map((t) => ({
  object: 'bucket',
  start_time: t,
  end_time: t + DAY,
  results: [
    {
      object: 'organization.usage.completions.result',
      input_tokens: 1000,
      output_tokens: 100,
      input_cached_tokens: 0,
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests: 10,
      project_id: 'proj_a',
      model: 'gpt-4o',
    },
  ],
}));

/** The expected forecast, straight from forecastMonth over per-day sums taken here. */
function expectedForecast(amount: (t: number, i: number) => number): string {
  const spend: DaySpend[] = STARTS.map((t, i) => ({ date: iso(t), amount: amount(t, i) }));
  return formatCurrency(forecastMonth(spend, { asOf: iso(TODAY) }).forecast_usd);
}

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

let source: BucketSource;
let dash: RunningDashboard;
let b: ServerBrowser;

before(async () => {
  source = bucketSource({ usage, costs, coverage: { start: STARTS[0] ?? 0, end: TODAY + DAY }, syncedAt: NOW });
  dash = await startDashboard({ source, now: () => NOW, insights: dashboardInsights() });
  b = await launchFor(dash.origin);
});

after(async () => {
  await b?.close();
  await dash?.close();
});

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

test('the spike day of one project is an anomaly; the steady project is not', async () => {
  const view = await dashboardInsights().view(await insightsFor(source, 'days=30'));
  const lines = view?.anomalies ?? [];
  assert.ok(
    lines.some((l) => l.when === SPIKE && l.what === 'spend of project proj_a'),
    JSON.stringify(lines),
  );
  assert.ok(
    lines.every((l) => l.when === SPIKE && !l.what.includes('proj_b')),
    JSON.stringify(lines),
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
});

test('the page shows the forecast and the anomaly in its insights panel', async () => {
  const page = await b.context.newPage();
  await page.goto(dash.url);
  await page.goto(`${dash.origin}/?days=30`);
  await waitForRender(page, 0);
  assert.equal(await page.isVisible('#insights'), true);
  assert.equal(
    await page.textContent('#forecast .value'),
    expectedForecast((t, i) => costA(t, i) + costB(i)),
  );
  const items = await texts(page, '#anomalies li');
  assert.ok(
    items.some((t) => t.startsWith(`${SPIKE} · spend of project proj_a: `)),
    JSON.stringify(items),
  );
  await page.close();
});
