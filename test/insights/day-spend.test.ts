import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costTable } from '../../lib/frames/index';
import { daySpend, projectDaySpend } from '../../lib/insights/day-spend';
import { BUCKETS } from '../frames/cost-buckets';
import { alone, assertKeptApart, merged, organizationData } from './two-organizations';
import fc from 'fast-check';

test('each costs row as its UTC day (and project) and amount, in table order', () => {
  const table = costTable(BUCKETS);
  assert.deepEqual(projectDaySpend(table), [
    { date: '2026-11-01', project_id: 'proj_a', amount: 1.25 },
    { date: '2026-11-01', project_id: 'proj_b', amount: 0.5 },
    { date: '2026-11-03', project_id: 'proj_a', amount: 3 },
    { date: '2026-11-03', project_id: 'proj_a', amount: 0.1 },
    { date: '2026-11-03', project_id: 'proj_b', amount: 0.2 },
  ]);
  assert.deepEqual(
    daySpend(table),
    projectDaySpend(table).map(({ date, amount }) => ({ date, amount })),
  );
  assert.deepEqual(daySpend(costTable([])), []);
});

test('costs of several organizations: each row with its organization first, as each alone gives them', () => {
  fc.assert(
    fc.property(organizationData(3), organizationData(3), (acme, globex) => {
      const expected = [acme, globex].map((data) => projectDaySpend(alone(data).costs));
      assertKeptApart(projectDaySpend(merged(acme, globex).costs), expected);
    }),
    { numRuns: 40 },
  );
});
