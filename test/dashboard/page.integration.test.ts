import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { UsageClient } from '../../lib/api/index';
import { apiSource, type ApiSource } from '../../lib/dashboard/api-source';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { startEmulator, type RunningEmulator } from '../../lib/emulator/index';
import { type ServerBrowser, day, drawnTraces, inPage, launchFor, rawDaily, waitForRender } from './helpers';

const DAY = 86_400;
/** A Friday afternoon, pinned: the emulator has no usage after "now". */
let nowSec = Date.parse('2026-11-20T15:30:00Z') / 1000;
const nowMs = (): number => nowSec * 1000;

let emulator: RunningEmulator;
let client: UsageClient;
let source: ApiSource;
let dash: RunningDashboard;
let b: ServerBrowser;
let page: Page;

before(async () => {
  emulator = await startEmulator({ now: () => nowSec });
  client = new UsageClient({ apiKey: emulator.adminKey, baseURL: emulator.baseURL });
  source = apiSource(client, { days: 30, now: nowMs });
  await source.sync();
  dash = await startDashboard({ source, maxDays: 30, now: nowMs });
  b = await launchFor(dash.origin);
  page = await b.context.newPage();
});

after(async () => {
  await b?.close();
  await dash?.close();
  client?.close();
  await emulator?.close();
});

interface Sums {
  /** input tokens per day */
  input: Map<string, number>;
  output: Map<string, number>;
  /** cost per day */
  cost: Map<string, number>;
}

/** Per-day totals computed here from the emulator's raw JSON, optionally for one project only. */
async function expected(startDay: number, endSec: number, project?: string, model?: string): Promise<Sums> {
  const sums: Sums = { input: new Map(), output: new Map(), cost: new Map() };
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  const usage = await rawDaily(
    emulator.baseURL,
    emulator.adminKey,
    '/organization/usage/completions',
    startDay,
    endSec,
    ['project_id', 'model'],
  );
  for (const bucket of usage) {
    const d = day(bucket.start_time);
    add(sums.input, d, 0);
    add(sums.output, d, 0);
    for (const r of bucket.results) {
      if (project !== undefined && r['project_id'] !== project) continue;
      if (model !== undefined && r['model'] !== model) continue;
      add(sums.input, d, Number(r['input_tokens']));
      add(sums.output, d, Number(r['output_tokens']));
    }
  }
  const costs = await rawDaily(emulator.baseURL, emulator.adminKey, '/organization/costs', startDay, endSec, [
    'project_id',
  ]);
  for (const bucket of costs) {
    const d = day(bucket.start_time);
    add(sums.cost, d, 0);
    for (const r of bucket.results) {
      if (project !== undefined && r['project_id'] !== project) continue;
      add(sums.cost, d, Number((r['amount'] as { value: number | string }).value));
    }
  }
  return sums;
}

function assertSeries(
  trace: { x: Array<string | number>; y: Array<string | number> } | undefined,
  want: Map<string, number>,
  what: string,
): void {
  assert.ok(trace, `${what}: trace drawn`);
  assert.deepEqual(trace.x, [...want.keys()].sort(), `${what}: days`);
  trace.x.forEach((x, i) => {
    const got = Number(trace.y[i]);
    const exp = want.get(String(x)) ?? NaN;
    assert.ok(Math.abs(got - exp) <= 1e-9 * Math.max(1, Math.abs(exp)), `${what} ${x}: drawn ${got}, expected ${exp}`);
  });
}

async function assertCharts(startDay: number, project?: string, model?: string): Promise<void> {
  // Costs have no model dimension: the model filter leaves them as they are.
  const want = await expected(startDay, nowSec, project, model);
  const tokens = await drawnTraces(page, 'token-usage');
  assertSeries(
    tokens.find((t) => t.name === 'Input Tokens'),
    want.input,
    'input tokens',
  );
  assertSeries(
    tokens.find((t) => t.name === 'Output Tokens'),
    want.output,
    'output tokens',
  );
  assertSeries((await drawnTraces(page, 'cost-per-day'))[0], want.cost, 'cost per day');
}

const today = (): number => Math.floor(nowSec / DAY) * DAY;

