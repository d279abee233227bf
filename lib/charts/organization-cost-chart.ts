import { barByGroup } from './bar-by-group';
import { baseConfig, baseLayout } from './base-layout';
import { checkArray, checkText, invalid } from './check-options';
import { dailyDateAxis } from './date-axis';
import { daysInclusive, isIsoDate } from './date-span';
import { NO_COST_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import type { BarTrace, Figure } from './figure';
import { formatCurrency } from './format';
import { moneyAxis } from './money-axis';
import { SEED_PALETTE } from './palette';

/**
 * Stacked cost per UTC day, one series per organization.
 * @example showFigure(organizationCostChart([{ organization: 'acme', date: '2026-11-01', amount: 12.5 }]))
 */
export function organizationCostChart(
  rows: readonly { organization: string; date: string; amount: number }[],
  opts: { title?: string } = {},
): Figure {
  checkArray(rows, 'rows');
  const title = opts.title === undefined ? 'Cost per Day by Organization' : checkText(opts.title, 'title');
  for (const r of rows) {
    if (typeof r.organization !== 'string') throw invalid('organization', r.organization);
    if (!isIsoDate(r.date)) throw invalid('date', r.date);
    if (!Number.isFinite(r.amount)) throw invalid('amount', r.amount);
  }
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const orgs = [...new Set(rows.map((r) => r.organization))].sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) return emptyFigure('cost-by-organization', title, NO_COST_DATA);
  const cell = new Map<string, number>();
  for (const r of rows)
    cell.set(`${r.organization}\u0000${r.date}`, (cell.get(`${r.organization}\u0000${r.date}`) ?? 0) + r.amount);
  const totals = orgs.map((o) => dates.reduce((a, d) => a + (cell.get(`${o}\u0000${d}`) ?? 0), 0));
  const subtitle = orgs.map((o, i) => `${o}: ${formatCurrency(totals[i] ?? 0, 'usd')}`).join(' · ') + ' · UTC days';
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'stack';
  layout.xaxis = dailyDateAxis(first, daysInclusive(first, last));
  layout.yaxis = moneyAxis(
    'usd',
    Math.max(...dates.map((d) => orgs.reduce((a, o) => a + (cell.get(`${o}\u0000${d}`) ?? 0), 0))),
  );
  layout.legend = { orientation: 'h', y: -0.25, title: { text: 'Organization' } };
  const data: BarTrace[] = orgs.map((o, i) => {
    const y = dates.map((d) => cell.get(`${o}\u0000${d}`) ?? 0);
    return {
      type: 'bar',
      name: escapeLabel(o),
      x: dates,
      y,
      marker: { color: SEED_PALETTE[i % SEED_PALETTE.length] ?? '#1565c0' },
      customdata: y.map((v, j) => [escapeLabel(o), dates[j] ?? '', formatCurrency(v, 'usd')]),
      hovertemplate: '%{customdata[0]}<br>%{customdata[1]}: %{customdata[2]}<extra></extra>',
    };
  });
  return { id: 'cost-by-organization', title, subtitle, data, layout, config: baseConfig() };
}

/**
 * Total cost per project of several organizations, one bar per project label: two organizations' projects of the
 * same name are labelled "name (organization)" by `organizationBreakdown`, so they stay two bars.
 * @example showFigure(organizationProjectCostChart(organizationBreakdown(parts)))
 */
export function organizationProjectCostChart(
  rows: readonly { project: string; cost_usd: number }[],
  opts: { title?: string; currency?: string } = {},
): Figure {
  checkArray(rows, 'rows');
  return barByGroup(
    rows.map((r) => ({ keys: { project: r.project }, value: r.cost_usd })),
    {
      id: 'cost-by-organization-project',
      title: opts.title ?? 'Total Cost by Project, All Organizations',
      labelKey: 'project',
      valueLabel: 'Cost',
      valueFormat: 'currency',
      currency: opts.currency ?? 'usd',
    },
  );
}
