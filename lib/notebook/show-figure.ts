import type { Figure } from '../charts/index';
import { figureBundle } from './figure-bundle';
import type { DisplayWriter } from './mime-bundle';
import { tslabWriter } from './tslab-writer';

/**
 * Displays a figure as ONE multi-MIME output (Plotly JSON + HTML + text). Returns nothing, so a trailing call does
 * not echo the figure as text in the cell.
 * @example showFigure(costPerDayChart(daily))
 */
export function showFigure(fig: Figure, writer: DisplayWriter = tslabWriter()): void {
  writer.publish(figureBundle(fig), { metadata: { 'usage-notebooks': { role: 'figure', id: fig.id } } });
}
