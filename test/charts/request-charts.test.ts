import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SEED_PALETTE,
  otherProjectsPie,
  requestsByModelProjectChart,
  requestsByProjectPie,
} from '../../lib/charts/index';
import { rawMarkup } from './figure-strings';
import { HOSTILE, modelProjectRequests, shareSplit, splitWithoutOther } from './sample-data';

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

test('projects keep their colour across the bar chart and both pies', () => {
  const split = {
    ...shareSplit,
    main: [
      { label: 'proj_hNhhQzyYu7HxySZWs7cA3Ugu', value: 1490, share: 0.8 },
      { label: 'Other', value: 317, share: 0.2 },
    ],
    other: [
      { label: 'proj_L67gOme4S2nBA8aQieEOwLy7', value: 305, share: 0.17 },
      { label: HOSTILE, value: 12, share: 0.01 },
    ],
  };
  const bars = requestsByModelProjectChart(modelProjectRequests);
  const colorOf = new Map<string, unknown>();
  for (const t of bars.data) if (t.type === 'bar') colorOf.set(t.name.split(' (Total')[0] ?? '', t.marker.color);
  const main = requestsByProjectPie(split).data[0];
  const other = otherProjectsPie(split)?.data[0];
  assert.ok(main?.type === 'pie' && other?.type === 'pie');
  assert.equal(main.marker.colors?.[0], colorOf.get('proj_hNhhQzyYu7HxySZWs7cA3Ugu'));
  assert.equal(other.marker.colors?.[0], colorOf.get('proj_L67gOme4S2nBA8aQieEOwLy7'));
  assert.notEqual(colorOf.get('proj_hNhhQzyYu7HxySZWs7cA3Ugu'), colorOf.get('proj_L67gOme4S2nBA8aQieEOwLy7'));
  for (const c of colorOf.values()) assert.ok(SEED_PALETTE.includes(String(c)), `seed colour first: ${String(c)}`);
});

test('project pie shows every main slice with its percentage and count, Other included', () => {
  const fig = requestsByProjectPie(shareSplit);
  assert.equal(fig.id, 'requests-by-project-pie');
  assert.equal(fig.title, 'Distribution of Model Requests by Project ID');
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.deepEqual(pie.labels, ['proj_alpha', 'proj_beta', 'Other', 'proj_gamma']);
  assert.deepEqual(pie.values, [6000, 2500, 900, 600]);
  assert.deepEqual(
    pie.customdata.map((r) => [r[1], r[2]]),
    [
      ['6,000', '60.0%'],
      ['2,500', '25.0%'],
      ['900', '9.0%'],
      ['600', '6.0%'],
    ],
  );
  assert.equal(pie.marker.colors?.[2], '#bdbdbd');
  assert.match(pie.customdata[2]?.[3] ?? '', /3 projects/);
});

test('Other pie breaks down the folded projects relative to their own total, escaped', () => {
  const fig = otherProjectsPie(shareSplit);
  assert.ok(fig !== null);
  assert.equal(fig.id, 'requests-other-projects-pie');
  assert.equal(fig.title, 'Breakdown of "Other" Projects by Model Requests');
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.equal(pie.labels[1], '&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;&lt;b&gt;bold&lt;/b&gt;');
  assert.deepEqual(
    pie.customdata.map((r) => r[2]),
    ['50.0%', '33.3%', '16.7%'],
  );
  assert.deepEqual(rawMarkup(fig), []);
});

test('Other pie is null when no project was folded', () => {
  assert.equal(otherProjectsPie(splitWithoutOther), null);
  assert.equal(requestsByProjectPie(splitWithoutOther).data.length, 1);
});

test('request charts fall back to an empty state without requests', () => {
  const empty = requestsByModelProjectChart({ models: [], projects: [], totals: {}, cells: [] });
  assert.equal(empty.data.length, 0);
  assert.equal(empty.layout.annotations?.[0]?.text, 'No usage data for this range');
  const pie = requestsByProjectPie({ main: [], other: [], otherTotal: 0, total: 0, threshold: 0.05 });
  assert.equal(pie.data.length, 0);
});

test('hostile model and project names never reach the figure as markup', () => {
  const fig = requestsByModelProjectChart(modelProjectRequests);
  assert.deepEqual(rawMarkup(fig), []);
  assert.ok(!JSON.stringify(fig).includes('<script'));
  assert.ok(fig.data.some((t) => t.name.startsWith('&lt;/script&gt;')));
});

test('request charts reject bad options early', () => {
  assert.throws(() => requestsByModelProjectChart(modelProjectRequests, { title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => requestsByProjectPie(shareSplit, { colors: { a: 1 as never } }), /invalid colors.a: 1/);
});
