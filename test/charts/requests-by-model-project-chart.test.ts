import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeLabel } from '../../lib/charts/escape-label';
import { requestsByModelProjectChart } from '../../lib/charts/requests-by-model-project-chart';
import { rawMarkup } from './figure-strings';
import { HOSTILE, modelProjectRequests } from './sample-data';

test('requests chart stacks one trace per project with totals in the legend, sorted by total', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests);
  assert.equal(fig.id, 'requests-by-model-project');
  assert.equal(fig.title, 'Total Model Requests by Model and Project ID');
  const titled = requestsByModelProjectChart(modelProjectRequests, { rangeSeconds: 30 * 86_400 + 7 });
  assert.equal(titled.title, 'Total Model Requests by Model and Project ID Last 30 Days');
  assert.throws(
    () => requestsByModelProjectChart(modelProjectRequests, { rangeSeconds: -1 }),
    /invalid rangeSeconds: -1/,
  );
  assert.equal(fig.layout.barmode, 'stack');
  assert.equal(fig.layout.legend?.traceorder, 'normal');
  assert.equal(fig.data.length, 3);
  assert.equal(fig.data[0]?.name, 'proj_hNhhQzyYu7HxySZWs7cA3Ugu (Total: 1,490)');
  assert.equal(fig.data[1]?.name, 'proj_L67gOme4S2nBA8aQieEOwLy7 (Total: 305)');
  // Per-model values computed straight from the cells.
  for (const [t, project] of modelProjectRequests.projects.entries()) {
    const trace = fig.data[t];
    assert.ok(trace?.type === 'bar');
    const expected = modelProjectRequests.models.map((m) => {
      let sum = 0;
      for (const c of modelProjectRequests.cells)
        if (c.model === m && c.project_id === project) sum += c.num_model_requests;
      return sum;
    });
    assert.deepEqual(trace.y, expected);
  }
});

test('hostile model and project names never reach the figure as markup', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests);
  assert.deepEqual(rawMarkup(fig), []);
  assert.ok(!JSON.stringify(fig).includes('<script'));
  assert.ok(fig.data.some((t) => t.name.startsWith('&lt;/script&gt;')));
});

test('requests chart falls back to an empty state without requests', () => {
  const empty = requestsByModelProjectChart({ models: [], projects: [], totals: {}, cells: [] });
  assert.equal(empty.data.length, 0);
  assert.equal(empty.layout.annotations?.[0]?.text, 'No usage data for this range');
});

test('requests chart rejects bad options early', () => {
  assert.throws(() => requestsByModelProjectChart(modelProjectRequests, { title: '' }), /^Error: invalid title: ""$/);
});

type Requests = Parameters<typeof requestsByModelProjectChart>[0];

/** The chart's input built from cells as lib/frames builds it: models sorted, projects by total (largest first). */
function requests(cells: Requests['cells']): Requests {
  const totals: Record<string, number> = {};
  for (const c of cells) totals[c.project_id] = (totals[c.project_id] ?? 0) + c.num_model_requests;
  const projects = Object.keys(totals).sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || (a < b ? -1 : 1));
  return { models: [...new Set(cells.map((c) => c.model))].sort(), projects, totals, cells };
}

const sumY = (fig: ReturnType<typeof requestsByModelProjectChart>): number =>
  fig.data.reduce((acc, t) => acc + (t.type === 'bar' ? t.y.reduce<number>((a, v) => a + Number(v), 0) : 0), 0);

test('requests chart: hover names project, model and count; the subtitle counts requests, models and projects', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests);
  assert.equal(fig.subtitle, '1,807 requests · 4 models · 3 projects');
  const first = fig.data[0];
  assert.ok(first?.type === 'bar');
  assert.deepEqual(first.customdata[2], ['proj_hNhhQzyYu7HxySZWs7cA3Ugu', 'gpt-4o-mini-2024-07-18', '1,125']);
  assert.deepEqual(
    first.x,
    modelProjectRequests.models.map((m) => (m === HOSTILE ? escapeLabel(m) : m)),
  );
  assert.equal(fig.layout.xaxis?.title?.text, 'Model');
  assert.equal(fig.layout.xaxis?.tickangle, -30);
});

test('requests chart folds models past maxModels into one "Other" bar, in the models\' own order', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests, { maxModels: 2 });
  const first = fig.data[0];
  assert.ok(first?.type === 'bar');
  // Totals: mini 1,325, gpt-4o 375, the fine-tune 95, the hostile model 12.
  assert.deepEqual(first.x, ['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'Other (2 models)']);
  assert.deepEqual(first.y, [270, 1_125, 95]);
  assert.equal(sumY(fig), 1_807);
  assert.equal(fig.subtitle, '1,807 requests · 4 models · 3 projects (top 2 models shown, 2 more as "Other")');
});

