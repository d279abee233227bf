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
