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
  // One row per day, its rows summed by hand: the same rows the API's ungrouped costs give.
  assert.deepEqual(daySpend(table), [
    { date: '2026-11-01', amount: 1.25 + 0.5 },
    { date: '2026-11-03', amount: 3 + 0.1 + 0.2 },
  ]);
  assert.deepEqual(daySpend(costTable([])), []);
});

test('daySpend of a grouped table equals daySpend of the same costs ungrouped (one row per day)', () => {
  fc.assert(
    fc.property(organizationData(3), (data) => {
      const rows = daySpend(alone(data).costs);
      const ungrouped = new Map<string, number>();
      for (const b of data.costs)
        for (const r of b.results) {
          const date = new Date(b.start_time * 1000).toISOString().slice(0, 10);
          ungrouped.set(date, (ungrouped.get(date) ?? 0) + Number(r.amount?.value ?? 0));
        }
      assert.deepEqual(
        rows.map((r) => r.date),
        [...ungrouped.keys()],
      );
      for (const r of rows)
        assert.ok(Math.abs(r.amount - (ungrouped.get(r.date) ?? NaN)) <= 1e-9 * Math.max(1, r.amount));
    }),
    { numRuns: 40 },
  );
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
