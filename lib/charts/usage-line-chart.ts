import type { BucketWidth } from '../catalogue/index';
import type { Figure, LineTrace } from './figure';
import type { TimeSeries } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkBucketWidth, checkColors, checkFinite, checkId, checkText, invalid } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import { formatBucketTime, formatCount } from './format';
import { MAX_POINTS_PER_TRACE } from './downsample';
import { colorScale, pickColor } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';
import { widthAdjective } from './span-title';
import { dailyDateAxis } from './date-axis';
import { daysInclusive } from './date-span';
import { LEGEND_CHARS, truncateLabel } from './tick-labels';

/** Options of {@link usageLineChart}. */
export interface UsageLineChartOptions {
  /** Default 'tokens-over-time'. */
  id?: string;
  /** Default "<Daily|Hourly|Per-minute> <metric> over time". */
  title?: string;
  /** What the values are, e.g. 'input_tokens' or "Input tokens" (underscores become spaces). */
  metric: string;
  bucketWidth: BucketWidth;
  colors?: Record<string, string>;
  /** ID → name when the series are IDs (`names.labels('project_id')`): legends show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

/** "input_tokens" → "Input tokens". */
function humanize(metric: string): string {
  const spaced = metric.replace(/_/g, ' ').trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/**
 * One line per series over time (seed's closing suggestion: daily or hourly time series). Series longer than
 * 5,000 points render with WebGL (`scattergl`), noted in the subtitle; no point is dropped.
 * @example usageLineChart(timeSeries(table, 'input_tokens', 'model'), { metric: 'input_tokens', bucketWidth: '1h' })
 */
export function usageLineChart(ts: TimeSeries, opts: UsageLineChartOptions): Figure {
  const id = checkId(opts.id ?? 'tokens-over-time');
  const metric = humanize(checkText(opts.metric, 'metric'));
  const width = checkBucketWidth(opts.bucketWidth);
  const title =
    opts.title === undefined ? `${widthAdjective(width)} ${metric} over time` : checkText(opts.title, 'title');
  const colors = checkColors(opts.colors);
  if (typeof ts !== 'object' || ts === null || !Array.isArray(ts.x) || !Array.isArray(ts.series))
    throw invalid('series', ts);
  checkFinite(ts.x, 'x');
  for (const s of ts.series) {
    if (s.y.length !== ts.x.length) throw invalid(`series length of ${s.name}`, s.y.length);
    checkFinite(s.y, `value of ${s.name}`);
  }
  if (ts.x.length === 0 || ts.series.length === 0) return emptyFigure(id, title, NO_USAGE_DATA);
  const large = ts.x.length > MAX_POINTS_PER_TRACE;
  const x = ts.x.map((t) => formatBucketTime(t, width));
  const scale = colorScale(ts.series.map((s) => s.name));
  const shown = seriesNames(
    ts.series.map((s) => s.name),
    checkNames(opts.names),
  );
  const data: LineTrace[] = ts.series.map((s) => {
    const label = shown.get(s.name)?.label ?? s.name;
    const name = escapeLabel(label) + idHover(shown.get(s.name));
    return {
      type: large ? 'scattergl' : 'scatter',
      mode: ts.x.length <= 60 ? 'lines+markers' : 'lines',
      name: escapeLabel(truncateLabel(label, LEGEND_CHARS)),
      x,
      y: s.y,
      line: { color: pickColor(s.name, scale, colors), width: 2 },
      customdata: s.y.map((v, i) => [x[i] ?? '', name, formatCount(v)]),
      hovertemplate: `%{customdata[0]}<br>%{customdata[1]}<br>${escapeLabel(metric)}: %{customdata[2]}<extra></extra>`,
    };
  });
  const range = `${x[0] ?? ''} to ${x[x.length - 1] ?? ''} (UTC)`;
  const subtitle = large ? `${range} · ${formatCount(ts.x.length)} points per series, drawn with WebGL` : range;
  const layout = baseLayout(title, subtitle);
  const firstX = x[0] ?? '';
  layout.xaxis =
    width === '1d'
      ? {
          ...dailyDateAxis(firstX, daysInclusive(firstX, x[x.length - 1] ?? firstX)),
          title: { text: 'Time bucket (UTC)' },
        }
      : { type: 'date', title: { text: 'Time bucket (UTC)' }, automargin: true };
  layout.yaxis = {
    title: { text: escapeLabel(metric) },
    rangemode: 'tozero',
    automargin: true,
    separatethousands: true,
  };
  layout.hovermode = 'closest';
  layout.legend = { traceorder: 'normal', font: { size: 12 } };
  return { id, title, subtitle, data, layout, config: baseConfig() };
}
