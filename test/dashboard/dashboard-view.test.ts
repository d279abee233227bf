import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireBucket, WireCompletionsResult, WireCostsResult } from '../../lib/catalogue/index';
import type { ChartAxis, Figure } from '../../lib/charts/index';
import { bucketSource } from '../../lib/dashboard/bucket-source';
import { dashboardView } from '../../lib/dashboard/dashboard-view';
import type { InsightsInput } from '../../lib/dashboard/insights-hook';
import { parseViewParams } from '../../lib/dashboard/view-params';

const DAY = 86_400;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const TODAY = Math.floor(NOW / 1000 / DAY) * DAY;
/** proj_aaa has a directory name; proj_zzz has none (and must stay its ID). */
const NAMED = 'proj_aaa';
const NAMELESS = 'proj_zzz';

function buckets(currency: string): {
  usage: WireBucket<WireCompletionsResult>[];
  costs: WireBucket<WireCostsResult>[];
} {
  const days = [TODAY - DAY, TODAY];
  return {
    usage: days.map((t) => ({
      object: 'bucket',
      start_time: t,
      end_time: t + DAY,
      results: [NAMED, NAMELESS].map((project_id, i) => ({
        object: 'organization.usage.completions.result',
        input_tokens: 100 * (i + 1),
        output_tokens: 10,
        input_cached_tokens: 0,
        input_audio_tokens: 0,
        output_audio_tokens: 0,
        num_model_requests: 5 * (i + 1),
        project_id,
        model: 'gpt-4o',
      })),
    })),
    costs: days.map((t) => ({
      object: 'bucket',
      start_time: t,
      end_time: t + DAY,
      results: [NAMED, NAMELESS].map((project_id, i) => ({
        object: 'organization.costs.result',
        amount: { value: 3 + i, currency },
        line_item: 'gpt-4o, input',
        project_id,
      })),
    })),
  };
}

async function view(
  currency = 'usd',
): Promise<{ figures: Figure[]; insightNames: ReadonlyMap<string, string> | undefined }> {
  const source = bucketSource({
    ...buckets(currency),
    projects: [
      { id: NAMED, name: 'Search' },
      { id: NAMELESS, name: NAMELESS },
    ],
    coverage: { start: TODAY - DAY, end: TODAY + DAY },
    syncedAt: NOW,
  });
  let seen: InsightsInput | undefined;
  const params = parseViewParams(new URLSearchParams('days=7'), { now: NOW, maxDays: 90 });
  const v = await dashboardView(
    source,
    params,
    {
      view: (input) => {
        seen = input;
        return Promise.resolve(null);
      },
    },
    NOW,
  );
  return { figures: v.figures, insightNames: seen?.names };
}

/** What a chart shows as text (titles, labels, ticks, legends), without its hover data. */
const shown = (fig: Figure): string =>
  JSON.stringify(fig, (k, v: unknown) => (k === 'customdata' || k === 'hovertemplate' ? undefined : v));

test('no chart shows a project ID where the directory has a name; nameless projects keep their ID', async () => {
  const { figures, insightNames } = await view();
  const byProject = ['requests-by-model-project', 'requests-by-project-pie', 'cost-by-project'];
  for (const id of byProject) {
    const fig = figures.find((f) => f.id === id);
    assert.ok(fig, id);
    assert.ok(!shown(fig).includes(NAMED), `${id} shows ${NAMED}: ${shown(fig)}`);
    assert.ok(shown(fig).includes('Search'), `${id} shows the name`);
    assert.ok(shown(fig).includes(NAMELESS), `${id} keeps the nameless ID`);
    assert.ok(JSON.stringify(fig).includes(NAMED), `${id}: the named project's ID on hover`);
  }
  for (const fig of figures) assert.ok(!shown(fig).includes(NAMED), `${fig.id} shows ${NAMED}`);
  // The insights panel gets the same names as the charts.
  assert.deepEqual([...(insightNames ?? [])], [[NAMED, 'Search']]);
});

test('every cost axis carries the currency: "$" ticks for USD, the code in the title', async () => {
  const costAxis = (figs: Figure[], id: string): ChartAxis | undefined => {
    const fig = figs.find((f) => f.id === id);
    return id === 'cost-by-project' ? fig?.layout.xaxis : fig?.layout.yaxis;
  };
  const usd = (await view('usd')).figures;
  const eur = (await view('eur')).figures;
  for (const id of ['cost-by-project', 'cost-per-day', 'cost-by-line-item']) {
    const axis = costAxis(usd, id);
    assert.match(axis?.title?.text ?? '', /\(USD\)$/, `${id} title`);
    assert.equal(axis?.tickprefix, '$', `${id} ticks`);
    const other = costAxis(eur, id);
    assert.match(other?.title?.text ?? '', /\(EUR\)$/, `${id} title in EUR`);
    assert.equal(other?.tickprefix, undefined, `${id}: no "$" for EUR`);
  }
});

/** Two days of usage and costs over two projects, two models and two organizations; a day outside the range. */
function fixture(): { usage: WireBucket<WireCompletionsResult>[]; costs: WireBucket<WireCostsResult>[] } {
  const usageRow = (project_id: string, model: string, input: number, organization_id: string): WireCompletionsResult =>
    Object.assign(
      {
        object: 'organization.usage.completions.result' as const,
        input_tokens: input,
        output_tokens: 1,
        num_model_requests: input / 10,
        project_id,
        model,
      },
      { organization_id },
    );
  const costRow = (project_id: string, value: number, organization_id: string): WireCostsResult =>
    Object.assign(
      {
        object: 'organization.costs.result' as const,
        amount: { value, currency: 'usd' },
        line_item: `${project_id}, input`,
        project_id,
      },
      { organization_id },
    );
  const day = (t: number, k: number): { start_time: number; end_time: number; object: 'bucket' } => ({
    object: 'bucket',
    start_time: t + k * DAY,
    end_time: t + (k + 1) * DAY,
  });
  return {
    usage: [-40, -1, 0].map((k) => ({
      ...day(TODAY, k),
      results: [
        usageRow('p1', 'm1', 100, 'o1'),
        usageRow('p1', 'm2', 20, 'o1'),
        usageRow('p2', 'm1', 300, 'o2'),
        usageRow('p2', 'm3', 40, 'o2'),
      ],
    })),
    costs: [-40, -1, 0].map((k) => ({
      ...day(TODAY, k),
      results: [costRow('p1', 1.25, 'o1'), costRow('p2', 2.5, 'o2')],
    })),
  };
}

