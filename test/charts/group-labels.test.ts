import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { groupLabels, nullLabel } from '../../lib/charts/group-labels';
import { userGroups } from './sample-data';

test('sums the groups of one label, largest first; a null user is said to be a service-account key', () => {
  assert.deepEqual(groupLabels(userGroups, 'user_id'), [
    { label: 'user-abc', value: 1_200 + 34 },
    { label: 'user-def', value: 800 },
    { label: '(no user: service-account keys)', value: 150 },
    { label: '</script><img src=x onerror=alert(1)>&amp;<b>bold</b>', value: 40 },
  ]);
});

test('a null key of another dimension reads "(none)", the frames\' own label; ties go by label', () => {
  assert.equal(nullLabel('model'), '(none)');
  assert.equal(nullLabel('user_id'), '(no user: service-account keys)');
  const groups = [
    { keys: { model: 'b', project_id: 'p' }, value: 5 },
    { keys: { model: null, project_id: 'p' }, value: 5 },
    { keys: { model: 'a', project_id: 'q' }, value: 5 },
    { keys: { model: 'c', project_id: 'q' }, value: 7 },
  ];
  assert.deepEqual(groupLabels(groups, 'model'), [
    { label: 'c', value: 7 },
    { label: '(none)', value: 5 },
    { label: 'a', value: 5 },
    { label: 'b', value: 5 },
  ]);
  assert.deepEqual(groupLabels(groups, 'project_id'), [
    { label: 'q', value: 12 },
    { label: 'p', value: 10 },
  ]);
});

test('no groups, no labels; negative and zero sums are kept (the charts decide what to draw)', () => {
  assert.deepEqual(groupLabels([], 'model'), []);
  assert.deepEqual(
    groupLabels(
      [
        { keys: { model: 'a' }, value: 3 },
        { keys: { model: 'a' }, value: -3 },
        { keys: { model: 'b' }, value: -1 },
      ],
      'model',
    ),
    [
      { label: 'a', value: 0 },
      { label: 'b', value: -1 },
    ],
  );
});

test('a label key the groups lack, a bad key or a value that is not finite is named', () => {
  assert.throws(() => groupLabels(userGroups, 'model'), /^Error: invalid labelKey: "model"$/);
  assert.throws(() => groupLabels(userGroups, ''), /^Error: invalid labelKey: ""$/);
  assert.throws(() => groupLabels(null as never, 'model'), /^Error: invalid groups: null$/);
  assert.throws(
    () => groupLabels([{ keys: { model: 'a' }, value: Number.NaN }], 'model'),
    /^Error: invalid group value: NaN$/,
  );
  assert.throws(
    () => groupLabels([{ keys: { model: 'a' }, value: Infinity }], 'model'),
    /^Error: invalid group value: Infinity$/,
  );
});

test('a label named like an Object property is an ordinary label', () => {
  const groups = [
    { keys: { model: '__proto__' }, value: 2 },
    { keys: { model: 'constructor' }, value: 1 },
    { keys: { model: '__proto__' }, value: 2 },
  ];
  assert.deepEqual(groupLabels(groups, 'model'), [
    { label: '__proto__', value: 4 },
    { label: 'constructor', value: 1 },
  ]);
});

test('property: every label once, each the sum of its groups (counted apart), sorted by value then label', () => {
  const group = fc.record({
    keys: fc.record({ model: fc.option(fc.constantFrom('a', 'b', 'c', '(none)', 'Other'), { nil: null }) }),
    value: fc.integer({ min: -1000, max: 1000 }),
  });
  fc.assert(
    fc.property(fc.array(group, { maxLength: 40 }), (groups) => {
      const out = groupLabels(groups, 'model');
      assert.equal(new Set(out.map((g) => g.label)).size, out.length);
      for (const { label, value } of out) {
        const expected = groups
          .filter((g) => (g.keys.model ?? '(none)') === label)
          .reduce((acc, g) => acc + g.value, 0);
        assert.equal(value, expected, label);
      }
      const present = new Set(groups.map((g) => g.keys.model ?? '(none)'));
      assert.deepEqual(new Set(out.map((g) => g.label)), present);
      for (let i = 1; i < out.length; i++) {
        const [a, b] = [out[i - 1], out[i]];
        assert.ok(a !== undefined && b !== undefined);
        assert.ok(a.value > b.value || (a.value === b.value && a.label < b.label), `${a.label} before ${b.label}`);
      }
    }),
    { numRuns: 300 },
  );
});
