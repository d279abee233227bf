import type { Figure } from '../charts/index';
import { plotlyBundle } from '../export/index';
import { figureBundle } from './figure-bundle';
import type { DisplayWriter } from './mime-bundle';
import { plotlyInitBundle } from './plotly-init';
import { tslabWriter } from './tslab-writer';

/**
 * Displays a figure as ONE multi-MIME output (Plotly JSON + HTML + text). Returns nothing, so a trailing call does
 * not echo the figure as text in the cell.
 */
export function showFigure(fig: Figure, writer: DisplayWriter = tslabWriter()): void {
  writer.publish(figureBundle(fig), { metadata: { 'usage-notebooks': { role: 'figure', id: fig.id } } });
}

/**
 * Loads plotly.js (inline, offline) into the notebook page once, for the `text/html` representation of figures
 * (nbconvert HTML, trusted notebooks). JupyterLab's Plotly renderer does not need it. Call it once, near the top.
 */
export function initPlotly(writer: DisplayWriter = tslabWriter()): void {
  writer.publish(plotlyInitBundle(plotlyBundle()), { metadata: { 'usage-notebooks': { role: 'plotly-init' } } });
}
