import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { parse as parseDotenv } from 'dotenv';
import type { BrowserContext, Page } from 'playwright-core';
import { requireNotebookSetup } from '../helpers/notebook-env-check';
import { CHROMIUM_PATH, hasChromium, launchChromium, type OfflineBrowser } from '../helpers/browser';
import { REPO_ROOT, type RunningJupyterLab, startJupyterLab } from '../helpers/jupyterlab';
import {
  clickMenu,
  closeNotebook,
  openNotebook,
  replaceWord,
  runAll,
  runProblems,
  saveNotebook,
  screenshotChartCells,
  screenshotNotebook,
} from '../helpers/lab-actions';
import { type LabNotebook, type RenderedPlot, allFigures, allPlots, notebookSnapshot } from '../helpers/lab-page';
import { type NotebookCopies, copyNotebooks } from '../../tools/notebook-copies';

// Users open the notebooks in JupyterLab, run them, change a parameter, re-run and export. This file does exactly
// that in a real JupyterLab 4 driven through Debian's Chromium, on scratch copies of notebooks/*.ipynb.
const NOW = 1_767_271_234; // USAGE_NOW: 2026-01-01 12:40:34 UTC, not bucket-aligned, like a real run
const DAY = 86_400;
const SCREENSHOTS = path.join(REPO_ROOT, 'out', 'screenshots');

interface NotebookCase {
  file: string;
  figures: string[];
  tables: number;
}
const CASES: NotebookCase[] = [
  {
    file: '01_completions_usage.ipynb',
    figures: ['token-usage', 'requests-by-model-project', 'requests-by-project-pie', 'requests-other-projects-pie'],
    tables: 3,
  },
  { file: '02_costs.ipynb', figures: ['cost-per-day', 'cost-by-line-item'], tables: 3 },
  {
    file: '03_more_insights.ipynb',
    figures: [
      'requests-by-user',
      'requests-by-api-key',
      'tokens-over-time',
      'model-share-pie',
      'cost-by-project-pie',
      'api-source-share',
    ],
    // Per user, per project, per API source, and the endpoint overview.
    tables: 4,
  },
  {
    file: '04_spend_insights.ipynb',
    figures: [
      'billed-vs-estimated',
      'forecast',
      'anomalies-project-spend',
      'cost-by-api-key',
      'cost-by-user',
      'local-days',
      'cost-by-organization',
      'cost-by-organization-project',
    ],
    // Billed vs estimated, unpriced models, savings, forecast per project, incidents, and per organization.
    tables: 6,
  },
];

/** Daily buckets the API returns for [now - days, now): every UTC day the range touches (first and last partial). */
function dailyBuckets(days: number): number {
  const start = Math.floor((NOW - days * DAY) / 60) * 60;
  return Math.floor((NOW - 1) / DAY) - Math.floor(start / DAY) + 1;
}

const exportDir = mkdtempSync(path.join(tmpdir(), 'e2e-export-'));
const state: {
  lab?: RunningJupyterLab;
  chromium?: OfflineBrowser;
  context?: BrowserContext;
  page?: Page;
  copies?: NotebookCopies;
  consoleErrors: string[];
  offsite: string[];
  runs: Map<string, LabNotebook>;
} = { consoleErrors: [], offsite: [], runs: new Map() };

function page(): Page {
  if (state.page === undefined) throw new Error('JupyterLab page not set up (see the before hook failure)');
  return state.page;
}
function labPath(file: string): string {
  if (state.copies === undefined) throw new Error('notebook copies not set up');
  return state.copies.labPath(file);
}
/** Browser console errors and recent server log, appended to failure messages. */
function context(): string {
  const errors = state.consoleErrors.slice(-15).join('\n  ') || '(none)';
  return `\nbrowser console errors:\n  ${errors}\njupyter log tail:\n${state.lab?.log().slice(-1500) ?? ''}`;
}
function plotOf(nb: LabNotebook, id: string): RenderedPlot {
  const figures = allFigures(nb);
  const i = figures.findIndex((f) => f.id === id);
  const plot = allPlots(nb)[i];
  assert.ok(i >= 0 && plot !== undefined, `${nb.path}: no rendered plot for figure ${id}${context()}`);
  return plot;
}

