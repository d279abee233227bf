import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEED_PALETTE } from '../../lib/charts/palette';
import { otherProjectsPie } from '../../lib/charts/other-projects-pie';
import { requestsByModelProjectChart } from '../../lib/charts/requests-by-model-project-chart';
import { requestsByProjectPie } from '../../lib/charts/requests-by-project-pie';
import { HOSTILE, modelProjectRequests, shareSplit, splitWithoutOther } from './sample-data';
import type { PieTrace } from '../../lib/charts/figure';
import { colorScale } from '../../lib/charts/palette';
import { checkSplit, splitColorScale } from '../../lib/charts/requests-by-project-pie';

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

function pieOf(fig: ReturnType<typeof requestsByProjectPie>): PieTrace {
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  return pie;
}

test('project pie subtitle: the requests, and what "Other" holds when it holds something', () => {
  assert.equal(requestsByProjectPie(shareSplit).subtitle, '10,000 requests · "Other" = 3 projects under 5.0% each');
  assert.equal(requestsByProjectPie(splitWithoutOther).subtitle, '1,000 requests');
  assert.equal(requestsByProjectPie(shareSplit, { title: 'Mine' }).title, 'Mine');
});

test('one folded project reads "1 project", in the hover and the subtitle', () => {
  const split = {
    main: [
      { label: 'proj_alpha', value: 97, share: 0.97 },
      { label: 'Other', value: 3, share: 0.03 },
    ],
    other: [{ label: 'proj_beta', value: 3, share: 0.03 }],
    otherTotal: 3,
    total: 100,
    threshold: 0.05,
  };
  const fig = requestsByProjectPie(split);
  assert.equal(fig.subtitle, '100 requests · "Other" = 1 project under 5.0% each');
  assert.equal(pieOf(fig).customdata[1]?.[3], '<br>1 project');
});

test('project pie with names: slices show names and hover adds the ID; the title drops "ID"', () => {
  const names = new Map([
    ['proj_alpha', 'Search'],
    ['proj_gamma', 'Other'],
  ]);
  const fig = requestsByProjectPie(shareSplit, { names });
  assert.equal(fig.title, 'Distribution of Model Requests by Project');
  const pie = pieOf(fig);
  assert.deepEqual(pie.labels, ['Search', 'proj_beta', 'Other', 'Other (…oj_gamma)']);
  assert.equal(pie.customdata[0]?.[0], 'Search<br>ID: proj_alpha');
  // The real "Other" keeps its note; a project whose name is "Other" is not mistaken for it.
  assert.deepEqual(
    pie.customdata.map((row) => row[3]),
    ['', '', '<br>3 projects', ''],
  );
  assert.equal(pie.marker.colors?.[2], '#bdbdbd');
  assert.notEqual(pie.marker.colors?.[3], '#bdbdbd');
});

test('splitColorScale: one scale over every real project of the split, main and folded alike', () => {
  const scale = splitColorScale(shareSplit);
  const expected = colorScale(['proj_alpha', 'proj_beta', 'proj_gamma', 'proj_delta', HOSTILE, 'proj_epsilon']);
  assert.deepEqual([...scale].sort(), [...expected].sort());
  assert.equal(scale.get('Other'), '#bdbdbd');
});

test('checkSplit: a split of finite values passes as given; anything else is named', () => {
  assert.equal(checkSplit(shareSplit), shareSplit);
  for (const bad of [
    null,
    { ...shareSplit, main: 'a' },
    { ...shareSplit, other: undefined },
    { ...shareSplit, total: Number.NaN },
    { ...shareSplit, main: [{ label: 'a', value: Infinity, share: 1 }] },
    { ...shareSplit, other: [{ label: 'a', value: '3', share: 1 }] },
  ])
    assert.throws(() => checkSplit(bad as never), /^Error: invalid split: /);
  assert.throws(() => requestsByProjectPie(null as never), /^Error: invalid split: null$/);
});
