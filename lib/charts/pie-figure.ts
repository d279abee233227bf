import type { Figure, PieTrace } from './figure';
import { baseConfig, baseLayout } from './base-layout';
import { escapeLabel, plotlyKeySafe } from './escape-label';
import { formatPercent } from './format';
import { pickColor } from './palette';
import { idHover, seriesNames } from './series-names';

/** One slice before styling: raw label, value, optional extra hover line. */
export interface PieSlice {
  label: string;
  value: number;
  note?: string;
  /** The ID the label names: the colour is looked up by it, and hover shows it. */
  id?: string;
}

/** Everything a pie figure needs besides its slices. */
export interface PieSpec {
  id: string;
  title: string;
  subtitle?: string;
  /** What the values count, for hover ("Requests", "Cost"). */
  valueName: string;
  format: (value: number) => string;
  scale: ReadonlyMap<string, string>;
  colors?: Readonly<Record<string, string>> | undefined;
}

/**
 * A pie with slices sorted by value (largest first, clockwise from 12 o'clock), each showing "12.3% (1,234)";
 * labels sit in the legend so long names never collide around the pie. Percentages are computed here from
 * the slice values, not by Plotly, so hover and slice text agree.
 */
export function pieFigure(slices: readonly PieSlice[], spec: PieSpec): Figure {
  const shown = slices.filter((s) => s.value > 0).sort((a, b) => b.value - a.value);
  const sum = shown.reduce((acc, s) => acc + s.value, 0);
  const labels = shown.map((s) => escapeLabel(s.label));
  const trace: PieTrace = {
    type: 'pie',
    name: escapeLabel(spec.valueName),
    labels: labels.map(plotlyKeySafe),
    values: shown.map((s) => s.value),
    marker: {
      colors: shown.map((s) => pickColor(s.id ?? s.label, spec.scale, spec.colors)),
      line: { color: '#ffffff', width: 1 },
    },
    customdata: shown.map((s, i) => [
      (labels[i] ?? '') + idHover({ label: s.label, id: s.id }),
      spec.format(s.value),
      formatPercent(s.value / sum),
      s.note === undefined ? '' : `<br>${escapeLabel(s.note)}`,
    ]),
    texttemplate: '%{customdata[2]}<br>(%{customdata[1]})',
    hovertemplate: `%{customdata[0]}<br>${escapeLabel(spec.valueName)}: %{customdata[1]}<br>Share: %{customdata[2]}%{customdata[3]}<extra></extra>`,
    textposition: 'auto',
    automargin: true,
    sort: false,
    direction: 'clockwise',
    rotation: 0,
  };
  const layout = baseLayout(spec.title, spec.subtitle);
  layout.legend = { traceorder: 'normal', font: { size: 12 }, x: 1.02, xanchor: 'left', y: 0.5, yanchor: 'middle' };
  // Outside labels of thin slices sit above the pie: leave room below the title and subtitle for them.
  layout.margin = { ...layout.margin, l: 24, t: (layout.margin?.t ?? 84) + 40 };
  const fig: Figure = { id: spec.id, title: spec.title, data: [trace], layout, config: baseConfig() };
  if (spec.subtitle !== undefined) fig.subtitle = spec.subtitle;
  return fig;
}

/** A split's slices as pie slices, named when `names` knows the ID ("Other" stays "Other"). */
export function namedSlices(
  slices: readonly { label: string; value: number }[],
  names: ReadonlyMap<string, string> | undefined,
): PieSlice[] {
  const shown = seriesNames(
    slices.map((s) => s.label),
    names,
  );
  return slices.map((s) => {
    const n = shown.get(s.label);
    return n?.id === undefined ? { label: s.label, value: s.value } : { label: n.label, value: s.value, id: n.id };
  });
}
