import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  type Figure, barByGroup, costByLineItemChart, costPerDayChart, otherProjectsPie, requestsByModelProjectChart,
  requestsByProjectPie, sharePie, tokenUsageChart, usageLineChart,
} from '../../lib/charts/index';
import { writeExports } from '../../lib/export/index';
import { type OfflineBrowser, launchChromium } from '../helpers/browser';
import * as s from '../charts/sample-data';

function figures(): Figure[] {
  const other = otherProjectsPie(s.shareSplit);
  assert.ok(other !== null);
  return [
    tokenUsageChart(s.tokenPoints),
    requestsByModelProjectChart(s.modelProjectRequests),
    requestsByProjectPie(s.shareSplit),
    other,
    costPerDayChart(s.dailyCosts),
    costByLineItemChart(s.lineItemPivot),
    usageLineChart(s.hourlySeries, { metric: 'input_tokens', bucketWidth: '1h' }),
    sharePie(s.modelGroups, { id: 'model-share-pie', title: 'Token share by model', labelKey: 'model', valueLabel: 'Tokens' }),
    barByGroup(s.userGroups, { id: 'requests-by-user', title: 'Requests by user', labelKey: 'user_id', valueLabel: 'Requests' }),
    { ...costPerDayChart([]), id: 'empty-cost' },
  ];
}

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charts-export-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('writeExports names the report page as asked and refuses a path instead of a file name', async () => {
  const out = join(dir, 'named-report');
  const spec = { figures: figures().slice(0, 2), plotly: 'sibling' as const };
  const paths = await writeExports(out, { ...spec, report: { title: 'Costs', file: 'report-02_costs.html' } });
  assert.ok(paths.includes(join(out, 'report-02_costs.html')));
  assert.ok(!paths.includes(join(out, 'report.html')));
  await assert.rejects(writeExports(out, { ...spec, report: { title: 'x', file: '../evil.html' } }), /invalid report file: "..\/evil.html"/);
  assert.deepEqual((await readdir(out)).sort(), ['charts', 'report-02_costs.html']);
});

test('writeExports writes every chart page, figure JSON, the report and the CSVs, deterministically', async () => {
  const spec = {
    figures: figures(),
    frames: { costs: 'date,amount\n2025-01-11,1\n', users: [{ user_id: s.HOSTILE, n: 1 }] },
    report: { title: 'OpenAI usage' },
    plotly: 'sibling' as const,
  };
  const out = join(dir, 'sibling');
  const paths = await writeExports(out, spec);
  assert.equal(paths.length, 1 + spec.figures.length * 2 + 1 + 2);
  assert.deepEqual((await readdir(join(out, 'data'))).sort(), ['costs.csv', 'users.csv']);
  const json: unknown = JSON.parse(await readFile(join(out, 'charts', 'cost-per-day.json'), 'utf8'));
  assert.deepEqual(json, JSON.parse(JSON.stringify(spec.figures[4])));
  const first = await readFile(join(out, 'report.html'), 'utf8');
  await writeExports(out, spec);
  assert.equal(await readFile(join(out, 'report.html'), 'utf8'), first);
  assert.ok(!first.includes('<img') && !/<script>alert/i.test(first));
  await assert.rejects(writeExports(out, { ...spec, frames: { '../x': 'a' } }), /invalid frame name: "..\/x"/);
});

test('exported report renders every chart offline in headless Chromium', async () => {
  const figs = figures();
  const out = join(dir, 'browser');
  await writeExports(out, { figures: figs, report: { title: 'OpenAI usage' }, plotly: 'sibling' });
  const browser: OfflineBrowser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(join(out, 'report.html')).href);
    // Browser-side code as strings: the test tsconfig has no DOM types.
    await page.waitForFunction(`document.querySelectorAll('.js-plotly-plot').length === ${figs.length}`, undefined, { timeout: 15_000 });
    const counts: unknown = await page.evaluate(
      `[...document.querySelectorAll('.js-plotly-plot')].map((el) => [el.id, Array.isArray(el.data) ? el.data.length : -1])`,
    );
    assert.deepEqual(counts, figs.map((f) => [`plot-${f.id}`, f.data.length]));
    assert.equal(await page.locator('img').count(), 0);
    const legend = await page.locator('#plot-requests-by-model-project .legendtext').allTextContents();
    assert.ok(legend.some((t) => t.startsWith('</script><img src=x')), 'hostile project shown as text');
    await mkdir('/tmp/shots', { recursive: true });
    await page.screenshot({ path: '/tmp/shots/report.png', fullPage: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(browser.blocked, []);
  } finally {
    await browser.close();
  }
});

test('a single inline chart page renders with the network cut off', async () => {
  const out = join(dir, 'inline');
  await writeExports(out, { figures: [costPerDayChart(s.dailyCosts)], report: { title: 'x' }, plotly: 'inline' });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(out, 'charts', 'cost-per-day.html')).href);
    await page.waitForSelector('.js-plotly-plot', { timeout: 15_000 });
    assert.equal(await page.locator('#plot-cost-per-day .point').count(), s.dailyCosts.length);
    assert.deepEqual(browser.blocked, []);
  } finally {
    await browser.close();
  }
});
