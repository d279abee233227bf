/**
 * Minimal Plotly figure JSON types: only what our builders emit. Kept local (no @types/plotly.js) because
 * those types pull in DOM declarations, which the library must not reference.
 */

/** Hover/text payload attached to every point; each row holds pre-formatted, escaped strings. */
export type CustomData = string[][];

/** Marker styling shared by bars, pie slices and line points. */
export interface Marker {
  color?: string | string[];
  /** Pie slice colours. */
  colors?: string[];
  line?: { color: string; width: number };
}

/** A bar trace (grouped or stacked, depending on `layout.barmode`). */
export interface BarTrace {
  type: 'bar';
  name: string;
  /** Categories/dates for vertical bars, values for horizontal ones. */
  x: Array<string | number>;
  y: Array<string | number>;
  orientation?: 'v' | 'h';
  marker: Marker;
  customdata: CustomData;
  hovertemplate: string;
  showlegend?: boolean;
}

/** A line trace; `scattergl` renders large series with WebGL. */
export interface LineTrace {
  type: 'scatter' | 'scattergl';
  mode: 'lines' | 'lines+markers' | 'markers';
  name: string;
  x: string[];
  y: number[];
  line: { color: string; width: number; dash?: 'solid' | 'dash' | 'dot' };
  customdata: CustomData;
  hovertemplate: string;
  /** Uncertainty bands: fill down to the previous trace. */
  fill?: 'tonexty' | 'none';
  fillcolor?: string;
  marker?: { color: string; size: number; symbol?: string; line?: { color: string; width: number } };
  showlegend?: boolean;
  /** Traces toggled together by one legend entry. */
  legendgroup?: string;
}

/** A pie trace; labels are escaped text, percentages come pre-formatted through customdata. */
export interface PieTrace {
  type: 'pie';
  name: string;
  labels: string[];
  values: number[];
  marker: Marker;
  customdata: CustomData;
  texttemplate: string;
  hovertemplate: string;
  textposition: 'inside' | 'outside' | 'auto';
  automargin: boolean;
  sort: boolean;
  direction: 'clockwise' | 'counterclockwise';
  rotation: number;
}

/** Any trace a builder can produce. */
export type ChartTrace = BarTrace | LineTrace | PieTrace;

/** Axis settings (subset of Plotly's `layout.xaxis`). */
export interface ChartAxis {
  title?: { text: string };
  type?: 'date' | 'category' | 'linear';
  visible?: boolean;
  automargin?: boolean;
  tickangle?: number;
  tickformat?: string;
  tickprefix?: string;
  /** Pixels between the tick labels and the axis. */
  ticklabelstandoff?: number;
  hoverformat?: string;
  categoryorder?: 'array' | 'trace';
  categoryarray?: string[];
  rangemode?: 'tozero' | 'normal';
  dtick?: number | string;
  tickmode?: 'array' | 'auto';
  tickvals?: string[];
  ticktext?: string[];
  tickfont?: { size: number };
  fixedrange?: boolean;
  separatethousands?: boolean;
  tick0?: string;
  showgrid?: boolean;
  zeroline?: boolean;
}

/** A text note placed on the plotting area (used for empty states). */
export interface Annotation {
  text: string;
  showarrow: boolean;
  xref: 'paper';
  yref: 'paper';
  x: number;
  y: number;
  font?: { size: number; color: string };
}

/** Legend placement and ordering. */
export interface Legend {
  orientation?: 'v' | 'h';
  x?: number;
  y?: number;
  xanchor?: 'left' | 'right' | 'center';
  yanchor?: 'top' | 'bottom' | 'middle';
  traceorder?: 'normal' | 'reversed';
  title?: { text: string };
  font?: { size: number };
}

/** Figure layout (subset of Plotly's layout). */
export interface ChartLayout {
  title: { text: string; subtitle?: { text: string }; x: number; xanchor: 'left' | 'center' };
  barmode?: 'group' | 'stack';
  bargap?: number;
  xaxis?: ChartAxis;
  yaxis?: ChartAxis;
  legend?: Legend;
  showlegend?: boolean;
  annotations?: Annotation[];
  margin: { t: number; r: number; b: number; l: number };
  height: number;
  hovermode?: 'closest' | 'x unified' | 'x';
  font: { family: string; size: number };
  paper_bgcolor?: string;
  plot_bgcolor?: string;
}

/** Plotly config (subset). */
export interface ChartConfig {
  responsive: boolean;
  displaylogo: boolean;
  displayModeBar?: boolean | 'hover';
}

/** A complete, JSON-serializable Plotly figure plus the metadata exporters need. */
export interface Figure {
  /** Stable id, `[a-z0-9-]+`; also the export file name. */
  id: string;
  /** Plain (unescaped) title, for page headings and tables of contents. */
  title: string;
  /** Plain (unescaped) subtitle, e.g. a downsampling note. */
  subtitle?: string;
  data: ChartTrace[];
  layout: ChartLayout;
  config: ChartConfig;
}
