import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY_NULL, METHOD_COUNT, PROJECT_NULL, RowSums, USER_NULL } from '../../lib/insights/allocation-rows';
import { tupleKey } from '../../lib/insights/tuple-key';

const identity = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
const ranks = { day: identity(10), project: identity(10), key: identity(10), user: identity(10) };

test('a slot per day, project, key and user; costs added in order, the first one naming the row', () => {
  const sums = new RowSums(tupleKey([10, 10, 10, 10]), 1);
  const a = sums.slot(1, 2, 3, 4);
  assert.equal(sums.slot(1, 2, 3, 4), a);
  const b = sums.slot(1, 2, 3, 5);
  assert.notEqual(b, a);
  sums.add(a, 1, 0.1, PROJECT_NULL);
  sums.add(a, 1, 0.2, 0);
  sums.add(a, 0, 5, KEY_NULL | USER_NULL);
  const { cost, nulls, day, user } = sums.columns();
  assert.equal(cost[a * METHOD_COUNT + 1], 0.1 + 0.2);
  assert.equal((nulls[a * METHOD_COUNT + 1] ?? 0) & PROJECT_NULL, PROJECT_NULL, 'the first cost names the row');
  assert.equal((nulls[a * METHOD_COUNT] ?? 0) & (KEY_NULL | USER_NULL), KEY_NULL | USER_NULL);
  assert.equal(day[b], 1);
  assert.equal(user[b], 5);
});

test('many slots (the columns grow): every slot keeps its numbers and costs', () => {
  const sums = new RowSums(tupleKey([10, 10, 10, 10]), 1);
  for (let d = 0; d < 10; d++) for (let u = 0; u < 10; u++) sums.add(sums.slot(d, 0, 0, u), 2, d * 10 + u, 0);
  const { cost, day, user } = sums.columns();
  for (let d = 0; d < 10; d++)
    for (let u = 0; u < 10; u++) {
      const s = sums.slot(d, 0, 0, u);
      assert.deepEqual([day[s], user[s], cost[s * METHOD_COUNT + 2]], [d, u, d * 10 + u]);
    }
  assert.deepEqual(
    sums.days().sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});

test('sorted: by day, method, project, key and user rank; rows of no cost only for the method kept always', () => {
  const sums = new RowSums(tupleKey([10, 10, 10, 10]), 4);
  const late = sums.slot(2, 0, 0, 0);
  const early = sums.slot(1, 5, 5, 5);
  const other = sums.slot(1, 5, 5, 4);
  sums.add(late, 0, 1, 0);
  sums.add(early, 1, 1, 0);
  sums.add(early, 0, 1, 0);
  sums.add(other, 0, 1, 0);
  sums.add(other, 2, 0, 0); // no cost, kept (method 2 always)
  sums.add(late, 1, 0, 0); // no cost, dropped
  const rows = (order: Int32Array | number[]): number[][] =>
    Array.from(order, (r) => [Math.floor(r / METHOD_COUNT), r % METHOD_COUNT]);
  assert.deepEqual(rows(sums.sorted(ranks, 2)), [
    [other, 0],
    [early, 0],
    [early, 1],
    [other, 2],
    [late, 0],
  ]);
  // Ranks decide, not numbers: users ranked in reverse put user 5 before user 4.
  const reversed = { ...ranks, user: Int32Array.from(identity(10), (i) => 9 - i) };
  assert.deepEqual(rows(sums.sorted(reversed, 2)).slice(0, 2), [
    [early, 0],
    [other, 0],
  ]);
  assert.deepEqual(rows(sums.inAddedOrder(2)), [
    [late, 0],
    [early, 1],
    [early, 0],
    [other, 0],
    [other, 2],
  ]);
});
