import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  barByGroup,
  costByLineItemChart,
  requestsByModelProjectChart,
  sharePie,
  usageLineChart,
  type Figure,
} from '../../lib/charts/index';
import { writeExports } from '../../lib/export/index';
import { launchChromium } from '../helpers/browser';

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'proj_normal'];
const groups = NAMES.map((name, i) => ({ keys: { project_id: name }, value: 100 - i * 10 }));

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hostile-labels-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Renders `fig` in headless Chromium; returns page errors and the texts of `selector` inside the plot. */
async function render(fig: Figure, selector: string): Promise<{ problems: string[]; texts: string[]; points: number }> {
  const out = join(dir, fig.id);
  await writeExports(out, { figures: [fig], report: { title: 'x' }, plotly: 'inline' });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(pathToFileURL(join(out, 'charts', `${fig.id}.html`)).href);
    await page.waitForSelector('.js-plotly-plot', { timeout: 15_000 });
    await page.waitForTimeout(300);
    const texts = await page.locator(`#plot-${fig.id} ${selector}`).allTextContents();
    const points = await page.locator(`#plot-${fig.id} .slice, #plot-${fig.id} .point`).count();
    return { problems, texts, points };
  } finally {
    await browser.close();
  }
}

test('pie labels __proto__, constructor, toString… render in plotly.js and display as written', async () => {
  const fig = sharePie(groups, { id: 'proto-pie', title: 'Share', labelKey: 'project_id', valueLabel: 'Requests' });
  const { problems, texts, points } = await render(fig, '.legendtext');
  assert.deepEqual(problems, []);
  assert.equal(points, NAMES.length);
  // What the user reads, with nothing visible added (a zero-width prefix is the only difference allowed).
  assert.deepEqual(
    texts.map((t) => t.replace(/\u200b/g, '')),
    NAMES,
  );
});

test('bar categories __proto__, constructor, toString… render in plotly.js', async () => {
  const fig = barByGroup(groups, {
    id: 'proto-bar',
    title: 'Requests',
    labelKey: 'project_id',
    valueLabel: 'Requests',
  });
  const { problems, points } = await render(fig, '.xtick');
  assert.deepEqual(problems, []);
  assert.equal(points, NAMES.length);
});

test('series, categories and line items named __proto__, constructor, toString render in every chart kind', async () => {
  const [a, b, c] = ['__proto__', 'constructor', 'toString'] as const;
  const figs: Figure[] = [
    requestsByModelProjectChart({
      models: [a, b],
      projects: [c, a],
      totals: { [c]: 5, [a]: 3 },
      cells: [
        { model: a, project_id: c, num_model_requests: 5 },
        { model: b, project_id: a, num_model_requests: 3 },
      ],
    }),
    costByLineItemChart({
      rows: ['2025-01-11', '2025-01-12'],
      columns: [a, b, c],
      values: [
        [1, 2, 3],
        [3, 2, 1],
      ],
      rowTotals: [6, 6],
      columnTotals: [4, 4, 4],
    }),
    usageLineChart(
      {
        x: [1_736_640_000, 1_736_643_600],
        series: [
          { name: a, y: [1, 2] },
          { name: b, y: [2, 1] },
        ],
      },
      { metric: 'input_tokens', bucketWidth: '1h' },
    ),
  ];
  for (const fig of figs) {
    const { problems, texts } = await render(fig, '.legendtext');
    assert.deepEqual(problems, [], fig.id);
    assert.ok(texts.length >= 2, `${fig.id}: ${texts.join(' | ')}`);
  }
});
