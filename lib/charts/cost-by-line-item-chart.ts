import type { BarTrace, Figure } from './figure';
import type { Pivot } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkColors, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive, isIsoDate } from './date-span';
import { NO_COST_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import { formatCurrency } from './format';
import { checkCurrency, moneyAxis } from './money-axis';
import { OTHER_COLOR, colorScale, pickColor } from './palette';
import { OTHER_LABEL, foldOther } from '../frames/index';
import { LEGEND_CHARS, truncateLabel } from './tick-labels';

/** Options of {@link costByLineItemChart}. */
export interface CostByLineItemOptions {
  /** Default "Total Cost by Line Item". */
  title?: string;
  /** Default "usd". */
  currency?: string;
  /** Colour per line item; default {@link colorScale} over the columns. */
  colors?: Record<string, string>;
  /**
   * Most line items drawn as their own series (largest totals first); the rest are stacked as one "Other"
   * series whose hover lists how many it holds. Default 10: the legend (with "Other") then fits beside the plot
   * without scrolling, and colours do not repeat.
   */
  maxSeries?: number;
}

/** A stacked series: one line item, or several folded together. */
interface Series {
  name: string;
  y: number[];
  total: number;
  folded: number;
}

const ID = 'cost-by-line-item';

/**
 * Stacked bars per day (rows) by line item (columns), biggest line item at the bottom; legend outside on the right
 * with each line item's total, as the seed's `bbox_to_anchor=(1.05, 1)`.
 * @example showFigure(costByLineItemChart(costByLineItem(costTable(buckets)), { maxSeries: 10 }))
 */
export function costByLineItemChart(p: Pivot, opts: CostByLineItemOptions = {}): Figure {
  if (typeof p !== 'object' || p === null || !Array.isArray(p.rows) || !Array.isArray(p.columns))
    throw invalid('pivot', p);
  const title = opts.title === undefined ? 'Total Cost by Line Item' : checkText(opts.title, 'title');
  const currency = checkCurrency(opts.currency);
  const colors = checkColors(opts.colors);
  if (p.values.length !== p.rows.length) throw invalid('pivot values rows', p.values.length);
  const columnTotal = (c: number): number => p.values.reduce((acc, row) => acc + (row[c] ?? 0), 0);
  const columns = p.columns
    .map((name, c) => ({ name, c, total: columnTotal(c) }))
    .filter((col) => col.total !== 0)
    .sort((a, b) => b.total - a.total);
  if (p.rows.length === 0 || columns.length === 0) return emptyFigure(ID, title, NO_COST_DATA);
  const maxSeries = opts.maxSeries ?? 10;
  if (!Number.isInteger(maxSeries) || maxSeries < 1) throw invalid('maxSeries', maxSeries);
  const columnValues = (c: number): number[] => p.values.map((row) => row[c] ?? 0);
  const fold = foldOther(columns, (col) => col.total, { keep: maxSeries });
  const kept: Series[] = fold.kept.map(({ name, c, total }) => ({ name, y: columnValues(c), total, folded: 1 }));
  const rest = fold.folded;
  const series: Series[] =
    rest.length === 0
      ? kept
      : [
          ...kept,
          {
            name: `${OTHER_LABEL} (${rest.length} line items)`,
            y: p.rows.map((_, r) => rest.reduce((acc, col) => acc + (p.values[r]?.[col.c] ?? 0), 0)),
            total: fold.foldedTotal,
            folded: rest.length,
          },
        ];
  const scale = colorScale(kept.map((s) => s.name));
  const data: BarTrace[] = series.map(({ name, y, total, folded }) => {
    const label = escapeLabel(name);
    return {
      type: 'bar',
      name: `${escapeLabel(truncateLabel(name, LEGEND_CHARS))} (${formatCurrency(total, currency)})`,
      x: p.rows.map(escapeLabel),
      y,
      marker: { color: folded > 1 ? OTHER_COLOR : pickColor(name, scale, colors) },
      customdata: y.map((v, r) => [escapeLabel(p.rows[r] ?? ''), label, formatCurrency(v, currency)]),
      hovertemplate: '%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]}<extra></extra>',
    };
  });
  const grand = columns.reduce((acc, col) => acc + col.total, 0);
  const shown = rest.length === 0 ? '' : ` (top ${kept.length} shown, the rest stacked as "Other")`;
  const subtitle = `Total: ${formatCurrency(grand, currency)} · ${columns.length} line items${shown}`;
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'stack';
  const firstRow = p.rows[0] ?? '';
  const lastRow = p.rows[p.rows.length - 1] ?? '';
  layout.xaxis = p.rows.every(isIsoDate)
    ? dailyDateAxis(firstRow, daysInclusive(firstRow, lastRow))
    : { type: 'category', automargin: true };
  const dayTotals = p.values.map((row) => row.reduce((a, v) => a + v, 0));
  layout.yaxis = moneyAxis(currency, Math.max(...dayTotals));
  layout.legend = {
    traceorder: 'normal',
    x: 1.02,
    xanchor: 'left',
    y: 1,
    yanchor: 'top',
    font: { size: 11 },
    title: { text: 'Line item' },
  };
  layout.hovermode = 'closest';
  return { id: ID, title, subtitle, data, layout, config: baseConfig() };
}
