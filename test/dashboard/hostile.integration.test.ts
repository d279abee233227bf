import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import { bucketSource } from '../../lib/dashboard/bucket-source';
import { startDashboard, type RunningDashboard } from '../../lib/dashboard/server';
import { ODD_PROJECT_IDS } from '../../lib/emulator/index';
import { type ServerBrowser, inPage, launchFor, texts, waitForRender } from './helpers';

const HOSTILE_ID = '<img src=x onerror=alert(1)>';
const HOSTILE_NAME = '"><script>alert(2)</script><img src=x onerror=alert(3)>';
const HOSTILE_MODEL = '<svg onload=alert(4)>';
const DAY = 86_400;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const TODAY = Math.floor(NOW / 1000 / DAY) * DAY;

function usageRow(project: string, model: string, requests: number): WireCompletionsResult {
  return {
    object: 'organization.usage.completions.result',
    input_tokens: requests * 100,
    output_tokens: requests * 10,
    input_cached_tokens: 0,
    input_audio_tokens: 0,
    output_audio_tokens: 0,
    num_model_requests: requests,
    project_id: project,
    model,
  };
}

function costRow(project: string, value: number): WireCostsResult {
  return {
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item: HOSTILE_MODEL,
    project_id: project,
  };
}

let dash: RunningDashboard;
let b: ServerBrowser;
/** What the insights hook was handed, per view. */
const insightCalls: { from: string; to: string; projects: readonly string[]; costRows: number }[] = [];

before(async () => {
  const usage: WireBucket<WireCompletionsResult>[] = [0, 1, 2].map((d) => ({
    object: 'bucket',
    start_time: TODAY - d * DAY,
    end_time: TODAY - d * DAY + DAY,
    results: [usageRow(HOSTILE_ID, HOSTILE_MODEL, 30 + d), usageRow('proj_named', 'gpt-4o', 20)],
  }));
  const costs: WireBucket<WireCostsResult>[] = [0, 1, 2].map((d) => ({
    object: 'bucket',
    start_time: TODAY - d * DAY,
    end_time: TODAY - d * DAY + DAY,
    results: [costRow(HOSTILE_ID, 1.5), costRow('proj_named', 2.25)],
  }));
  const source = bucketSource({
    usage,
    costs,
    projects: [{ id: 'proj_named', name: HOSTILE_NAME }],
    coverage: { start: TODAY - 2 * DAY, end: TODAY + DAY },
    syncedAt: NOW,
  });
  dash = await startDashboard({
    source,
    now: () => NOW,
    insights: {
      view(input) {
        let costRows = 0;
        for (const bucket of input.costs) costRows += bucket.results.length;
        insightCalls.push({
          from: input.params.from,
          to: input.params.to,
          projects: input.params.projectIds,
          costRows,
        });
        return Promise.resolve({
          forecast: { label: 'Forecast for November', value: HOSTILE_NAME, detail: `${costRows} cost rows` },
          anomalies: [{ when: '2026-11-19', what: HOSTILE_ID, detail: HOSTILE_MODEL }],
          figures: [],
        });
      },
    },
  });
  b = await launchFor(dash.origin);
});

after(async () => {
  await b?.close();
  await dash?.close();
});

test('hostile project ids, names and models stay inert text in controls and charts', async () => {
  const page = await b.context.newPage();
  await page.goto(dash.url);
  await page.goto(
    `${dash.origin}/?days=7&project=${encodeURIComponent(HOSTILE_ID)}&model=${encodeURIComponent(HOSTILE_MODEL)}`,
  );
  await waitForRender(page, 0);
  await page.click('#project-picker summary');
  await page.click('#model-picker summary');
  // Hover every bar so plotly's hover labels render the names too.
  for (const bar of await page.$$('#chart-requests-by-model-project .point')) {
    await bar.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    if (box !== null) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }
  assert.ok((await texts(page, '.hoverlayer .hovertext')).join('').includes('Project: '));
  await page.waitForTimeout(300);
  assert.deepEqual(b.dialogs, [], 'no script ran');
  assert.equal(
    await inPage<number>(page, `document.querySelectorAll('img, iframe, object, embed').length`),
    0,
    'no element injected',
  );
  assert.equal(
    await inPage<number>(page, `document.querySelectorAll('script:not([src])').length`),
    0,
    'no inline script element',
  );
  const labels = await texts(page, '#project-options label');
  assert.deepEqual(labels.sort(), [HOSTILE_ID, `${HOSTILE_NAME}proj_named`].sort());
  assert.equal(await page.textContent('#project-summary'), HOSTILE_ID);
  assert.equal(await page.textContent('#model-summary'), HOSTILE_MODEL);
  const legend = await texts(page, '#chart-requests-by-project-pie .legendtext');
  assert.deepEqual(legend, [HOSTILE_ID], 'the pie legend shows the id as text');
  const models = await texts(page, '#chart-requests-by-model-project .xtick text');
  assert.deepEqual(models, [HOSTILE_MODEL], 'the model axis shows the model as text');
  const ticks = await texts(page, '#chart-cost-by-project .ytick text');
  assert.ok(
    ticks.some((t) => t.startsWith(HOSTILE_ID.slice(0, 20))),
    `cost-by-project ticks: ${JSON.stringify(ticks)}`,
  );
  // Unfiltered, the directory name labels the other project.
  await page.goto(`${dash.origin}/?days=7`);
  await waitForRender(page, 0);
  const pie = await texts(page, '#chart-requests-by-project-pie .legendtext');
  assert.deepEqual(pie.sort(), [HOSTILE_ID, HOSTILE_NAME].sort());
  assert.deepEqual(b.dialogs, [], 'no script ran');
  assert.equal(
    await inPage<number>(page, `document.querySelectorAll('img, iframe, object, embed').length`),
    0,
    'no element injected',
  );
  assert.deepEqual(b.outside, [], 'nothing fetched from elsewhere (an injected <img src=x> would show up here)');
  assert.deepEqual(await inPage<string[]>(page, 'window.cspViolations'), []);
});

