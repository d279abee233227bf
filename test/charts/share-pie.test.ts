import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PieTrace } from '../../lib/charts/figure';
import { sharePie } from '../../lib/charts/share-pie';
import { rawMarkup } from './figure-strings';
import { modelGroups } from './sample-data';

test('share pie sums by label and folds slices under 2% into Other', () => {
  const fig = sharePie(modelGroups, {
    id: 'model-share-pie',
    title: 'Tokens by model',
    labelKey: 'model',
    valueLabel: 'Tokens',
  });
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.deepEqual(pie.labels, ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06', 'o1-mini-2024-09-12', 'Other']);
  assert.deepEqual(pie.values, [50_000, 30_000, 19_000, 1_000]);
  assert.deepEqual(rawMarkup(fig), []);
});

test('share pie formats currency and rejects an unknown label key', () => {
  const fig = sharePie([{ keys: { project_id: 'p' }, value: 1234.5 }], {
    id: 'cost-by-project-pie',
    title: 'Cost by project',
    labelKey: 'project_id',
    valueFormat: 'currency',
  });
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  assert.equal(pie.customdata[0]?.[1], '$1,234.50');
  assert.throws(
    () => sharePie(modelGroups, { id: 'x', title: 'x', labelKey: 'user_id' }),
    /invalid labelKey: "user_id"/,
  );
  assert.equal(
    sharePie([], { id: 'x', title: 'x', labelKey: 'm', valueFormat: 'currency' }).layout.annotations?.[0]?.text,
    'No cost data for this range',
  );
});

const opts = { id: 'model-share-pie', title: 'Tokens by model', labelKey: 'model' } as const;

function pieOf(fig: ReturnType<typeof sharePie>): PieTrace {
  const pie = fig.data[0];
  assert.ok(pie?.type === 'pie');
  return pie;
}

test('share pie: "Other" says how many groups it holds and under what share; the subtitle counts every group', () => {
  const fig = sharePie(modelGroups, opts);
  assert.equal(fig.subtitle, 'Total: 100,000 · 5 models');
  const pie = pieOf(fig);
  assert.equal(pie.customdata[3]?.[3], '<br>2 models under 5.0% each');
  assert.equal(pie.customdata[3]?.[2], '1.0%');
  assert.equal(pie.name, 'Requests', 'the default value name for counts');
});

test('share pie: a single small slice keeps its name; threshold 0 keeps every slice', () => {
  const groups = [
    { keys: { model: 'a' }, value: 97 },
    { keys: { model: 'b' }, value: 3 },
  ];
  assert.deepEqual(pieOf(sharePie(groups, opts)).labels, ['a', 'b']);
  assert.deepEqual(
    pieOf(sharePie(modelGroups, { ...opts, otherThreshold: 0 })).values,
    [50_000, 30_000, 19_000, 600, 400],
  );
  const half = pieOf(sharePie(modelGroups, { ...opts, otherThreshold: 0.4 }));
  assert.deepEqual(half.labels, ['gpt-4o-mini-2024-07-18', 'Other']);
  assert.deepEqual(half.values, [50_000, 50_000]);
});

test('share pie: zero and negative groups are not slices and not counted', () => {
  const fig = sharePie(
    [
      { keys: { project_id: 'p1' }, value: 10 },
      { keys: { project_id: 'p2' }, value: 0 },
      { keys: { project_id: 'p3' }, value: -4 },
    ],
    { id: 'cost-by-project-pie', title: 'Cost', labelKey: 'project_id', valueFormat: 'currency', currency: 'EUR' },
  );
  assert.deepEqual(pieOf(fig).labels, ['p1']);
  assert.equal(fig.subtitle, 'Total: 10.00 EUR · 1 project');
  assert.equal(pieOf(fig).name, 'Cost');
  const none = sharePie([{ keys: { model: 'a' }, value: -1 }], opts);
  assert.equal(none.layout.annotations?.[0]?.text, 'No usage data for this range');
});

test('share pie with names: slices show names, hover adds the ID; the colour follows the ID', () => {
  const groups = [
    { keys: { project_id: 'proj_1' }, value: 3 },
    { keys: { project_id: 'proj_2' }, value: 1 },
  ];
  const o = { id: 'p', title: 'By project', labelKey: 'project_id' };
  const plain = pieOf(sharePie(groups, o));
  const named = pieOf(sharePie(groups, { ...o, names: new Map([['proj_1', 'Search']]) }));
  assert.deepEqual(named.labels, ['Search', 'proj_2']);
  assert.equal(named.customdata[0]?.[0], 'Search<br>ID: proj_1');
  assert.deepEqual(named.marker.colors, plain.marker.colors);
  const coloured = pieOf(sharePie(groups, { ...o, colors: { proj_2: '#020202' } }));
  assert.equal(coloured.marker.colors?.[1], '#020202');
});

test('share pie names a bad option', () => {
  assert.throws(() => sharePie(modelGroups, { ...opts, otherThreshold: 1 }), /^Error: invalid otherThreshold: 1$/);
  assert.throws(
    () => sharePie(modelGroups, { ...opts, otherThreshold: -0.1 }),
    /^Error: invalid otherThreshold: -0.1$/,
  );
  assert.throws(
    () => sharePie(modelGroups, { ...opts, otherThreshold: Number.NaN }),
    /^Error: invalid otherThreshold: NaN$/,
  );
  assert.throws(() => sharePie(modelGroups, { ...opts, id: 'Model Pie' }), /^Error: invalid figure id: "Model Pie"$/);
  assert.throws(() => sharePie(modelGroups, { ...opts, title: '' }), /^Error: invalid title: ""$/);
  assert.throws(() => sharePie(modelGroups, { ...opts, valueFormat: 'pct' as never }), /invalid valueFormat: "pct"/);
  assert.throws(() => sharePie(modelGroups, { ...opts, names: {} as never }), /^Error: invalid names: \{\}$/);
});

test('property: the slices add up to the positive total; each named slice is at the threshold or above', () => {
  const group = fc.record({
    keys: fc.record({ model: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g') }),
    value: fc.integer({ min: -10, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(group, { maxLength: 30 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (groups, t) => {
      const fig = sharePie(groups, { ...opts, otherThreshold: t });
      const sums = new Map<string, number>();
      for (const g of groups) sums.set(g.keys.model, (sums.get(g.keys.model) ?? 0) + g.value);
      const positive = [...sums.values()].filter((v) => v > 0);
      const total = positive.reduce((a, v) => a + v, 0);
      if (total === 0) {
        assert.equal(fig.data.length, 0);
        return;
      }
      const pie = pieOf(fig);
      assert.equal(
        pie.values.reduce((a, v) => a + v, 0),
        total,
      );
      const small = positive.filter((v) => v / total < t).length;
      assert.equal(pie.labels.includes('Other'), small >= 2);
      pie.labels.forEach((label, i) => {
        if (label !== 'Other' && small >= 2) assert.ok((pie.values[i] ?? 0) / total >= t, label);
      });
    }),
    { numRuns: 300 },
  );
});