/** Every figure output is drawn as a Plotly plot with the traces of its Plotly JSON. */
function assertChartsDrawn(nb: LabNotebook, expectedIds: readonly string[]): void {
  const figures = allFigures(nb);
  assert.deepEqual(
    figures.map((f) => f.id),
    expectedIds,
    `${nb.path}: figure outputs${context()}`,
  );
  const plots = allPlots(nb);
  assert.equal(plots.length, figures.length, `${nb.path}: .js-plotly-plot count vs figure outputs${context()}`);
  figures.forEach((f, i) => {
    assert.ok(f.traces > 0, `${nb.path}: figure ${f.id} has no traces`);
    assert.equal(plots[i]?.traces, f.traces, `${nb.path}: figure ${f.id}: rendered traces vs its Plotly JSON`);
  });
}

before(async () => {
  if (!hasChromium()) throw new Error(`e2e tests need Chromium at ${CHROMIUM_PATH}: apt-get install chromium`);
  requireNotebookSetup();
  const dotenv = path.join(REPO_ROOT, '.env');
  if (existsSync(dotenv) && (parseDotenv(readFileSync(dotenv)).OPENAI_ADMIN_KEY ?? '') !== '') {
    throw new Error(
      'e2e tests run the notebooks in demo mode: .env sets OPENAI_ADMIN_KEY, which would make them call the real API',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  state.copies = copyNotebooks(
    REPO_ROOT,
    CASES.map((c) => c.file),
  );
  state.lab = await startJupyterLab({
    rootDir: REPO_ROOT,
    env: { TZ: 'UTC', USAGE_NOW: String(NOW), OUT_DIR: exportDir },
    unsetEnv: ['OPENAI_ADMIN_KEY', 'OPENAI_BASE_URL', 'USAGE_NOW', 'OUT_DIR'],
  });
  state.chromium = await launchChromium();
  const lab = state.lab;
  state.context = await state.chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await state.context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(lab.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    state.offsite.push(url);
    return route.abort();
  });
  state.page = await state.context.newPage();
  state.page.on('console', (m) => {
    if (m.type() === 'error') state.consoleErrors.push(m.text().slice(0, 300));
  });
  state.page.on('pageerror', (e) => state.consoleErrors.push(`pageerror: ${String(e).slice(0, 300)}`));
});

after(async () => {
  await state.chromium?.close().catch(() => undefined);
  await state.lab?.stop();
  state.copies?.remove();
  rmSync(exportDir, { recursive: true, force: true });
});

describe('notebooks in JupyterLab 4', { timeout: 600_000 }, () => {
  for (const nbCase of CASES) {
    const name = nbCase.file.replace(/\.ipynb$/, '');
    test(`${name} runs all cells in JupyterLab with every chart drawn by Plotly, tables as HTML and no error output`, async (t) => {
      for (const f of readdirSync(exportDir)) rmSync(path.join(exportDir, f), { recursive: true, force: true });
      await openNotebook(page(), lab(), labPath(nbCase.file));
      const nb = await runWithContext(labPath(nbCase.file));
      state.runs.set(nbCase.file, nb);
      await screenshotNotebook(page(), path.join(SCREENSHOTS, `${name}.png`));
      const chartShots = await screenshotChartCells(page(), path.join(SCREENSHOTS, `${name}-chart`));
      assert.ok(chartShots.length >= 1, `${name}: at least one chart cell to screenshot`);
      assert.deepEqual(runProblems(nb), [], `${name}: cells failed${context()}`);
      assertChartsDrawn(nb, nbCase.figures);
      const tables = nb.cells.reduce((n, c) => n + c.tables, 0);
      assert.equal(tables, nbCase.tables, `${name}: HTML tables (.jp-RenderedHTMLCommon table)`);
      if (nbCase.file.startsWith('01')) {
        const tokens = plotOf(nb, 'token-usage');
        assert.deepEqual(
          tokens.categories.map((c) => c.length),
          [dailyBuckets(30), dailyBuckets(30)],
          'token-usage: one bar per day, input and output',
        );
      }
      await t.test(
        'its export cell wrote a report.html that renders every chart with the network cut off',
        async () => {
          await assertReportRenders(name, nbCase.figures);
        },
      );
    });
  }

  test('changing days_ago from 30 to 7 in 01 and re-running redraws the token chart with a week of bars', async () => {
    const file = labPath('01_completions_usage.ipynb');
    await openNotebook(page(), lab(), file);
    const source = await replaceWord(page(), file, 'days_ago: 30', /^30$/, '7');
    assert.match(source, /^\s*days_ago: 7,/m, 'parameters cell edited through the editor');
    const nb = await runWithContext(file);
    assert.deepEqual(runProblems(nb), [], `01 after the edit${context()}`);
    assertChartsDrawn(nb, CASES[0]?.figures ?? []);
    const tokens = plotOf(nb, 'token-usage');
    assert.equal(dailyBuckets(7), 8);
    assert.deepEqual(
      tokens.categories.map((c) => c.length),
      [8, 8],
      'token-usage after days_ago 7',
    );
    await screenshotNotebook(page(), path.join(SCREENSHOTS, '01_completions_usage-7-days.png'));
    await saveNotebook(page(), file);
  });

  test('grouping the 03 timeline by user_id instead of model and re-running draws one line per user', async () => {
    const file = labPath('03_more_insights.ipynb');
    await openNotebook(page(), lab(), file);
    const first = state.runs.get('03_more_insights.ipynb');
    assert.ok(first, '03 must have run in the earlier test');
    const models = plotOf(first, 'tokens-over-time').traceNames;
    const users30 = new Set(plotOf(first, 'requests-by-user').categories.flat());
    const p = await replaceWord(
      page(),
      file,
      'timelineParams, group_by: ["model"] }, "completions"',
      /^"model"$/,
      'user_id',
    );
    assert.match(p, /timelineParams, group_by: \["user_id"\] \}/);
    const s = await replaceWord(page(), file, 'timeSeries(models, "input_tokens", "model"', /^"model"$/, 'user_id');
    assert.match(s, /timeSeries\(models, "input_tokens", "user_id"/);
    const nb = await runWithContext(file);
    assert.deepEqual(runProblems(nb), [], `03 after the edit${context()}`);
    const lines = plotOf(nb, 'tokens-over-time');
    assert.ok(lines.traces > 1, 'several users');
    assert.notDeepEqual(lines.traceNames, models, 'traces changed from models to users');
    // A week's users are among the 30-day users of the bar chart above (different query, same data): its bars, or
    // the ones folded into its "Other (N more)" bar (the demo's two organizations have more than its 30 bars).
    const folded = Number(
      /^Other \((\d+) more\)$/.exec([...users30].find((u) => u.startsWith('Other (')) ?? '')?.[1] ?? 0,
    );
    const unseen = lines.traceNames.filter((user) => !users30.has(user) && !/ungrouped|other/i.test(user));
    for (const user of lines.traceNames) assert.ok(!models.includes(user), `${user} is not a model`);
    assert.ok(unseen.length <= folded, `${unseen.join(', ')}: not among the 30-day users ${[...users30].join(', ')}`);
    await screenshotNotebook(page(), path.join(SCREENSHOTS, '03_more_insights-by-user.png'));
  });

  test('01 saved, closed and reopened untrusted still shows every chart without re-running', async () => {
    const file = labPath('01_completions_usage.ipynb');
    await openNotebook(page(), lab(), file);
    await saveNotebook(page(), file);
    await closeNotebook(page(), file);
    const onDisk = path.join(REPO_ROOT, file);
    const { text, saved } = await readSavedNotebook(onDisk);
    assert.ok(!text.includes('sk-admin-'), 'no admin key in the saved notebook');
    // Small enough for git after Run All and save, the renderer's PNG snapshots included: no plotly.js copy inside.
    const bytes = Buffer.byteLength(text);
    assert.ok(bytes <= 1_000_000, `01 saved after Run All is ${bytes} bytes (at most 1 MB)`);
    assert.ok(!text.includes('plotly.js v'), 'no plotly.js bundle in the saved notebook');
    // Like a notebook pulled from git: any change to the content invalidates this machine's trust signature.
    assert.ok(
      typeof saved === 'object' &&
        saved !== null &&
        'metadata' in saved &&
        typeof saved.metadata === 'object' &&
        saved.metadata !== null,
    );
    Object.assign(saved.metadata, { e2e: { reopened: true } });
    writeFileSync(onDisk, JSON.stringify(saved, null, 1));
    const nb = await openNotebook(page(), lab(), file);
    const code = nb.cells.filter((c) => c.type === 'code');
    assert.ok(
      code.every((c) => !c.trusted),
      'the reopened notebook is untrusted',
    );
    assert.ok(
      code.every((c) => c.executionCount !== null),
      'outputs come from the saved file',
    );
    // Saved from Lab, each Plotly output also holds the PNG the renderer added; reopened, the renderer shows that
    // image and builds the interactive plot when the pointer enters it.
    const figureCount = CASES[0]?.figures.length ?? 0;
    const shown = await waitFor(
      file,
      (s) => s.cells.reduce((n, c) => n + c.plots.length + c.savedImages, 0) >= figureCount,
    );
    assert.equal(
      shown.cells.reduce((n, c) => n + c.plots.length + c.savedImages, 0),
      figureCount,
      `charts shown after reopen${context()}`,
    );
    await screenshotNotebook(page(), path.join(SCREENSHOTS, '01_completions_usage-reopened-untrusted.png'));
    const images = page().locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedPlotly img.plot-img:visible');
    for (let left = await images.count(), rounds = 0; left > 0 && rounds < 20; left = await images.count(), rounds++) {
      // The live plot replaces the image on mouseenter, which may already fire while hover() scrolls: then the
      // image is hidden before hover() completes and it throws; the count below is what matters.
      await images
        .first()
        .hover({ force: true, timeout: 5000 })
        .catch(() => undefined);
      for (let i = 0; i < 40 && (await images.count()) >= left; i++) await new Promise((r) => setTimeout(r, 250));
    }
    const drawn = await waitFor(file, (s) => allPlots(s).length >= figureCount);
    assertChartsDrawn(drawn, CASES[0]?.figures ?? []);
    assert.deepEqual(
      plotOf(drawn, 'token-usage').categories.map((c) => c.length),
      [8, 8],
      'the saved 7-day chart',
    );
    assert.deepEqual(runProblems(drawn), []);
  });

  test('the stop button during a slow fetch cancels its requests at once, and the next cell runs normally', async () => {
    const copies = state.copies;
    assert.ok(copies, 'notebook copies');
    const cell = (source: string): object => ({
      cell_type: 'code',
      execution_count: null,
      metadata: {},
      outputs: [],
      source,
    });
    const result = path.join(exportDir, 'interrupt.json');
    rmSync(result, { force: true });
    writeFileSync(
      path.join(copies.dir, 'interrupt.ipynb'),
      JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
        cells: [
          cell(
            [
              'import { writeFileSync } from "fs";',
              'import { connectNotebook } from "../dist/lib/index";',
              'import { startEmulator } from "../dist/lib/emulator/index";',
              'const emu = await startEmulator({ port: 0 });',
              'emu.setFaults({ latencyMs: 3000 });  // every page takes 3 s',
              'const conn = await connectNotebook({ env: { OPENAI_ADMIN_KEY: emu.adminKey, OPENAI_BASE_URL: emu.baseURL } });',
            ].join('\n'),
          ),
          // 90 days of hourly buckets: 13 windows, 4 at a time, about 12 s in all.
          cell(
            'const slow = await conn.fetch("completions", { start_time: Math.floor(Date.now() / 1000) - 90 * 86400, bucket_width: "1h" });',
          ),
          cell(
            [
              'const resumed = Date.now();',
              'await new Promise((r) => setTimeout(r, 4000));',
              'const late = emu.requests.filter((r) => r.path.endsWith("/completions") && r.at >= resumed).length;',
              'emu.setFaults({});',
              'const costs = await conn.fetch("costs", { start_time: Math.floor(Date.now() / 1000) - 3 * 86400 });',
              `writeFileSync(${JSON.stringify(result)}, JSON.stringify({ late, costs: costs.length }));`,
              'await conn.close();',
              'await emu.close();',
            ].join('\n'),
          ),
        ],
      }),
    );
    const file = copies.labPath('interrupt.ipynb');
    await openNotebook(page(), lab(), file);
    await clickMenu(page(), 'Run', 'Run All Cells');
    const fetching = await waitFor(
      file,
      (nb) => nb.cells[0]?.executionCount != null && (nb.cells[1]?.prompt.includes('*') ?? false),
    );
    assert.ok(fetching.cells[1]?.prompt.includes('*'), `the slow fetch is running${context()}`);
    await new Promise((r) => setTimeout(r, 1500));
    const stoppedAt = Date.now();
    await page()
      .locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-command="notebook:interrupt-kernel"]')
      .first()
      .click();
    const idle = await waitFor(
      file,
      (nb) => nb.kernelStatus === 'idle' && !nb.cells.some((c) => c.prompt.includes('*')),
    );
    assert.equal(idle.kernelStatus, 'idle', `kernel idle after the stop button${context()}`);
    assert.ok(Date.now() - stoppedAt < 10_000, 'the cell stopped promptly');
    // Run the next cell on its own (Lab does not run the rest of Run All after an interrupt).
    await page()
      .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')
      .nth(2)
      .locator('.jp-InputArea-editor')
      .click();
    await page().keyboard.press('Shift+Enter');
    const done = await waitFor(file, () => existsSync(result));
    assert.ok(
      existsSync(result),
      `the next cell ran to its end${context()} ${JSON.stringify(done.cells[2]?.stderr ?? [])}`,
    );
    const { late, costs } = JSON.parse(readFileSync(result, 'utf8')) as { late: number; costs: number };
    assert.equal(late, 0, 'no request of the interrupted fetch went out behind the next cell');
    assert.ok(costs >= 3, 'the next fetch ran normally');
    assert.deepEqual(done.cells[2]?.stderr ?? [], []);
  });

  test('the Lab page never requested anything outside the local server', () => {
    assert.deepEqual(state.offsite, []);
  });
});

