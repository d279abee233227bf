import { formatCurrency } from '../charts/format';
import { costTable } from '../frames/cost-table';
import { usageTable } from '../frames/usage-table';
import { detectAnomalies, type AnomalyMetric } from '../insights/anomalies';
import { anomalyPoints } from '../insights/anomaly-points';
import { daySpend } from '../insights/day-spend';
import { forecastMonth } from '../insights/forecast';
import type { AnomalyLine, DashboardInsights, InsightsInput, InsightsView } from './insights-hook';

const METRIC_WORDS: Readonly<Record<AnomalyMetric, string>> = {
  spend: 'spend',
  requests: 'requests',
  input_tokens: 'input tokens',
  output_tokens: 'output tokens',
};
/** forecastMonth's own minimum: fewer complete days and it refuses, so the panel shows no forecast instead. */
const MIN_FORECAST_DAYS = 7;
const DAY = 86_400;
/** Trailing days the weekday profile comes from: forecastMonth's default 4 weeks. */
const TRAILING_DAYS = 28;

/**
 * The forecast part of the panel: forecastMonth over the spend of the month so far (and the trailing weeks before
 * it), whatever range is on show, for the projects picked. Null while the source has too little of it.
 */
export async function forecastLine(input: InsightsInput): Promise<InsightsView['forecast']> {
  const today = Math.floor(input.now / 1000 / DAY) * DAY;
  const asOf = new Date(today * 1000).toISOString().slice(0, 10);
  const monthStart = Date.parse(`${asOf.slice(0, 7)}-01T00:00:00Z`) / 1000;
  const range = { start: Math.min(monthStart, today - TRAILING_DAYS * DAY), end: today + DAY };
  const costs = await input.source.costBuckets(range, { projectIds: input.params.projectIds });
  const spend = daySpend(costTable(costs));
  const complete = [...new Set(spend.filter((d) => d.date < asOf).map((d) => d.date))].sort();
  const first = `${asOf.slice(0, 7)}-01`;
  if (complete.length < MIN_FORECAST_DAYS || (asOf > first && (complete[0] ?? asOf) > first)) return null;
  const f = forecastMonth(spend, { asOf });
  const month = new Date(`${f.month}-01T00:00:00Z`).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  const money = (v: number): string => formatCurrency(v, input.currency);
  return {
    label: `Forecast for ${month} (month end)`,
    value: money(f.forecast_usd),
    detail: `${money(f.spent_to_date_usd)} spent so far; 80% band ${money(f.low_usd)} to ${money(f.high_usd)}`,
  };
}

/** The anomalies part of the panel: detectAnomalies over the view's usage and cost rows, as plain text. */
export function anomalyLines(input: InsightsInput): AnomalyLine[] {
  const points = anomalyPoints(usageTable('completions', input.usage), costTable(input.costs));
  return detectAnomalies(points).map((a) => ({
    when: a.date,
    what: `${METRIC_WORDS[a.metric]} of ${a.scope === 'organization' ? 'the organization' : `${a.scope} ${a.key}`}`,
    detail: a.explanation,
  }));
}

/**
 * The dashboard's insights panel from lib/insights: a month-end forecast (forecastMonth) and the unusual days
 * (detectAnomalies) of the rows on show.
 * @example startDashboard({ source, insights: dashboardInsights() })
 */
export function dashboardInsights(): DashboardInsights {
  return {
    view: async (input) => ({ forecast: await forecastLine(input), anomalies: anomalyLines(input), figures: [] }),
  };
}
