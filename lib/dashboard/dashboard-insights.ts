import { formatCount, formatCurrency } from '../charts/index';
import { costTable, usageTable } from '../frames/index';
import {
  detectAnomalies,
  METRIC_WORDS,
  anomalyPoints,
  daySpend,
  groupIncidents,
  forecastMonth,
} from '../insights/index';
import { utcDate, utcDateStart } from '../shared/index';
import type { AnomalyLine, DashboardInsights, InsightsInput, InsightsView } from './insights-hook';

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
  const asOf = utcDate(today);
  const monthStart = utcDateStart(`${asOf.slice(0, 7)}-01`);
  const range = { start: Math.min(monthStart, today - TRAILING_DAYS * DAY), end: today + DAY };
  const costs = await input.source.costBuckets(range, {
    organizationIds: input.params.organizationIds,
    projectIds: input.params.projectIds,
  });
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

/** Incidents the panel lists; the rest are counted ("and N more"). */
const SHOWN_INCIDENTS = 5;

/** detectAnomalies' default window: the baseline of a day comes from this many days before it. */
const BASELINE_DAYS = 28;
/** Fewer complete days and hardly any day has the 4 same-type days before it that detectAnomalies needs. */
const MIN_HISTORY_DAYS = 14;

/**
 * The anomalies part of the panel: detectAnomalies over the view's complete UTC days (the open day is never judged
 * against whole days), each judged against the weeks before it even when they are outside the range shown, grouped
 * into incidents (groupIncidents), largest first, projects by name with IDs on hover.
 */
export async function anomalyLines(
  input: InsightsInput,
): Promise<{ lines: AnomalyLine[]; more: number; note?: string }> {
  const { params, source } = input;
  const range = { start: params.range.start - BASELINE_DAYS * DAY, end: params.range.end };
  const [usage, costs] = await Promise.all([
    source.usageBuckets(range, {
      organizationIds: params.organizationIds,
      projectIds: params.projectIds,
      models: params.models,
    }),
    source.costBuckets(range, { organizationIds: params.organizationIds, projectIds: params.projectIds }),
  ]);
  const points = anomalyPoints(usageTable('completions', usage), costTable(costs), { now: input.now });
  const names = input.names ?? new Map<string, string>();
  const shown = detectAnomalies(points).filter((a) => a.date >= params.from && a.date <= params.to);
  // detectAnomalies judges a day only with 4 same-type days before it: say so rather than "no anomalies".
  const history = new Set(points.map((p) => p.date)).size;
  const incidents = groupIncidents(shown, { names });
  const money = (v: number): string => formatCurrency(v, input.currency);
  const lines = incidents.slice(0, SHOWN_INCIDENTS).map((incident) => {
    const spend = incident.anomalies.find((a) => a.metric === 'spend' && a.value - a.baseline === incident.excess);
    const { lead } = incident;
    const away =
      spend !== undefined
        ? `${money(spend.value)} against a usual ${money(spend.baseline)} (${incident.excess >= 0 ? '+' : '−'}${money(Math.abs(incident.excess))})`
        : `${formatCount(lead.value)} ${METRIC_WORDS[lead.metric]} against a usual ${formatCount(lead.baseline)}`;
    const signals = incident.anomalies.length;
    const ids = incident.projects.filter((id) => names.has(id)).map((id) => `${names.get(id) ?? id}: ${id}`);
    return {
      when: incident.date,
      what: incident.summary.charAt(0).toUpperCase() + incident.summary.slice(1),
      detail: `${away}${signals > 1 ? ` · ${signals} series` : ''}`,
      ...(ids.length === 0 ? {} : { hover: `Project IDs: ${ids.join(', ')}` }),
    };
  });
  const note =
    history < MIN_HISTORY_DAYS
      ? `${history} complete day${history === 1 ? '' : 's'} of history: a day is judged against the weeks before it (at least ${MIN_HISTORY_DAYS} days; a wider --days keeps more)`
      : undefined;
  return { lines, more: Math.max(0, incidents.length - SHOWN_INCIDENTS), ...(note === undefined ? {} : { note }) };
}

/**
 * The dashboard's insights panel from lib/insights: a month-end forecast (forecastMonth) and the unusual days
 * (detectAnomalies, grouped into incidents) of the rows on show.
 * @example startDashboard({ source, insights: dashboardInsights() })
 */
export function dashboardInsights(): DashboardInsights {
  return {
    view: async (input) => {
      const [forecast, { lines, more, note }] = await Promise.all([forecastLine(input), anomalyLines(input)]);
      return {
        forecast,
        anomalies: lines,
        moreAnomalies: more,
        ...(note === undefined ? {} : { anomalyNote: note }),
        figures: [],
      };
    },
  };
}
