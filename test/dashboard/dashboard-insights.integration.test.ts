// The insights panel in the page, in headless chromium (the insights themselves: dashboard-insights.test.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bucketSource } from '../../lib/dashboard/bucket-source';
import { dashboardInsights } from '../../lib/dashboard/dashboard-insights';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { type ServerBrowser, launchFor, texts, waitForRender } from './helpers';
import { DAY, NOW, SPIKE, TODAY, costA, costB, costs, expectedForecast, source, usage } from './insights-fixture';

let dash: RunningDashboard;
let b: ServerBrowser;

before(async () => {
  dash = await startDashboard({ source, now: () => NOW, insights: dashboardInsights() });
  b = await launchFor(dash.origin);
});

after(async () => {
  await b?.close();
  await dash?.close();
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
  assert.equal(await page.textContent('#anomalies h2'), '1 incident');
  const items = await texts(page, '#anomalies li');
  assert.ok(
    items.some((t) => t.startsWith(`${SPIKE} · Spend `) && t.includes('at the organization (project proj_a')),
    JSON.stringify(items),
  );
  assert.deepEqual(await texts(page, '#anomalies li > span.when'), [SPIKE]);
  assert.equal(await page.locator('#anomalies li > span.what').count(), 1);
  assert.equal(await page.locator('#anomalies li > span.detail').count(), 1);
  await page.close();
});

test('with too little history the page says why it judges nothing, and what the forecast waits for', async () => {
  const few = bucketSource({
    usage: usage.slice(-3),
    costs: costs.slice(-3),
    syncedAt: NOW,
    coverage: { start: TODAY - 2 * DAY, end: TODAY + DAY },
  });
  const short = await startDashboard({ source: few, maxDays: 3, now: () => NOW, insights: dashboardInsights() });
  const browser = await launchFor(short.origin);
  try {
    const page = await browser.context.newPage();
    await page.goto(short.url);
    await waitForRender(page, 0);
    assert.equal(await page.textContent('#anomalies h2'), 'Anomalies: too little history to judge');
    assert.match((await page.textContent('#anomalies .note-text')) ?? '', /^2 complete days of history: /);
    assert.equal(await page.textContent('#forecast h2'), 'No month-end forecast yet');
  } finally {
    await browser.close();
    await short.close();
  }
});
