import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Anomaly } from '../../lib/insights/anomalies';
import { spendingProjects } from '../../lib/insights/day-spend';
import { anomalyRows, forecastSummary, incidentRows, projectForecastRows } from '../../lib/insights/export-rows';
import { forecastMonth } from '../../lib/insights/forecast';
import { forecastByProject } from '../../lib/insights/forecast-by-project';
import { groupIncidents } from '../../lib/insights/incidents';

const spike: Anomaly = {
  date: '2026-01-10',
  scope: 'organization',
  key: 'all',
  metric: 'spend',
  value: 500,
  baseline: 100,
  score: 40,
  ratio: 5,
  explanation: 'spend 5.0× its usual',
};

test('anomaly rows are the columns docs/notebooks.md promises, in that order, values untouched', () => {
  const [row] = anomalyRows([spike]);
  assert.deepEqual(Object.keys(row ?? {}), ['date', 'scope', 'key', 'metric', 'value', 'baseline', 'score']);
  assert.deepEqual(row, {
    date: '2026-01-10',
    scope: 'organization',
    key: 'all',
    metric: 'spend',
    value: 500,
    baseline: 100,
    score: 40,
  });
});

test('incident rows: the summary sentence, dollars from the usual to the cent, and how many series', () => {
  const project: Anomaly = { ...spike, scope: 'project', key: 'p1', value: 400.126, baseline: 50 };
  const rows = incidentRows(groupIncidents([spike, project], { names: new Map([['p1', 'Search']]) }));
  assert.equal(rows.length, 1);
  // The organization's departure (500 − 100) already holds its project's: not added twice.
  assert.deepEqual(
    { ...rows[0], incident: undefined },
    { date: '2026-01-10', incident: undefined, spend_vs_usual: 400, series: 2 },
  );
  assert.match(rows[0]?.incident ?? '', /Search/);
  assert.equal(incidentRows(groupIncidents([project]))[0]?.spend_vs_usual, 350.13);
});

test('the forecast summary and project rows leave out the per-day series and the method, keys in a fixed order', () => {
  const days = Array.from({ length: 40 }, (_, i) => ({
    date: new Date(Date.UTC(2025, 11, 1 + i)).toISOString().slice(0, 10),
    project_id: i % 2 === 0 ? 'p1' : null,
    amount: 10,
  }));
  const f = forecastMonth(days, { asOf: '2026-01-10', budget: { amount: 100, source: 'parameter' } });
  const summary = forecastSummary(f);
  assert.deepEqual(Object.keys(summary), [
    'month',
    'spent_to_date_usd',
    'forecast_usd',
    'low_usd',
    'high_usd',
    'budget_usd',
    'budget_source',
    'crosses_budget_on',
  ]);
  assert.deepEqual(summary, Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'days' && k !== 'method')));
  const perProject = forecastByProject(days, { asOf: '2026-01-10' }, { p1: 50 });
  const rows = projectForecastRows(perProject);
  assert.deepEqual(
    rows.map((r) => [r.project_id, r.forecast_usd, r.budget_usd]),
    perProject.map((p) => [p.project_id, p.forecast_usd, p.budget_usd]),
  );
  assert.ok(rows.every((r) => !('days' in r) && !('method' in r) && !('budget_source' in r)));
  assert.deepEqual(spendingProjects(days), ['p1']);
});

test('rows of several organizations start with organization_id and organization; of one, they have neither', () => {
  const tagged = { organization_id: 'org-acme', organization: 'acme' };
  const [row] = anomalyRows([{ ...tagged, ...spike }]);
  assert.deepEqual(Object.keys(row ?? {}).slice(0, 3), ['organization_id', 'organization', 'date']);
  assert.deepEqual(Object.keys(anomalyRows([spike])[0] ?? {}), [
    'date',
    'scope',
    'key',
    'metric',
    'value',
    'baseline',
    'score',
  ]);
  const [incident] = incidentRows(groupIncidents([{ ...spike, ...tagged }]));
  assert.deepEqual(
    [incident?.organization_id, incident?.organization, Object.keys(incident ?? {})[0]],
    ['org-acme', 'acme', 'organization_id'],
  );
  const days = Array.from({ length: 14 }, (_, i) => ({
    ...tagged,
    date: `2026-01-${String(i + 1).padStart(2, '0')}`,
    project_id: 'p',
    amount: 1,
  }));
  const [forecast] = projectForecastRows(forecastByProject(days, { asOf: '2026-01-15' }));
  assert.deepEqual(Object.keys(forecast ?? {}).slice(0, 3), ['organization_id', 'organization', 'project_id']);
  assert.deepEqual(
    Object.keys(
      projectForecastRows(
        forecastByProject(
          days.map(({ date, project_id, amount }) => ({ date, project_id, amount })),
          { asOf: '2026-01-15' },
        ),
      )[0] ?? {},
    )[0],
    'project_id',
  );
});
