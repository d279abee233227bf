import assert from 'node:assert/strict';
import { test } from 'node:test';
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
