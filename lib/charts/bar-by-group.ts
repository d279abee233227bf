import type { BarTrace, Figure } from './figure';
import type { GroupSum } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkId, checkText, invalid } from './check-options';
import { NO_COST_DATA, NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import { groupCount } from './group-count';
import { groupLabels } from './group-labels';
import { OTHER_COLOR } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';
import { categoryTicks } from './tick-labels';
import { checkCurrency, moneyAxis } from './money-axis';
import { type ValueFormat, valueFormatter } from './value-format';
import { OTHER_LABEL, foldOther } from '../frames/index';

/** Options of {@link barByGroup}. */
export interface BarByGroupOptions {
  /** e.g. 'requests-by-user', 'requests-by-api-key'. */
  id: string;
  title: string;
  /** Which group key labels the bars, e.g. 'user_id'. */
  labelKey: string;
  /** Axis and hover name of the values, e.g. "Model requests". */
  valueLabel: string;
  /** Default 'count'. */
  valueFormat?: ValueFormat;
  currency?: string;
  /** Most bars shown; the rest become one "Other (N more)" bar. Default 30. */
  limit?: number;
  /** Bar colour; default the seed's first colour. */
  color?: string;
  /** ID → name for the label key (`names.labels(labelKey)`): bars show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

const BAR_PX = 26;

/**
 * Horizontal bars of a grouped sum, largest on top; long tails fold into one "Other" bar.
 * @example
 * const byUser = sumBy(table, ['user_id'], 'num_model_requests');
 * barByGroup(byUser, { id: 'requests-by-user', title: 'By user', labelKey: 'user_id', valueLabel: 'Requests' })
 */
export function barByGroup(groups: readonly GroupSum[], opts: BarByGroupOptions): Figure {
  const id = checkId(opts.id);
  const title = checkText(opts.title, 'title');
  const valueLabel = checkText(opts.valueLabel, 'valueLabel');
  const format = valueFormatter(opts.valueFormat, opts.currency);
  const limit = opts.limit ?? 30;
  if (!Number.isInteger(limit) || limit < 1) throw invalid('limit', limit);
  const names = checkNames(opts.names);
  const byKey = groupLabels(groups, opts.labelKey);
  const display = seriesNames(
    byKey.map((g) => g.label),
    names,
  );
  const labelled = byKey.map((g) => ({
    ...g,
    label: display.get(g.label)?.label ?? g.label,
    hover: idHover(display.get(g.label)),
  }));
  const total = labelled.reduce((acc, g) => acc + g.value, 0);
  if (labelled.length === 0 || total === 0) {
    return emptyFigure(id, title, opts.valueFormat === 'currency' ? NO_COST_DATA : NO_USAGE_DATA);
  }
  const { kept: shown, folded: rest, foldedTotal } = foldOther(labelled, (g) => g.value, { keep: limit });
  if (rest.length > 0) shown.push({ label: `${OTHER_LABEL} (${rest.length} more)`, value: foldedTotal, hover: '' });
  // Plotly draws the first category at the bottom: reverse so the largest bar is on top.
  const ordered = [...shown].reverse();
  const labels = ordered.map((g) => escapeLabel(g.label));
  const color = opts.color ?? '#1f77b4';
  const trace: BarTrace = {
    type: 'bar',
    name: escapeLabel(valueLabel),
    orientation: 'h',
    x: ordered.map((g) => g.value),
    y: labels,
    marker: { color: ordered.map((_, i) => (rest.length > 0 && i === 0 ? OTHER_COLOR : color)) },
    customdata: ordered.map((g, i) => [(labels[i] ?? '') + g.hover, format(g.value)]),
    hovertemplate: `%{customdata[0]}<br>${escapeLabel(valueLabel)}: %{customdata[1]}<extra></extra>`,
    showlegend: false,
  };
  const subtitle = `Total: ${format(total)} · ${groupCount(labelled.length, opts.labelKey)}${rest.length > 0 ? ` (top ${limit} shown)` : ''}`;
  const layout = baseLayout(title, subtitle);
  layout.height = Math.max(360, ordered.length * BAR_PX + 160);
  // Money gets the one money axis of the cost charts: the currency in the title, "$" ticks for USD.
  layout.xaxis =
    opts.valueFormat === 'currency'
      ? {
          ...moneyAxis(checkCurrency(opts.currency), Math.max(...ordered.map((g) => g.value))),
          title: { text: `${escapeLabel(valueLabel)} (${checkCurrency(opts.currency).toUpperCase()})` },
        }
      : { title: { text: escapeLabel(valueLabel) }, rangemode: 'tozero', automargin: true, separatethousands: true };
  layout.yaxis = { ...categoryTicks(ordered.map((g) => g.label)), automargin: true };
  layout.showlegend = false;
  return { id, title, subtitle, data: [trace], layout, config: baseConfig() };
}
