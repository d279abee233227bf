import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { barByGroup } from '../../lib/charts/bar-by-group';
import type { BarTrace } from '../../lib/charts/figure';
import { rawMarkup } from './figure-strings';
import { userGroups } from './sample-data';

test('bar by group puts the largest group on top and labels null keys', () => {
  const fig = barByGroup(userGroups, {
    id: 'requests-by-user',
    title: 'Requests by user',
    labelKey: 'user_id',
    valueLabel: 'Requests',
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.orientation, 'h');
  assert.equal(bars.y[bars.y.length - 1], 'user-abc');
  assert.equal(bars.x[bars.x.length - 1], 1_234);
  assert.ok(bars.y.includes('(no user: service-account keys)'), 'a null user is said to be a service-account key');
  assert.deepEqual(rawMarkup(fig), []);
});

test('bar by group folds the tail beyond the limit into one Other bar', () => {
  const groups = Array.from({ length: 10 }, (_, i) => ({ keys: { api_key_id: `key_${i}` }, value: 100 - i }));
  const fig = barByGroup(groups, {
    id: 'requests-by-api-key',
    title: 'By key',
    labelKey: 'api_key_id',
    valueLabel: 'Requests',
    limit: 3,
  });
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  assert.equal(bars.y.length, 4);
  assert.equal(bars.y[0], 'Other (7 more)');
  assert.equal(bars.x[0], 97 + 96 + 95 + 94 + 93 + 92 + 91);
  assert.throws(
    () => barByGroup(groups, { id: 'a', title: 'b', labelKey: 'api_key_id', valueLabel: 'c', limit: 0 }),
    /invalid limit: 0/,
  );
});

const base = { id: 'requests-by-user', title: 'Requests by user', labelKey: 'user_id', valueLabel: 'Requests' };

function barsOf(fig: ReturnType<typeof barByGroup>): BarTrace {
  const bars = fig.data[0];
  assert.ok(bars?.type === 'bar');
  return bars;
}

test('bar by group: values and hover by hand, the subtitle totals every group, no legend', () => {
  const fig = barByGroup(userGroups, base);
  const bars = barsOf(fig);
  assert.deepEqual(bars.x, [40, 150, 800, 1_234]);
  assert.deepEqual(bars.customdata[3], ['user-abc', '1,234']);
  assert.equal(bars.hovertemplate, '%{customdata[0]}<br>Requests: %{customdata[1]}<extra></extra>');
  assert.deepEqual(bars.marker.color, ['#1f77b4', '#1f77b4', '#1f77b4', '#1f77b4']);
  assert.equal(fig.subtitle, 'Total: 2,224 · 4 users');
  assert.equal(fig.layout.showlegend, false);
  assert.equal(bars.showlegend, false);
  assert.equal(fig.layout.xaxis?.title?.text, 'Requests');
  assert.equal(fig.layout.height, 360, 'a short chart is still 360 px');
});

test('bar by group: 26 px a bar beyond the minimum height; "Other" grey at the bottom, the limit in the subtitle', () => {
  const groups = Array.from({ length: 40 }, (_, i) => ({ keys: { model: `m${i}` }, value: 1000 - i }));
  const fig = barByGroup(groups, { ...base, labelKey: 'model', limit: 30, color: '#123456' });
  const bars = barsOf(fig);
  assert.equal(bars.y.length, 31);
  assert.equal(fig.layout.height, 31 * 26 + 160);
  assert.equal(bars.y[0], 'Other (10 more)');
  assert.equal(bars.x[0], (970 + 961) * 5);
  assert.equal(Array.isArray(bars.marker.color) ? bars.marker.color[0] : '', '#bdbdbd');
  assert.equal(Array.isArray(bars.marker.color) ? bars.marker.color[30] : '', '#123456');
  assert.match(fig.subtitle ?? '', / · 40 models \(top 30 shown\)$/);
});

test('bar by group in money: the money axis with the value label and currency in its title', () => {
  const groups = [
    { keys: { project: 'a' }, value: 12.5 },
    { keys: { project: 'b' }, value: 0.25 },
  ];
  const usd = barByGroup(groups, { ...base, labelKey: 'project', valueLabel: 'Cost', valueFormat: 'currency' });
  assert.equal(usd.layout.xaxis?.title?.text, 'Cost (USD)');
  assert.equal(usd.layout.xaxis?.tickprefix, '$');
  assert.equal(usd.layout.xaxis?.tickformat, ',.0f');
  assert.deepEqual(barsOf(usd).customdata[0], ['b', '$0.25']);
  assert.equal(usd.subtitle, 'Total: $12.75 · 2 projects');
  const eur = barByGroup(groups, {
    ...base,
    labelKey: 'project',
    valueLabel: 'Cost',
    valueFormat: 'currency',
    currency: 'eur',
  });
  assert.equal(eur.layout.xaxis?.title?.text, 'Cost (EUR)');
  assert.equal(eur.layout.xaxis?.tickprefix, undefined);
  assert.equal(
    barByGroup([], { ...base, valueFormat: 'currency' }).layout.annotations?.[0]?.text,
    'No cost data for this range',
  );
  assert.equal(barByGroup([], base).layout.annotations?.[0]?.text, 'No usage data for this range');
});

test('bar by group with names: bars show names, hover the ID; a name shared by two IDs stays two bars', () => {
  const groups = [
    { keys: { user_id: 'user-aaaaaaaa11111111' }, value: 5 },
    { keys: { user_id: 'user-bbbbbbbb22222222' }, value: 3 },
    { keys: { user_id: 'user-cccccccc33333333' }, value: 1 },
  ];
  const names = new Map([
    ['user-aaaaaaaa11111111', 'ann@example.com'],
    ['user-bbbbbbbb22222222', 'ann@example.com'],
  ]);
  const bars = barsOf(barByGroup(groups, { ...base, names }));
  assert.deepEqual(bars.y, ['user-cccccccc33333333', 'ann@example.com (…22222222)', 'ann@example.com (…11111111)']);
  assert.equal(bars.customdata[2]?.[0], 'ann@example.com (…11111111)<br>ID: user-aaaaaaaa11111111');
  assert.equal(bars.customdata[0]?.[0], 'user-cccccccc33333333');
});

test('bar by group names a bad option', () => {
  assert.throws(() => barByGroup(userGroups, { ...base, id: '' }), /^Error: invalid figure id: ""$/);
  assert.throws(() => barByGroup(userGroups, { ...base, title: '\t' }), /^Error: invalid title: "\\t"$/);
  assert.throws(() => barByGroup(userGroups, { ...base, valueLabel: '' }), /^Error: invalid valueLabel: ""$/);
  assert.throws(() => barByGroup(userGroups, { ...base, limit: 2.5 }), /^Error: invalid limit: 2.5$/);
  assert.throws(() => barByGroup(userGroups, { ...base, labelKey: 'model' }), /^Error: invalid labelKey: "model"$/);
  assert.throws(
    () => barByGroup(userGroups, { ...base, valueFormat: 'currency', currency: 'usdollar' }),
    /^Error: invalid currency: "usdollar"$/,
  );
});

test('property: the bars add up to the total, at most limit + 1 of them, ascending so the largest is on top', () => {
  const group = fc.record({
    keys: fc.record({ api_key_id: fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `key_${i}`)) }),
    value: fc.integer({ min: 1, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(group, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 14 }), (groups, limit) => {
      const bars = barsOf(barByGroup(groups, { ...base, labelKey: 'api_key_id', limit }));
      const distinct = new Set(groups.map((g) => g.keys.api_key_id)).size;
      assert.equal(bars.y.length, distinct > limit ? limit + 1 : distinct);
      const x = bars.x.map(Number);
      assert.equal(
        x.reduce((a, v) => a + v, 0),
        groups.reduce((a, g) => a + g.value, 0),
      );
      const own = distinct > limit ? x.slice(1) : x;
      for (let i = 1; i < own.length; i++) assert.ok((own[i - 1] ?? 0) <= (own[i] ?? 0));
    }),
    { numRuns: 300 },
  );
});
