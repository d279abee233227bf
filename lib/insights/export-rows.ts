import { organizationTagOf } from '../catalogue/index';
import { organizationFields } from './organization-parts';
import type { Anomaly } from './anomalies';
import type { MonthForecast } from './forecast';
import type { ProjectForecast } from './forecast-by-project';
import type { Incident } from './incidents';

// What the exports and tables of notebook 04 show of each insight: the columns the docs promise (docs/notebooks.md),
// without the chart's inputs (forecast days, method) and the prose kept for hovers (anomaly explanation). Type
// aliases, not interfaces: only those are records that showTable and writeExports accept.

/** One row of `anomalies.csv`: an anomaly without its ratio and explanation. */
export type AnomalyRow = Pick<
  Anomaly,
  'organization_id' | 'organization' | 'date' | 'scope' | 'key' | 'metric' | 'value' | 'baseline' | 'score'
>;

/**
 * The anomalies as rows of `anomalies.csv` (date, scope, key, metric, value, baseline, score); of several
 * organizations, `organization_id` and `organization` first.
 * @example writeExports(env.outDir, { frames: { anomalies: anomalyRows(anomalies) } })
 */
export function anomalyRows(anomalies: readonly Anomaly[]): AnomalyRow[] {
  return anomalies.map((a) => ({
    ...organizationFields(organizationTagOf(a)),
    date: a.date,
    scope: a.scope,
    key: a.key,
    metric: a.metric,
    value: a.value,
    baseline: a.baseline,
    score: a.score,
  }));
}

/** One line of the incidents table: the day, the sentence, the dollars away from the usual, how many series. */
export type IncidentRow = {
  /** The organization's ID and name: present for incidents of several organizations (each of one). */
  organization_id?: string;
  organization?: string;
  date: string;
  incident: string;
  /** Spend above (+) or below (−) the usual, rounded to cents. */
  spend_vs_usual: number;
  series: number;
};

/**
 * Incidents as table rows, in their order (largest first); of several organizations, `organization_id` and
 * `organization` first (an incident's members are all of its lead's organization).
 * @example showTable(incidentRows(groupIncidents(anomalies)), { limit: 10, title: 'Largest incidents' })
 */
export function incidentRows(incidents: readonly Incident[]): IncidentRow[] {
  return incidents.map((i) => ({
    ...organizationFields(organizationTagOf(i.lead)),
    date: i.date,
    incident: i.summary,
    spend_vs_usual: Math.round(i.excess * 100) / 100,
    series: i.anomalies.length,
  }));
}

/** `forecast.json`: the month's forecast without its per-day series and method (those draw the chart). */
export type ForecastSummary = Omit<MonthForecast, 'days' | 'method'>;

/**
 * The forecast as `forecast.json` holds it, keys in a fixed order.
 * @example writeExports(env.outDir, { json: { forecast: forecastSummary(forecast) } })
 */
export function forecastSummary(f: MonthForecast): ForecastSummary {
  return {
    month: f.month,
    spent_to_date_usd: f.spent_to_date_usd,
    forecast_usd: f.forecast_usd,
    low_usd: f.low_usd,
    high_usd: f.high_usd,
    budget_usd: f.budget_usd,
    budget_source: f.budget_source,
    crosses_budget_on: f.crosses_budget_on,
  };
}

/** One line of the per-project forecast table. */
export type ProjectForecastRow = {
  /** The organization's ID and name: present for forecasts of several organizations. */
  organization_id?: string;
  organization?: string;
  project_id: string | null;
  spent_to_date_usd: number;
  forecast_usd: number;
  low_usd: number;
  high_usd: number;
  budget_usd: number | null;
  crosses_budget_on: string | null;
};

/**
 * Project forecasts as table rows, in their order (largest forecast first); of several organizations,
 * `organization_id` and `organization` first.
 * @example showTable(projectForecastRows(forecastByProject(projectDays, { asOf })), { title: 'Forecast per project' })
 */
export function projectForecastRows(forecasts: readonly ProjectForecast[]): ProjectForecastRow[] {
  return forecasts.map((f) => ({
    ...organizationFields(organizationTagOf(f)),
    project_id: f.project_id,
    spent_to_date_usd: f.spent_to_date_usd,
    forecast_usd: f.forecast_usd,
    low_usd: f.low_usd,
    high_usd: f.high_usd,
    budget_usd: f.budget_usd,
    crosses_budget_on: f.crosses_budget_on,
  }));
}
