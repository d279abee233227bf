import type { LocalDayRow } from '../insights/index';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkText } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import type { Figure } from './figure';
import { formatCount } from './format';

/** Options of {@link localDaysChart}. */
export interface LocalDaysChartOptions {
  metric: string;
  timeZone: string;
  title?: string;
}

/** "num_model_requests" → "Model Requests", "input_tokens" → "Input Tokens": a metric as a title says it. */
function metricTitle(metric: string): string {
  return metric
    .replace(/^num_/, '')
    .split('_')
    .map((w) => (w === '' ? w : w[0]?.toUpperCase() + w.slice(1)))
    .join(' ');
}

/**
 * Bars of a usage metric per local day of a time zone; the hour count of each day (23/25 on DST days) on hover.
 * @example showFigure(localDaysChart(localDays(table, ["num_model_requests"], "Europe/Berlin"), { metric: "num_model_requests", timeZone: "Europe/Berlin" }))
 */
export function localDaysChart(rows: readonly LocalDayRow[], opts: LocalDaysChartOptions): Figure {
  checkArray(rows, 'rows');
  const metric = checkText(opts.metric, 'metric');
  const title =
    opts.title === undefined
      ? `${metricTitle(metric)} per Local Day (${opts.timeZone})`
      : checkText(opts.title, 'title');
  const days = new Map<string, { value: number; hours: number }>();
  for (const r of rows) {
    const d = days.get(r.local_date) ?? { value: 0, hours: r.hours };
    d.value += r.values[metric] ?? 0;
    days.set(r.local_date, d);
  }
  const dates = [...days.keys()].sort();
  if (dates.length === 0) return emptyFigure('local-days', title, NO_USAGE_DATA);
  const odd = dates.filter((d) => (days.get(d)?.hours ?? 24) !== 24);
  const subtitle =
    `Re-bucketed from 1h buckets into local days of ${opts.timeZone}` +
    (odd.length === 0
      ? ''
      : ` · days without 24 hours (DST or range ends): ${odd.map((d) => `${d} (${days.get(d)?.hours ?? 0} h)`).join(', ')}`);
  const layout = baseLayout(title, subtitle);
  layout.xaxis = { type: 'category', title: { text: `Local date (${escapeLabel(opts.timeZone)})` }, automargin: true };
  layout.yaxis = { title: { text: escapeLabel(metricTitle(metric)) }, rangemode: 'tozero', automargin: true };
  const y = dates.map((d) => days.get(d)?.value ?? 0);
  return {
    id: 'local-days',
    title,
    subtitle,
    data: [
      {
        type: 'bar',
        name: escapeLabel(metric),
        x: dates,
        y,
        marker: { color: '#5c6bc0' },
        customdata: dates.map((d, i) => [d, formatCount(y[i] ?? 0), String(days.get(d)?.hours ?? 0)]),
        hovertemplate: '%{customdata[0]} (%{customdata[2]} h): %{customdata[1]}<extra></extra>',
      },
    ],
    layout,
    config: baseConfig(),
  };
}
