import type { BucketWidth } from '../catalogue/index';
import type { BarTrace, Figure } from './figure';
import type { TokenPoint } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkBucketWidth, checkFinite, checkText } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { dailyDateAxis } from './date-axis';
import { daysInclusive } from './date-span';
import { downsampleTokenPoints } from './downsample';
import { formatBucketTime, formatCount } from './format';
import { inferBucketWidth, lastSpan, rangeSeconds, widthAdjective } from './span-title';

/** Options of {@link tokenUsageChart}. */
export interface TokenUsageChartOptions {
  /** Default: "<Daily|Hourly|Per-minute> Input vs Output Token Usage Last N Days". */
  title?: string;
  /** Default: inferred from the most common bucket length. */
  bucketWidth?: BucketWidth;
  /** The queried range in seconds, for the default title; default: first bucket start to last bucket end. */
  rangeSeconds?: number;
}

const ID = 'token-usage';

/**
 * Grouped bars of input vs output tokens per time bucket (seed: "Daily Input vs Output Token Usage Last 30 Days").
 * More than 5,000 buckets are summed into coarser bars, noted in the subtitle.
 * @example showFigure(tokenUsageChart(tokensPerBucket(usage, bucketStarts(buckets)), { bucketWidth: '1d' }))
 */
export function tokenUsageChart(points: readonly TokenPoint[], opts: TokenUsageChartOptions = {}): Figure {
  checkArray(points, 'points');
  const width = opts.bucketWidth === undefined ? inferBucketWidth(points) : checkBucketWidth(opts.bucketWidth);
  const sorted = [...points].sort((a, b) => a.start - b.start);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const defaultTitle = `${widthAdjective(width)} Input vs Output Token Usage`;
  if (first === undefined || last === undefined) {
    return emptyFigure(ID, opts.title === undefined ? defaultTitle : checkText(opts.title, 'title'), NO_USAGE_DATA);
  }
  for (const p of sorted) checkFinite([p.start, p.end, p.input_tokens, p.output_tokens], 'token point');
  const title =
    opts.title === undefined
      ? `${defaultTitle} ${lastSpan(rangeSeconds(opts.rangeSeconds, last.end - first.start))}`
      : checkText(opts.title, 'title');
  const { points: bars, factor } = downsampleTokenPoints(sorted);
  const range = `${formatBucketTime(first.start, width)} to ${formatBucketTime(last.end - 1, width)} (UTC)`;
  const subtitle =
    factor === 1
      ? range
      : `${range} · ${formatCount(sorted.length)} buckets summed into ${formatCount(bars.length)} bars of ${factor}`;
  const x = bars.map((p) => formatBucketTime(p.start, width));
  const when = bars.map((p) =>
    factor === 1
      ? formatBucketTime(p.start, width)
      : `${formatBucketTime(p.start, width)} to ${formatBucketTime(p.end - 1, width)}`,
  );
  const trace = (name: string, key: 'input_tokens' | 'output_tokens', color: string): BarTrace => ({
    type: 'bar',
    name,
    x,
    y: bars.map((p) => p[key]),
    marker: { color },
    customdata: bars.map((p, i) => [when[i] ?? '', formatCount(p[key]), formatCount(p.num_model_requests)]),
    hovertemplate: `%{customdata[0]}<br>${name}: %{customdata[1]}<br>Requests: %{customdata[2]}<extra></extra>`,
  });
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'group';
  layout.bargap = 0.2;
  const firstX = x[0] ?? '';
  layout.xaxis =
    width === '1d' && factor === 1
      ? {
          ...dailyDateAxis(firstX, daysInclusive(firstX, x[x.length - 1] ?? firstX)),
          title: { text: 'Time bucket (UTC)' },
        }
      : { type: 'date', title: { text: 'Time bucket (UTC)' }, automargin: true };
  layout.yaxis = {
    title: { text: 'Number of Tokens' },
    rangemode: 'tozero',
    automargin: true,
    separatethousands: true,
  };
  layout.legend = { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' };
  return {
    id: ID,
    title,
    subtitle,
    data: [trace('Input Tokens', 'input_tokens', '#1f77b4'), trace('Output Tokens', 'output_tokens', '#ff7f0e')],
    layout,
    config: baseConfig(),
  };
}