/** Run All, with the browser console errors and server log added to a timeout's message. */
async function runWithContext(file: string): Promise<LabNotebook> {
  return runAll(page(), file).catch((err: unknown) => {
    throw new Error(`${err instanceof Error ? err.message : String(err)}${context()}`);
  });
}

function lab(): RunningJupyterLab {
  if (state.lab === undefined) throw new Error('JupyterLab not started');
  return state.lab;
}

/** Polls the notebook snapshot until `done` holds (30 s), returning the last snapshot either way. */
async function waitFor(file: string, done: (nb: LabNotebook) => boolean): Promise<LabNotebook> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const nb = await notebookSnapshot(page(), file);
    if (done(nb) || Date.now() > deadline) return nb;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens <export>/report.html in an offline context and checks each chart against its exported figure JSON. */
async function assertReportRenders(name: string, ids: readonly string[]): Promise<void> {
  const report = path.join(exportDir, `report-${name.replace(/\.ipynb$/, '')}.html`);
  assert.ok(existsSync(report), `${name}: export cell wrote no ${report}`);
  const chromium = state.chromium;
  assert.ok(chromium, 'chromium launched');
  // Like a report sent by mail: copied alone into an empty folder (no charts/, no plotly.min.js beside it).
  const alone = mkdtempSync(path.join(tmpdir(), 'report-alone-'));
  copyFileSync(report, path.join(alone, path.basename(report)));
  const offline = await chromium.context.newPage();
  const errors: string[] = [];
  offline.on('pageerror', (e) => errors.push(String(e)));
  try {
    await offline.goto(pathToFileURL(path.join(alone, path.basename(report))).href);
    await offline
      .waitForFunction(`document.querySelectorAll('.js-plotly-plot').length === ${ids.length}`, undefined, {
        timeout: 20_000,
      })
      .catch(() => undefined);
    const rendered: unknown = await offline.evaluate(
      `[...document.querySelectorAll('.js-plotly-plot')].map((el) => [el.id, Array.isArray(el.data) ? el.data.length : -1])`,
    );
    const expected = ids.map((id) => {
      const fig: unknown = JSON.parse(readFileSync(path.join(exportDir, 'charts', `${id}.json`), 'utf8'));
      const traces =
        typeof fig === 'object' && fig !== null && 'data' in fig && Array.isArray(fig.data) ? fig.data.length : -1;
      return [`plot-${id}`, traces];
    });
    assert.deepEqual(
      rendered,
      expected,
      `${name}: charts in report.html (id, traces) vs charts/<id>.json; page errors: ${errors.join('; ')}`,
    );
    await offline.screenshot({ path: path.join(SCREENSHOTS, `${name}-report.png`), fullPage: true });
    assert.deepEqual(errors, [], `${name}: report.html page errors`);
    assert.deepEqual(chromium.blocked, [], `${name}: report.html tried the network`);
  } finally {
    await offline.close();
    rmSync(alone, { recursive: true, force: true });
  }
}

/**
 * The saved notebook as JSON. The Lab reports the document clean when the save request returns, but the server
 * can still be replacing the file (seen once in CI as an empty read): retry until it parses, for up to 15 s.
 */
async function readSavedNotebook(file: string): Promise<{ text: string; saved: unknown }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    try {
      return { text, saved: JSON.parse(text) as unknown };
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`${file} is not valid JSON 15 s after saving: ${String(err)}`, { cause: err });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
