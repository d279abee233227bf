import type { AllocationRow } from '../insights/index';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive } from './date-span';
import { NO_COST_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import type { BarTrace, Figure } from './figure';
import { formatCurrency } from './format';
import { moneyAxis } from './money-axis';
import { EXTENDED_PALETTE, OTHER_COLOR } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';
import { nullLabel } from './group-labels';

/** Options of {@link allocationChart}. */
export interface AllocationChartOptions {
  /** Allocate to `api_key_id` or `user_id`. @default 'api_key_id' */
  by?: 'api_key_id' | 'user_id';
  title?: string;
  /** Largest keys/users shown as their own series. @default 10 */
  top?: number;
  /** ID → name (`names.labels(by)`): series show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

const METHOD_TEXT: Readonly<Record<string, string>> = {
  costs_api: 'Costs API grouped by api_key_id',
  token_share: "estimated from each key's token share within its project and model",
  unattributable: 'not attributable (no model or no usage)',
};

/**
 * Stacked daily cost per API key (or user), the rest folded, unattributable cost as its own grey series; methods stated.
 * @example showFigure(allocationChart(allocateCosts(costs, [completions]), { by: "user_id" }))
 */
export function allocationChart(rows: readonly AllocationRow[], opts: AllocationChartOptions = {}): Figure {
  checkArray(rows, 'rows');
  const by = opts.by ?? 'api_key_id';
  if (by !== 'api_key_id' && by !== 'user_id') throw invalid('by', by);
  const id = by === 'api_key_id' ? 'cost-by-api-key' : 'cost-by-user';
  const title =
    opts.title === undefined
      ? `Who Spent It: Cost per ${by === 'api_key_id' ? 'API Key' : 'User'} per Day`
      : checkText(opts.title, 'title');
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return emptyFigure(id, title, NO_COST_DATA);
  const UNATTR = 'Unattributable';
  const label = (r: AllocationRow): string => (r.method === 'unattributable' ? UNATTR : (r[by] ?? nullLabel(by)));
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(label(r), (totals.get(label(r)) ?? 0) + r.cost_usd);
  const ranked = [...totals.keys()]
    .filter((k) => k !== UNATTR)
    .sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const shown = ranked.slice(0, opts.top ?? 10);
  const folded = ranked.length - shown.length;
  const OTHER = `Other (${folded})`;
  const series = (r: AllocationRow): string =>
    label(r) === UNATTR ? UNATTR : shown.includes(label(r)) ? label(r) : OTHER;
  const names = [...shown, ...(folded > 0 ? [OTHER] : []), ...(totals.has(UNATTR) ? [UNATTR] : [])];
  const cells = new Map<string, number>();
  for (const r of rows)
    cells.set(`${series(r)}\u0000${r.date}`, (cells.get(`${series(r)}\u0000${r.date}`) ?? 0) + r.cost_usd);
  const display = seriesNames(shown, checkNames(opts.names));
  const data: BarTrace[] = names.map((name, i) => {
    const y = dates.map((d) => cells.get(`${name}\u0000${d}`) ?? 0);
    const color =
      name === UNATTR
        ? '#616161'
        : name === OTHER
          ? OTHER_COLOR
          : (EXTENDED_PALETTE[i % EXTENDED_PALETTE.length] ?? '#1565c0');
    const shownAs = display.get(name);
    const label = escapeLabel(shownAs?.label ?? name);
    return {
      type: 'bar',
      name: label,
      x: dates,
      y,
      marker: { color },
      customdata: y.map((v, j) => [label, dates[j] ?? '', formatCurrency(v, 'usd'), idHover(shownAs)]),
      hovertemplate: '%{customdata[0]}%{customdata[3]}<br>%{customdata[1]}: %{customdata[2]}<extra></extra>',
    };
  });
  const spans = new Map<string, [string, string]>();
  for (const r of rows) {
    const s = spans.get(r.method);
    spans.set(
      r.method,
      s === undefined ? [r.date, r.date] : [s[0] < r.date ? s[0] : r.date, s[1] > r.date ? s[1] : r.date],
    );
  }
  const subtitle =
    [...spans]
      .filter(([m]) => m !== 'unattributable')
      .sort((a, b) => (a[1][0] < b[1][0] ? -1 : 1))
      .map(([m, [a, b]]) => `${a} to ${b}: ${METHOD_TEXT[m] ?? m}`)
      .join(' · ') + ' · UTC days';
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'stack';
  layout.xaxis = dailyDateAxis(first, daysInclusive(first, last));
  // One pass over the rows (each day's rows added in row order, as a filter per day would).
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.date, (byDay.get(r.date) ?? 0) + r.cost_usd);
  const dayTotals = dates.map((d) => byDay.get(d) ?? 0);
  layout.yaxis = moneyAxis('usd', Math.max(...dayTotals));
  layout.legend = { orientation: 'h', y: -0.25 };
  return { id, title, subtitle, data, layout, config: baseConfig() };
}
