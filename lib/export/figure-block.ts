import type { Figure } from '../charts/index';
import { safeJson } from './safe-json';

/** DOM id of a figure's plot element. */
export function plotElementId(fig: Figure): string {
  return `plot-${fig.id}`;
}

/**
 * A figure's plot `<div>` (sized to the layout height so the page does not jump) and the script that draws it.
 * Every value is embedded through {@link safeJson}; ids are already restricted to [a-z0-9-].
 */
export function figureBlock(fig: Figure): string {
  const id = plotElementId(fig);
  const call = `Plotly.newPlot(${safeJson(id)}, ${safeJson(fig.data)}, ${safeJson(fig.layout)}, ${safeJson(fig.config)});`;
  return [
    `<div id="${id}" class="plot" style="height:${Math.round(fig.layout.height)}px"></div>`,
    `<script>${call}</script>`,
  ].join('\n');
}
