import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OTHER_THRESHOLD, foldOther } from '../../lib/frames/fold-other';

const items = [
  { n: 'a', v: 60 },
  { n: 'b', v: 30 },
  { n: 'c', v: 6 },
  { n: 'd', v: 3 },
  { n: 'e', v: 1 },
];
const names = (xs: readonly { n: string }[]): string => xs.map((x) => x.n).join('');
const v = (x: { v: number }): number => x.v;

test('by share: items under the threshold fold, order kept, totals summed', () => {
  const f = foldOther(items, v, { threshold: OTHER_THRESHOLD });
  assert.deepEqual([names(f.kept), names(f.folded), f.foldedTotal, f.total], ['abc', 'de', 4, 100]);
  assert.equal(names(foldOther(items, v, { threshold: 0.07 }).folded), 'cde');
  assert.equal(names(foldOther(items, v).folded), '', 'no rule, nothing folds');
});

test('by count: everything after the first `keep` folds; both rules combine', () => {
  assert.deepEqual(names(foldOther(items, v, { keep: 2 }).folded), 'cde');
  assert.deepEqual(names(foldOther(items, v, { keep: 4, threshold: 0.05 }).folded), 'de');
});

test('fewer than minFolded folded items are kept as they are', () => {
  const one = foldOther(items, v, { threshold: 0.02, minFolded: 2 });
  assert.deepEqual([names(one.kept), names(one.folded), one.foldedTotal], ['abcde', '', 0]);
  assert.equal(names(foldOther(items, v, { threshold: 0.05, minFolded: 2 }).folded), 'de');
});

test('bad rules fail early, with the value', () => {
  assert.throws(
    () => foldOther(items, v, { threshold: 1.5 }),
    /^RangeError: invalid threshold: 1\.5 \(a share from 0 to 1\)$/,
  );
  assert.throws(() => foldOther(items, v, { keep: -1 }), /invalid keep: -1/);
  assert.throws(() => foldOther(items, v, { minFolded: 0 }), /invalid minFolded: 0/);
});
