import type { MonthForecast } from '../insights/index';
import { baseConfig, baseLayout } from './base-layout';
import { checkId, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import type { Figure, LineTrace } from './figure';
import { formatCurrency } from './format';
import { moneyAxis } from './money-axis';

/** Options of {@link forecastChart}. */
export interface ForecastChartOptions {
  /** @default "forecast" */
  id?: string;
  /** @default "Month-End Spend Forecast (<month>)" */
  title?: string;
}

function line(
  name: string,
  x: string[],
  y: number[],
  color: string,
  dash: 'solid' | 'dash' | 'dot',
  extra: Partial<LineTrace> = {},
): LineTrace {
  return {
    type: 'scatter',
    mode: 'lines',
    name,
    x,
    y,
    line: { color, width: 2, dash },
    customdata: y.map((v) => [formatCurrency(v, 'usd')]),
    hovertemplate: `${name}: %{customdata[0]}<extra></extra>`,
    ...extra,
  };
}

/**
 * Cumulative spend of the month: actual, expected (dashed) with its band, the budget line and the day it is crossed.
 * @example showFigure(forecastChart(forecastMonth(daySpend(costs), { asOf: p.asOf, budget: resolveBudget(p.budget) })))
 */
export function forecastChart(f: MonthForecast, opts: ForecastChartOptions = {}): Figure {
  if (typeof f !== 'object' || f === null || !Array.isArray(f.days)) throw invalid('forecast', f);
  const id = checkId(opts.id ?? 'forecast');
  const title = opts.title === undefined ? `Month-End Spend Forecast (${f.month})` : checkText(opts.title, 'title');
  const past = f.days.filter((d) => d.actual !== null);
  const lastPast = past[past.length - 1];
  // The expected line starts at the last actual day so the two lines join.
  const future = [...(lastPast === undefined ? [] : [lastPast]), ...f.days.filter((d) => d.actual === null)];
  const x = (ds: typeof f.days): string[] => ds.map((d) => d.date);
  const budget =
    f.budget_usd === null
      ? ''
      : ` · budget ${formatCurrency(f.budget_usd, 'usd')} (${f.budget_source ?? ''})` +
        (f.crosses_budget_on === null ? ', not reached' : `, reached on ${f.crosses_budget_on}`);
  const subtitle =
    `Spent ${formatCurrency(f.spent_to_date_usd, 'usd')} · expected ${formatCurrency(f.forecast_usd, 'usd')} ` +
    `(${formatCurrency(f.low_usd, 'usd')}–${formatCurrency(f.high_usd, 'usd')})${budget} · ${f.method}`;
  const layout = baseLayout(title, subtitle);
  const first = f.days[0]?.date ?? `${f.month}-01`;
  layout.xaxis = dailyDateAxis(first, f.days.length);
  layout.yaxis = moneyAxis('usd', Math.max(f.high_usd, f.budget_usd ?? 0));
  layout.yaxis.title = { text: 'Cumulative spend this month (USD)' };
  layout.legend = { orientation: 'h', y: -0.25 };
  const data: LineTrace[] = [
    line(
      'Band low',
      x(future),
      future.map((d) => d.low),
      '#ffcc80',
      'dot',
      { showlegend: false, line: { color: 'rgba(0,0,0,0)', width: 0 } },
    ),
    line(
      'Band',
      x(future),
      future.map((d) => d.high),
      '#ffcc80',
      'dot',
      { fill: 'tonexty', fillcolor: 'rgba(239,108,0,0.18)', line: { color: 'rgba(0,0,0,0)', width: 0 } },
    ),
    line(
      'Actual',
      x(past),
      past.map((d) => d.cumulative),
      '#1565c0',
      'solid',
    ),
    line(
      'Expected',
      x(future),
      future.map((d) => d.cumulative),
      '#ef6c00',
      'dash',
    ),
  ];
  if (f.budget_usd !== null) {
    data.push(
      line(
        'Budget',
        x(f.days),
        f.days.map(() => f.budget_usd ?? 0),
        '#c62828',
        'dot',
      ),
    );
    const cross = f.days.find((d) => d.date === f.crosses_budget_on);
    if (cross !== undefined) {
      data.push({
        ...line('Budget reached', [cross.date], [cross.cumulative], '#c62828', 'solid'),
        mode: 'markers',
        marker: { color: '#c62828', size: 12, symbol: 'x' },
      });
    }
  }
  return { id, title, subtitle, data, layout, config: baseConfig() };
}
