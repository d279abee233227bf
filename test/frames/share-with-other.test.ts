import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  OTHER_LABEL,
  UNGROUPED,
  requestsByProject,
  shareWithOther,
  usageTable,
  type GroupSum,
} from '../../lib/frames/index';
import { GROUPED_USAGE, HOSTILE } from './fixtures';

const group = (model: string | null, value: number): { keys: Record<string, string | null>; value: number } => ({
  keys: { model },
  value,
});

test('slices under the threshold fold into one Other slice; zero and negative groups are dropped', () => {
  const split = shareWithOther(
    [group('a', 60), group('b', 30), group('c', 6), group('d', 4), group('e', 0), group('f', -3)],
    'model',
    0.05,
  );
  assert.equal(split.total, 100);
  assert.deepEqual(
    split.main.map((s) => [s.label, s.value, s.share]),
    [
      ['a', 60, 0.6],
      ['b', 30, 0.3],
      ['c', 6, 0.06],
      [OTHER_LABEL, 4, 0.04],
    ],
  );
  assert.deepEqual(
    split.other.map((s) => s.label),
    ['d'],
  );
  assert.equal(split.otherTotal, 4);
});

test('a bad threshold or a label key the groups lack is an error naming it', () => {
  assert.throws(() => shareWithOther([group('a', 1)], 'model', 1.5), /^RangeError: invalid threshold: 1.5$/);
  assert.throws(() => shareWithOther([group('a', 1)], 'project_id'), /^TypeError: invalid labelKey: "project_id"$/);
});

test('property: main and other add up to the total, every kept slice is at or above the threshold', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 12, maxLength: 12 }),
      fc.double({ min: 0, max: 0.5, noNaN: true }),
      (labels, values, threshold) => {
        const groups = labels.map((l, i) => group(l, values[i] ?? 1));
        const total = groups.reduce((a, g) => a + g.value, 0);
        const split = shareWithOther(groups, 'model', threshold);
        assert.equal(split.total, total);
        const mainSum = split.main.reduce((a, s) => a + s.value, 0);
        assert.equal(mainSum, total);
        assert.equal(
          split.other.reduce((a, s) => a + s.value, 0),
          split.otherTotal,
        );
        // Every slice under the threshold is folded, into the one Other slice; the rest are kept as they are.
        const small = groups.filter((g) => g.value / total < threshold).map((g) => g.keys['model']);
        assert.deepEqual(split.other.map((s) => s.label).sort(), [...small].sort());
        const kept = split.main.filter((s) => !(split.other.length > 0 && s.label === OTHER_LABEL));
        assert.equal(kept.length, groups.length - small.length);
        for (const s of kept) assert.ok(s.value / total >= threshold, `${s.label} kept`);
      },
    ),
  );
});

test('shareWithOther folds slices under the threshold into "Other" and drops zero groups like the seed', () => {
  const groups: GroupSum[] = [
    { keys: { p: 'a' }, value: 90 },
    { keys: { p: 'b' }, value: 6 },
    { keys: { p: null }, value: 3 },
    { keys: { p: 'd' }, value: 1 },
    { keys: { p: 'z' }, value: 0 },
  ];
  const s = shareWithOther(groups, 'p');
  assert.equal(s.total, 100);
  assert.deepEqual(
    s.main.map((x) => [x.label, x.value]),
    [
      ['a', 90],
      ['b', 6],
      ['Other', 4],
    ],
  );
  assert.deepEqual(
    s.other.map((x) => [x.label, x.share]),
    [
      [UNGROUPED, 0.03],
      ['d', 0.01],
    ],
  );
  assert.equal(s.otherTotal, 4);
  assert.equal(shareWithOther(groups, 'p', 0).other.length, 0);
  assert.throws(() => shareWithOther(groups, 'p', 2), /invalid threshold: 2/);
  const byProject = requestsByProject(usageTable('completions', GROUPED_USAGE));
  assert.equal(
    byProject.total,
    GROUPED_USAGE.flatMap((b) => b.results).reduce((s2, x) => s2 + x.num_model_requests, 0),
  );
  assert.ok(byProject.other.some((x) => x.label === HOSTILE));
});
