import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEED_PALETTE } from '../../lib/charts/palette';
import { otherProjectsPie } from '../../lib/charts/other-projects-pie';
import { requestsByModelProjectChart } from '../../lib/charts/requests-by-model-project-chart';
import { requestsByProjectPie } from '../../lib/charts/requests-by-project-pie';
import { HOSTILE, modelProjectRequests, shareSplit, splitWithoutOther } from './sample-data';

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

test('project pie without folded projects still draws its slices', () => {
  assert.equal(requestsByProjectPie(splitWithoutOther).data.length, 1);
});

test('project pie falls back to an empty state without requests', () => {
  const pie = requestsByProjectPie({ main: [], other: [], otherTotal: 0, total: 0, threshold: 0.05 });
  assert.equal(pie.data.length, 0);
});

test('project pie rejects bad options early', () => {
  assert.throws(() => requestsByProjectPie(shareSplit, { colors: { a: 1 as never } }), /invalid colors.a: 1/);
});
