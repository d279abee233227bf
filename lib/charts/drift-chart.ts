import type { ReconciliationRow } from '../insights/index';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive, isIsoDate } from './date-span';
import { NO_COST_DATA, emptyFigure } from './empty-figure';
import type { Figure } from './figure';
import { formatCurrency } from './format';
import { moneyAxis } from './money-axis';

/** Options of {@link driftChart}. */
export interface DriftChartOptions {
  /** @default "Billed vs Estimated per Day" */
  title?: string;
}

const ID = 'billed-vs-estimated';

/**
 * Billed (Costs API) and estimated (usage at list prices) per UTC day, over the models that have an estimate, with
 * the difference as bars. Line items without an estimate (tools, storage, unpriced models) are summed in the subtitle.
 * @example showFigure(driftChart(reconcile(priceUsage([completions]), costs)))
 */
export function driftChart(rows: readonly ReconciliationRow[], opts: DriftChartOptions = {}): Figure {
  checkArray(rows, 'rows');
  const title = opts.title === undefined ? 'Billed vs Estimated per Day' : checkText(opts.title, 'title');
  const days = new Map<string, { billed: number; estimated: number }>();
  let unestimated = 0;
  for (const r of rows) {
    if (!isIsoDate(r.date)) throw invalid('date', r.date);
    const d = days.get(r.date) ?? { billed: 0, estimated: 0 };
    if (r.estimated_usd === null) unestimated += r.billed_usd;
    else {
      d.billed += r.billed_usd;
      d.estimated += r.estimated_usd;
    }
    days.set(r.date, d);
  }
  const dates = [...days.keys()].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return emptyFigure(ID, title, NO_COST_DATA);
  const billed = dates.map((d) => days.get(d)?.billed ?? 0);
  const estimated = dates.map((d) => days.get(d)?.estimated ?? 0);
  const diff = dates.map((_, i) => (billed[i] ?? 0) - (estimated[i] ?? 0));
  const totalDiff = diff.reduce((a, b) => a + b, 0);
  const subtitle =
    `Difference over the range: ${formatCurrency(totalDiff, 'usd')} · not estimated (tools, storage, unpriced models): ` +
    `${formatCurrency(unestimated, 'usd')} · UTC days`;
  const layout = baseLayout(title, subtitle);
  layout.xaxis = dailyDateAxis(first, daysInclusive(first, last));
  layout.yaxis = moneyAxis('usd', Math.max(...billed, ...estimated));
  layout.hovermode = 'x unified';
  layout.legend = { orientation: 'h', y: -0.25 };
  const line = (name: string, y: number[], color: string, dash: 'solid' | 'dash') => ({
    type: 'scatter' as const,
    mode: 'lines+markers' as const,
    name,
    x: dates,
    y,
    line: { color, width: 2, dash },
    customdata: y.map((v) => [formatCurrency(v, 'usd')]),
    hovertemplate: `${name}: %{customdata[0]}<extra></extra>`,
  });
  return {
    id: ID,
    title,
    subtitle,
    data: [
      line('Billed', billed, '#1565c0', 'solid'),
      line('Estimated (list prices)', estimated, '#ef6c00', 'dash'),
      {
        type: 'bar',
        name: 'Billed − estimated',
        x: dates,
        y: diff,
        marker: { color: '#9e9e9e' },
        customdata: diff.map((v) => [formatCurrency(v, 'usd')]),
        hovertemplate: 'Difference: %{customdata[0]}<extra></extra>',
      },
    ],
    layout,
    config: baseConfig(),
  };
}
