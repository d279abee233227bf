import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costBy } from '../../lib/frames/cost-by';
import { costTable } from '../../lib/frames/cost-table';
import { BUCKETS, bucket, cost } from './cost-buckets';
import { COSTS, HOSTILE, P2 } from './fixtures';

test('costBy: the total per value of a dimension, largest first; an unknown dimension is refused naming it', () => {
  const table = costTable(BUCKETS);
  assert.deepEqual(
    costBy(table, 'project_id').map((g) => [g.keys['project_id'], Math.round(g.value * 100) / 100]),
    [
      ['proj_a', 4.35],
      ['proj_b', 0.7],
    ],
  );
  assert.deepEqual(
    costBy(table, 'line_item').map((g) => g.keys['line_item']),
    ['gpt-4o, output', 'gpt-4o, input'],
  );
  assert.throws(
    () => costBy(table, 'model' as 'project_id'),
    /^TypeError: invalid dimension: "model" \(expected one of /,
  );
});

test('a table of several currencies is refused (byCurrency splits it first)', () => {
  const mixed = costTable([bucket(0, [cost(1, 'p', 'x'), cost(1, 'p', 'x', 'eur')])]);
  assert.throws(() => costBy(mixed, 'project_id'), /costBy/);
});

test('costBy sums per project with hostile names kept as data', () => {
  const groups = costBy(costTable(COSTS), 'project_id');
  assert.equal(groups[0]?.keys['project_id'], P2);
  assert.equal(groups[0]?.value, 12.5);
  assert.equal(groups.find((g) => g.keys['project_id'] === HOSTILE)?.value, 0);
  assert.throws(() => costBy(costTable(COSTS), 'model' as 'line_item'), /invalid dimension: "model"/);
});
