import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { costPerDayChart } from '../../lib/charts/index';
import { writeExports } from '../../lib/export/index';
import * as s from '../charts/sample-data';
import { figures } from '../export/sample-figures';
import { type OfflineBrowser, launchChromium } from '../helpers/browser';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charts-render-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the exported report, copied alone into an empty folder, renders every chart with the network off', async () => {
  const figs = figures();
  const out = join(dir, 'browser');
  await writeExports(out, { figures: figs, report: { title: 'OpenAI usage' }, plotly: 'sibling' });
  // Like a report sent by mail: no charts/ folder, no plotly.min.js beside it.
  const alone = join(dir, 'alone');
  await mkdir(alone);
  await copyFile(join(out, 'report.html'), join(alone, 'report.html'));
  const browser: OfflineBrowser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(join(alone, 'report.html')).href);
    // Browser-side code as strings: the test tsconfig has no DOM types.
    await page.waitForFunction(`document.querySelectorAll('.js-plotly-plot').length === ${figs.length}`, undefined, {
      timeout: 15_000,
    });
    const counts: unknown = await page.evaluate(
      `[...document.querySelectorAll('.js-plotly-plot')].map((el) => [el.id, Array.isArray(el.data) ? el.data.length : -1])`,
    );
    assert.deepEqual(
      counts,
      figs.map((f) => [`plot-${f.id}`, f.data.length]),
    );
    assert.equal(await page.locator('img').count(), 0);
    const legend = await page.locator('#plot-requests-by-model-project .legendtext').allTextContents();
    assert.ok(
      legend.some((t) => t.startsWith('</script><img src=x')),
      'hostile project shown as text',
    );
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
