import type { Anomaly, AnomalyMetric, AnomalyScope, SeriesPoint } from '../insights/index';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkId, checkText } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive } from './date-span';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import type { Figure, LineTrace } from './figure';
import { formatCount, formatCurrency } from './format';
import { EXTENDED_PALETTE } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';

/** Options of {@link anomalyChart}. */
export interface AnomalyChartOptions {
  scope: AnomalyScope;
  metric: AnomalyMetric;
  /** @default "anomalies-<scope>-<metric>" */
  id?: string;
  title?: string;
  /** Series drawn: the largest by total. @default 8 */
  top?: number;
  /** Key → display name (`names.labels('project_id')` for the project scope): legends show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

/**
 * Daily lines of one scope and metric (largest series first), the anomalies marked on them with their explanation.
 * @example showFigure(anomalyChart(points, detectAnomalies(points), { scope: "project", metric: "spend" }))
 */
export function anomalyChart(
  points: readonly SeriesPoint[],
  anomalies: readonly Anomaly[],
  opts: AnomalyChartOptions,
): Figure {
  checkArray(points, 'points');
  checkArray(anomalies, 'anomalies');
  const id = checkId(opts.id ?? `anomalies-${opts.scope.replace('_', '-')}-${opts.metric.replace('_', '-')}`);
  const title =
    opts.title === undefined
      ? `Anomalies: ${opts.metric.replace('_', ' ')} per ${opts.scope.replace('_', ' and ')}`
      : checkText(opts.title, 'title');
  const names = checkNames(opts.names);
  const top = opts.top ?? 8;
  const dates = [...new Set(points.map((p) => p.date))].sort();
  const series = new Map<string, Map<string, number>>();
  for (const p of points) {
    if (p.scope !== opts.scope || p.metric !== opts.metric) continue;
    const m = series.get(p.key) ?? new Map<string, number>();
    m.set(p.date, (m.get(p.date) ?? 0) + p.value);
    series.set(p.key, m);
  }
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const keys = [...series.keys()]
    .sort(
      (a, b) => total(series.get(b) ?? new Map<string, number>()) - total(series.get(a) ?? new Map<string, number>()),
    )
    .slice(0, top);
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined || keys.length === 0) return emptyFigure(id, title, NO_USAGE_DATA);
  const fmt = (v: number): string => (opts.metric === 'spend' ? formatCurrency(v, 'usd') : formatCount(v));
  const marked = anomalies.filter((a) => a.scope === opts.scope && a.metric === opts.metric && keys.includes(a.key));
  const shown = seriesNames(keys, names);
  const data: LineTrace[] = keys.map((key, i) => {
    const y = dates.map((d) => series.get(key)?.get(d) ?? 0);
    const label = shown.get(key)?.label ?? key;
    return {
      type: 'scatter',
      mode: 'lines',
      name: escapeLabel(label),
      x: dates,
      y,
      line: { color: EXTENDED_PALETTE[i % EXTENDED_PALETTE.length] ?? '#1565c0', width: 1.5 },
      customdata: y.map((v, j) => [escapeLabel(label) + idHover(shown.get(key)), dates[j] ?? '', fmt(v)]),
      hovertemplate: '%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]}<extra></extra>',
    };
  });
  if (marked.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `Anomalies (${marked.length})`,
      x: marked.map((a) => a.date),
      y: marked.map((a) => a.value),
      line: { color: '#c62828', width: 0 },
      marker: { color: '#c62828', size: 14, symbol: 'circle-open', line: { color: '#c62828', width: 2.5 } },
      customdata: marked.map((a) => [
        escapeLabel(a.explanation),
        a.date,
        fmt(a.value),
        fmt(a.baseline),
        a.score.toFixed(1),
      ]),
      hovertemplate:
        '%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]} (usual %{customdata[3]}, score %{customdata[4]})<extra></extra>',
    });
  }
  const subtitle =
    `${marked.length} anomalies marked (median/MAD of the same day type over 28 days; the first days, without 4 such days, ` +
    `are not judged) · UTC days`;
  const layout = baseLayout(title, subtitle);
  layout.xaxis = dailyDateAxis(first, daysInclusive(first, last));
  layout.yaxis = {
    title: { text: opts.metric === 'spend' ? 'Spend (USD)' : opts.metric.replace('_', ' ') },
    rangemode: 'tozero',
    automargin: true,
  };
  if (opts.metric === 'spend') layout.yaxis.tickprefix = '$';
  layout.legend = { orientation: 'h', y: -0.25 };
  return { id, title, subtitle, data, layout, config: baseConfig() };
}