test("the page draws the range's charts, and changing range and project redraws them with the source's numbers", async () => {
  await page.goto(dash.url);
  assert.equal(new URL(page.url()).search, '', 'token swapped for the cookie and removed from the address bar');
  let renders = await waitForRender(page, 0);
  await assertCharts(today() - 29 * DAY);
  assert.equal(
    await page.textContent('#synced'),
    `${new Date(nowMs()).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  );

  await page.selectOption('#days', '7');
  renders = await waitForRender(page, renders);
  assert.equal(new URL(page.url()).searchParams.get('days'), '7');
  await assertCharts(today() - 6 * DAY);

  // The second-largest project: the filter must change the numbers.
  const project =
    (
      await page.$$eval('#project-options input', (els) => els.map((e) => (e as unknown as { value: string }).value))
    )[1] ?? '';
  assert.match(project, /^proj_/);
  await page.click('#project-picker summary');
  await page.check(`#project-options input[value="${project}"]`);
  renders = await waitForRender(page, renders);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('project'), [project]);
  await assertCharts(today() - 6 * DAY, project);
  const all = await expected(today() - 6 * DAY, nowSec);
  const one = await expected(today() - 6 * DAY, nowSec, project);
  assert.ok([...one.input.values()].reduce((a, v) => a + v, 0) < [...all.input.values()].reduce((a, v) => a + v, 0));

  // A model on top of the project: usage narrows to both, costs stay per project.
  const model =
    (
      await page.$$eval('#model-options input', (els) => els.map((e) => (e as unknown as { value: string }).value))
    )[0] ?? '';
  await page.click('#model-picker summary');
  await page.check(`#model-options input[value="${model}"]`);
  renders = await waitForRender(page, renders);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('model'), [model]);
  await assertCharts(today() - 6 * DAY, project, model);
  await page.uncheck(`#model-options input[value="${model}"]`);
  await waitForRender(page, renders);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('model'), []);

  // The view is in the URL: reloading it (a bookmark) draws the same filtered view.
  await page.reload();
  await waitForRender(page, 0);
  await assertCharts(today() - 6 * DAY, project);
  assert.equal(await page.isChecked(`#project-options input[value="${project}"]`), true);
  assert.equal(await page.inputValue('#days'), '7');
});

test('a server keeping 7 days opens on them (no error), offers no wider range, and keeps URL views', async () => {
  const narrow = await startDashboard({ source, maxDays: 7, now: nowMs });
  const nb = await launchFor(narrow.origin);
  const p = await nb.context.newPage();
  try {
    await p.goto(narrow.url);
    await waitForRender(p, 0);
    assert.equal(await p.isHidden('#error'), true, `no error: ${await p.textContent('#error')}`);
    assert.equal(await p.inputValue('#days'), '7');
    assert.deepEqual(
      await p.$$eval('#days option', (els) => els.map((e) => (e as unknown as { value: string }).value)),
      ['7', 'custom'],
    );
    const drawn = (await drawnTraces(p, 'cost-per-day'))[0];
    assert.equal(drawn?.x.length, 7, 'seven days drawn');
    assert.equal(drawn?.x[0], day(today() - 6 * DAY));
    // A URL view inside the limit is kept as it is.
    await p.goto(`${narrow.origin}/?days=3`);
    await waitForRender(p, 0);
    assert.equal(await p.inputValue('#days'), '3');
    assert.equal((await drawnTraces(p, 'cost-per-day'))[0]?.x.length, 3);
  } finally {
    await nb.close();
    await narrow.close();
  }
});

test('a sync landing new buckets updates the open page without a reload', async () => {
  await page.goto(`${dash.origin}/?days=7`);
  const renders = await waitForRender(page, 0);
  await page.waitForSelector('#live.on');
  await inPage<number>(page, 'window.marker = 42');
  const before = await drawnTraces(page, 'token-usage');
  const lastDay = day(today());
  assert.equal(before[0]?.x.at(-1), lastDay);
  nowSec += DAY; // a day later: one more daily bucket
  await source.sync();
  await waitForRender(page, renders);
  assert.equal(await inPage<number>(page, 'window.marker'), 42, 'same document: no reload');
  const traces = await drawnTraces(page, 'token-usage');
  assert.equal(traces[0]?.x.at(-1), day(today()), 'the new day is drawn');
  await assertCharts(today() - 6 * DAY);
  assert.equal(await page.getAttribute('body', 'data-synced'), new Date(nowMs()).toISOString());
});

test('the page made no request outside the server, and broke no CSP rule', async () => {
  await page.goto(`${dash.origin}/?days=30`);
  await waitForRender(page, 0);
  assert.deepEqual(b.outside, []);
  assert.ok(b.requests.length > 5);
  for (const url of b.requests) assert.ok(url.startsWith(`${dash.origin}/`), url);
  assert.deepEqual(await inPage<string[]>(page, 'window.cspViolations'), []);
  assert.deepEqual(b.dialogs, []);
  mkdirSync('out/screenshots', { recursive: true });
  await page.screenshot({ path: 'out/screenshots/dashboard.png', fullPage: true });
});