test('requests chart folds projects past maxSeries into one grey "Other" series with its own total', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests, { maxSeries: 1 });
  assert.deepEqual(
    fig.data.map((t) => t.name),
    ['proj_hNhhQzyYu7HxySZWs7cA3Ugu (Total: 1,490)', 'Other (2 projects) (Total: 317)'],
  );
  const other = fig.data[1];
  assert.ok(other?.type === 'bar');
  assert.equal(other.marker.color, '#bdbdbd');
  assert.deepEqual(other.y, [0, 105, 200, 12]);
  assert.match(fig.subtitle ?? '', /\(top 1 projects shown, 2 more as "Other"\)$/);
});

test('requests chart with names: legends show names, hover adds the ID; the title drops "ID"', () => {
  const names = new Map([['proj_hNhhQzyYu7HxySZWs7cA3Ugu', 'Search']]);
  const fig = requestsByModelProjectChart(modelProjectRequests, { names });
  assert.equal(fig.title, 'Total Model Requests by Model and Project');
  const first = fig.data[0];
  assert.ok(first?.type === 'bar');
  assert.equal(first.name, 'Search (Total: 1,490)');
  assert.equal(first.customdata[0]?.[0], 'Search<br>ID: proj_hNhhQzyYu7HxySZWs7cA3Ugu');
  const colours = requestsByModelProjectChart(modelProjectRequests, {
    colors: { proj_L67gOme4S2nBA8aQieEOwLy7: '#020202' },
  });
  assert.equal(colours.data[1]?.type === 'bar' ? colours.data[1].marker.color : '', '#020202');
  assert.equal(requestsByModelProjectChart(modelProjectRequests, { title: 'Mine' }).title, 'Mine');
});

test('requests chart: only zero counts is an empty state; bad input and options are named', () => {
  const zero = requestsByModelProjectChart(requests([{ model: 'a', project_id: 'p', num_model_requests: 0 }]));
  assert.equal(zero.data.length, 0);
  assert.throws(() => requestsByModelProjectChart(null as never), /^Error: invalid requests: null$/);
  assert.throws(() => requestsByModelProjectChart({ models: [] } as never), /^Error: invalid requests: /);
  assert.throws(
    () => requestsByModelProjectChart(modelProjectRequests, { maxModels: 0 }),
    /^Error: invalid maxModels: 0$/,
  );
  assert.throws(() => requestsByModelProjectChart(modelProjectRequests, { maxSeries: 1.5 }), /invalid maxSeries: 1.5/);
  assert.throws(
    () =>
      requestsByModelProjectChart(
        requests([
          { model: 'a', project_id: 'p', num_model_requests: 1 },
          { model: 'b', project_id: 'p', num_model_requests: Number.NaN },
        ]),
      ),
    /^Error: invalid num_model_requests: NaN$/,
  );
  assert.throws(
    () => requestsByModelProjectChart(modelProjectRequests, { names: new Map([['p', '']]) }),
    /invalid names/,
  );
});

test('property: every request is drawn once, in at most maxModels + 1 bars and maxSeries + 1 series', () => {
  const cell = fc.record({
    model: fc.constantFrom('m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'),
    project_id: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4'),
    num_model_requests: fc.integer({ min: 0, max: 500 }),
  });
  const cells = fc.uniqueArray(cell, { minLength: 1, maxLength: 35, selector: (c) => `${c.model}/${c.project_id}` });
  fc.assert(
    fc.property(cells, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 }), (cs, maxModels, maxSeries) => {
      const input = requests(cs);
      const fig = requestsByModelProjectChart(input, { maxModels, maxSeries });
      const total = cs.reduce((a, c) => a + c.num_model_requests, 0);
      if (total === 0) {
        assert.equal(fig.data.length, 0);
        return;
      }
      assert.equal(sumY(fig), total);
      assert.equal(fig.data.length, input.projects.length > maxSeries ? maxSeries + 1 : input.projects.length);
      const bars = fig.data[0];
      assert.ok(bars?.type === 'bar');
      assert.equal(bars.x.length, input.models.length > maxModels ? maxModels + 1 : input.models.length);
      // A kept project's series holds exactly that project's requests, model by model.
      fig.data.slice(0, Math.min(maxSeries, input.projects.length)).forEach((t, s) => {
        const project = input.projects[s] ?? '';
        assert.ok(t.type === 'bar');
        const own = cs.filter((c) => c.project_id === project).reduce((a, c) => a + c.num_model_requests, 0);
        assert.equal(
          t.y.reduce<number>((a, v) => a + Number(v), 0),
          own,
        );
      });
    }),
    { numRuns: 300 },
  );
});
