import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestsByModelProjectChart } from '../../lib/charts/requests-by-model-project-chart';
import { rawMarkup } from './figure-strings';
import { modelProjectRequests } from './sample-data';

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
