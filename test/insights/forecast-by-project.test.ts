import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forecastByProject } from '../../lib/insights/forecast-by-project';
import { series, weekdayTen } from './day-series';
import fc from 'fast-check';
import { projectDaySpend } from '../../lib/insights/day-spend';
import { forecastMonth } from '../../lib/insights/forecast';
import { alone, assertKeptApart, merged, organizationData, type OrganizationData } from './two-organizations';

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

test("several organizations with the same project IDs: each organization's projects apart, as it alone gives them", () => {
  const options = { asOf: '2026-01-10' };
  const limits = { proj_1: 40 };
  // Every day has some spend (the forecast needs 7 complete days); the rest is random.
  const daily = (data: OrganizationData): OrganizationData => ({
    ...data,
    costs: data.costs.map((b) => ({
      ...b,
      results: [
        ...b.results,
        {
          object: 'organization.costs.result' as const,
          amount: { value: 1, currency: 'usd' },
          line_item: 'web search tool calls',
          project_id: 'proj_1',
        },
      ],
    })),
  });
  fc.assert(
    fc.property(organizationData(35).map(daily), organizationData(35).map(daily), (acme, globex) => {
      const spend = projectDaySpend(merged(acme, globex).costs);
      const own = [acme, globex].map((data) => projectDaySpend(alone(data).costs));
      const got = forecastByProject(spend, options, limits);
      assertKeptApart(
        got,
        own.map((rows) => forecastByProject(rows, options, limits)),
      );
      const forecasts = got.map((f) => f.forecast_usd);
      assert.deepEqual(
        forecasts,
        [...forecasts].sort((a, b) => b - a),
      );
      // The month's forecast is of both organizations' summed spend.
      const total = forecastMonth(spend, options);
      const summed = forecastMonth([...(own[0] ?? []), ...(own[1] ?? [])], options);
      const close = (a: number, b: number): boolean =>
        (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      assert.ok(close(total.forecast_usd, summed.forecast_usd), `${total.forecast_usd} vs ${summed.forecast_usd}`);
      assert.ok(close(total.spent_to_date_usd, summed.spent_to_date_usd));
    }),
    { numRuns: 40 },
  );
});

test('an organization with a few days beside one with weeks: forecast over the read days, its missing days $0, never refused', () => {
  const tag = (organization_id: string) => ({ organization_id, organization: organization_id });
  const old = series('2025-12-01', '2026-01-14', weekdayTen).map((d) => ({
    ...d,
    project_id: 'proj_a',
    ...tag('org-old'),
  }));
  // Added yesterday: two days of spend only (alone, the forecast needs 7 complete days and refuses).
  const added = [
    { date: '2026-01-13', amount: 5, project_id: 'proj_b', ...tag('org-new') },
    { date: '2026-01-14', amount: 5, project_id: 'proj_b', ...tag('org-new') },
  ];
  assert.throws(() => forecastByProject(added, { asOf: '2026-01-15' }), /needs at least 7/);
  const got = forecastByProject([...old, ...added], { asOf: '2026-01-15' });
  const newOne = got.find((f) => f.project_id === 'proj_b');
  // The same as its days zero-filled over the read's days, computed by forecastMonth directly.
  const zeroFilled = series('2025-12-01', '2026-01-14', () => 0).map((d) =>
    d.date === '2026-01-13' || d.date === '2026-01-14' ? { ...d, amount: 5 } : d,
  );
  assert.equal(newOne?.organization_id, 'org-new');
  assert.equal(newOne?.forecast_usd, forecastMonth(zeroFilled, { asOf: '2026-01-15', budget: null }).forecast_usd);
});