const organizations = [
  { id: 'o1', name: 'Acme' },
  { id: 'o2', name: 'Globex' },
];

test('one view: the figures in page order, the range and selection echoed, models of the projects picked whatever models are picked', async () => {
  const data = fixture();
  const source = bucketSource({ ...data, coverage: { start: TODAY - 40 * DAY, end: TODAY + DAY }, syncedAt: NOW });
  const params = parseViewParams(new URLSearchParams('days=7&project=p1&model=m1'), { now: NOW, maxDays: 60 });
  const v = await dashboardView(source, params, undefined, NOW, 60);
  assert.deepEqual(
    v.figures.map((f) => f.id),
    [
      'token-usage',
      'requests-by-model-project',
      'requests-by-project-pie',
      'cost-by-project',
      'cost-per-day',
      'cost-by-line-item',
    ],
  );
  assert.deepEqual(
    { ...v, figures: [] },
    {
      lastSyncedAt: new Date(NOW).toISOString(),
      from: '2026-11-14',
      to: '2026-11-20',
      days: 7,
      maxDays: 60,
      projects: [
        { id: 'p1', name: 'p1' },
        { id: 'p2', name: 'p2' },
      ],
      organizations: [],
      models: ['m1', 'm2'],
      selected: { organizations: [], projects: ['p1'], models: ['m1'] },
      figures: [],
      insights: null,
      alerts: null,
    },
  );
});

test("the charts' numbers are the raw buckets' of the range, filtered by project and model", async () => {
  const data = fixture();
  const source = bucketSource({ ...data, coverage: { start: TODAY - 40 * DAY, end: TODAY + DAY }, syncedAt: NOW });
  const params = parseViewParams(new URLSearchParams('days=7&project=p1&model=m1'), { now: NOW, maxDays: 60 });
  const v = await dashboardView(source, params, undefined, NOW, 60);
  const inRange = (b: { start_time: number }): boolean => b.start_time >= params.range.start;
  const tokens = data.usage
    .filter(inRange)
    .flatMap((b) => b.results)
    .filter((r) => r.project_id === 'p1' && r.model === 'm1')
    .reduce((s, r) => s + r.input_tokens, 0);
  const drawn = (id: string): unknown[] => v.figures.find((f) => f.id === id)?.data ?? [];
  const tokenTraces = drawn('token-usage').filter(
    (t): t is { name: string; y: number[] } =>
      typeof t === 'object' && t !== null && 'name' in t && t.name === 'Input Tokens',
  );
  assert.equal(tokenTraces.length, 1);
  assert.equal(
    tokenTraces[0]?.y.reduce((a, b) => a + b, 0),
    tokens,
  );
  // Costs have no model: the project filter alone applies.
  const p1Cost = data.costs
    .filter(inRange)
    .flatMap((b) => b.results)
    .filter((r) => r.project_id === 'p1')
    .reduce((s, r) => s + Number(r.amount?.value ?? 0), 0);
  assert.deepEqual(
    drawn('cost-by-project').map((t) => (t as { x: number[] }).x),
    [[p1Cost]],
  );
});

test('several organizations: a cost chart per organization by name; alerts shown when the source has a store', async () => {
  const data = fixture();
  const source = bucketSource({
    ...data,
    organizations,
    coverage: { start: TODAY - 40 * DAY, end: TODAY + DAY },
    syncedAt: NOW,
    alerts: [],
  });
  const params = parseViewParams(new URLSearchParams('days=2'), { now: NOW, maxDays: 60 });
  const v = await dashboardView(source, params, undefined, NOW);
  const chart = v.figures.at(-1);
  assert.equal(chart?.id, 'cost-by-organization');
  assert.deepEqual(
    (chart?.data ?? []).map((t) => [(t as { name: string }).name, (t as { y: number[] }).y]),
    [
      ['Acme', [1.25, 1.25]],
      ['Globex', [2.5, 2.5]],
    ],
  );
  assert.deepEqual(v.alerts, { lines: [], more: 0 });
  assert.deepEqual(v.organizations, organizations);
  assert.equal(v.maxDays, 90, 'the default widest range');
});

test('before the first sync: no sync time, six charts saying they have no data; an explicit from/to has no days', async () => {
  const params = parseViewParams(new URLSearchParams('from=2026-11-01&to=2026-11-03'), { now: NOW, maxDays: 90 });
  const v = await dashboardView(bucketSource(), params, undefined, NOW);
  assert.equal(v.lastSyncedAt, null);
  assert.equal(v.days, null);
  assert.deepEqual([v.from, v.to, v.models, v.projects], ['2026-11-01', '2026-11-03', [], []]);
  assert.deepEqual(
    v.figures.map((f) => [f.data.length, f.layout.annotations?.[0]?.text]),
    [
      ...Array.from({ length: 3 }, () => [0, 'No usage data for this range']),
      ...Array.from({ length: 3 }, () => [0, 'No cost data for this range']),
    ],
  );
});
