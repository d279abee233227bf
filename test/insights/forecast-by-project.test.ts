import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forecastByProject } from '../../lib/insights/forecast-by-project';
import { series, weekdayTen } from './day-series';

test('per project, against project spend limits, each project zero-filled', () => {
  const a = series('2025-12-01', '2026-01-14', weekdayTen).map((d) => ({ ...d, project_id: 'proj_a' }));
  const b = [{ date: '2026-01-05', amount: 7, project_id: 'proj_b' }];
  const [fa, fb] = forecastByProject([...a, ...b], { asOf: '2026-01-15' }, { proj_a: 150 });
  assert.deepEqual([fa?.project_id, fa?.forecast_usd, fa?.crosses_budget_on], ['proj_a', 238, '2026-01-20']);
  // proj_b spent $7 on one Monday in the last 4 weeks: $7 / 4 per remaining Monday (Jan 19, 26).
  assert.equal(fb?.project_id, 'proj_b');
  assert.ok(Math.abs((fb?.forecast_usd ?? NaN) - (7 + (2 * 7) / 4)) < 1e-9);
});

test('a project limit that is no positive amount is refused, naming the project', () => {
  const spend = [{ date: '2026-01-05', amount: 7, project_id: 'proj_b' }];
  assert.throws(
    () => forecastByProject(spend, { asOf: '2026-01-15' }, { proj_b: -1 }),
    /^RangeError: invalid spend limit of proj_b: -1 /,
  );
});
