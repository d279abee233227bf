import type { ChartConfig, ChartLayout } from './figure';
import { escapeLabel } from './escape-label';

/** Default height in px; tall enough for rotated date ticks and a legend. */
export const FIGURE_HEIGHT = 480;

/** Shared layout: left-aligned escaped title (+ subtitle), readable font, white background. */
export function baseLayout(title: string, subtitle?: string): ChartLayout {
  const layout: ChartLayout = {
    title: { text: escapeLabel(title), x: 0.01, xanchor: 'left' },
    margin: { t: subtitle === undefined ? 64 : 84, r: 24, b: 64, l: 72 },
    height: FIGURE_HEIGHT,
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif', size: 13 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
  };
  if (subtitle !== undefined) layout.title.subtitle = { text: escapeLabel(subtitle) };
  return layout;
}

/** Shared config: responsive, no Plotly logo. */
export function baseConfig(): ChartConfig {
  return { responsive: true, displaylogo: false };
}