test('the insights panel shows what the insights hook returns, as text', async () => {
  const page = await b.context.newPage();
  await page.goto(`${dash.origin}/?days=7&project=proj_named`);
  await waitForRender(page, 0);
  assert.equal(await page.isVisible('#insights'), true);
  assert.equal(await page.textContent('#forecast .value'), HOSTILE_NAME);
  assert.deepEqual(await texts(page, '#anomalies li'), [`2026-11-19 · ${HOSTILE_ID}: ${HOSTILE_MODEL}`]);
  assert.deepEqual(insightCalls.at(-1), {
    from: '2026-11-14',
    to: '2026-11-20',
    projects: ['proj_named'],
    costRows: 3,
  });
  assert.equal(await page.textContent('#forecast div:last-child'), '3 cost rows');
  assert.deepEqual(b.dialogs, []);
  assert.equal(await inPage<number>(page, `document.querySelectorAll('img, svg[onload]').length`), 0);
});

test('odd project IDs (quotes, "..", a slash, empty) get their directory names in controls and charts', async () => {
  const ids = ODD_PROJECT_IDS;
  const names = ['Quoted', 'Dots', 'Slashed', 'Empty'];
  const usage: WireBucket<WireCompletionsResult>[] = [0, 1].map((d) => ({
    object: 'bucket',
    start_time: TODAY - d * DAY,
    end_time: TODAY - d * DAY + DAY,
    results: ids.map((id, i) => usageRow(id, 'gpt-4o', 10 * (i + 1))),
  }));
  const costs: WireBucket<WireCostsResult>[] = [0, 1].map((d) => ({
    object: 'bucket',
    start_time: TODAY - d * DAY,
    end_time: TODAY - d * DAY + DAY,
    results: ids.map((id, i) => costRow(id, i + 1)),
  }));
  const odd = await startDashboard({
    source: bucketSource({
      usage,
      costs,
      projects: ids.map((id, i) => ({ id, name: names[i] ?? id })),
      coverage: { start: TODAY - DAY, end: TODAY + DAY },
      syncedAt: NOW,
    }),
    now: () => NOW,
  });
  const browser = await launchFor(odd.origin);
  try {
    const page = await browser.context.newPage();
    await page.goto(odd.url);
    await page.goto(`${odd.origin}/?days=7`);
    await waitForRender(page, 0);
    await page.click('#project-picker summary');
    // Each option shows the name, then the ID (as the hostile test above: name and id as text).
    assert.deepEqual(
      (await texts(page, '#project-options label')).sort(),
      ids.map((id, i) => `${names[i] ?? ''}${id}`).sort(),
    );
    const pie = await texts(page, '#chart-requests-by-project-pie .legendtext');
    assert.deepEqual(pie.sort(), [...names].sort());
    // Filtered to the quoted project: its own requests only (10 per day, two days).
    await page.goto(`${odd.origin}/?days=7&project=${encodeURIComponent(ids[0] ?? '')}`);
    await waitForRender(page, 0);
    assert.equal(await page.textContent('#project-summary'), 'Quoted');
    assert.deepEqual(await texts(page, '#chart-requests-by-project-pie .legendtext'), ['Quoted']);
    // The empty ID is an ID too: selecting it filters to it, not to everything.
    await page.goto(`${odd.origin}/?days=7&project=`);
    await waitForRender(page, 0);
    assert.equal(await page.textContent('#project-summary'), 'Empty');
    assert.deepEqual(await texts(page, '#chart-requests-by-project-pie .legendtext'), ['Empty']);
    assert.deepEqual(browser.dialogs, []);
    assert.deepEqual(await inPage<string[]>(page, 'window.cspViolations'), []);
  } finally {
    await browser.close();
    await odd.close();
  }
});
