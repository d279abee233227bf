import type { Figure } from './figure';
import type { DailyAmount } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive, isIsoDate } from './date-span';
import { lastSpan, rangeSeconds } from './span-title';
import { NO_COST_DATA, emptyFigure } from './empty-figure';
import { formatCurrency } from './format';
import { checkCurrency, moneyAxis } from './money-axis';

/** Options of {@link costPerDayChart}. */
export interface CostPerDayOptions {
  /** Default "usd". */
  currency?: string;
  /** Default "Total Cost per Day (Last N Days)". */
  title?: string;
  /** The queried range in seconds, for the default title; default: the days the data covers. */
  rangeSeconds?: number;
}

const ID = 'cost-per-day';

/**
 * Bars of total cost per UTC day (seed: "Total Cost per Day (Last 30 Days)", sky blue).
 * @example showFigure(costPerDayChart(costPerDay(costs, bucketStarts(buckets)), { currency: tableCurrency(costs) }))
 */
export function costPerDayChart(days: readonly DailyAmount[], opts: CostPerDayOptions = {}): Figure {
  checkArray(days, 'days');
  const currency = checkCurrency(opts.currency);
  for (const d of days) {
    if (!isIsoDate(d.date)) throw invalid('date', d.date);
    if (!Number.isFinite(d.amount)) throw invalid('amount', d.amount);
  }
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) {
    return emptyFigure(
      ID,
      opts.title === undefined ? 'Total Cost per Day' : checkText(opts.title, 'title'),
      NO_COST_DATA,
    );
  }
  const span = daysInclusive(first.date, last.date);
  const title =
    opts.title === undefined
      ? `Total Cost per Day (${lastSpan(rangeSeconds(opts.rangeSeconds, span * 86_400))})`
      : checkText(opts.title, 'title');
  const total = sorted.reduce((acc, d) => acc + d.amount, 0);
  const subtitle = `Total: ${formatCurrency(total, currency)} · ${first.date} to ${last.date} (UTC)`;
  const layout = baseLayout(title, subtitle);
  layout.xaxis = dailyDateAxis(first.date, span);
  layout.yaxis = moneyAxis(currency, Math.max(...sorted.map((d) => d.amount)));
  layout.bargap = 0.3;
  return {
    id: ID,
    title,
    subtitle,
    data: [
      {
        type: 'bar',
        name: 'Total cost',
        x: sorted.map((d) => d.date),
        y: sorted.map((d) => d.amount),
        marker: { color: '#87ceeb', line: { color: '#4a90b8', width: 1 } },
        customdata: sorted.map((d) => [d.date, formatCurrency(d.amount, currency)]),
        hovertemplate: '%{customdata[0]}<br>Cost: %{customdata[1]}<extra></extra>',
      },
    ],
    layout,
    config: baseConfig(),
  };
}
