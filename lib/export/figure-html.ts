import type { Figure } from '../charts/index';
import { checkFigure } from './check-figure';
import { figureBlock } from './figure-block';
import { pageShell } from './page-shell';
import { type PlotlySource, checkPlotlySource, plotlyScriptTag } from './plotly-source';
import { sharedPlotlyBundle } from './plotly-bundle';

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** 'inline' embeds plotly.js (works offline, ~4.8 MB); `{ src }` references e.g. a sibling `plotly.min.js`. */
  plotly: PlotlySource;
  /** Bundle reader; default: the process's one copy ({@link sharedPlotlyBundle}). */
  bundle?: () => string;
}

/**
 * A standalone HTML page drawing one figure; the title is escaped, the figure JSON script-safe.
 * @example writeFileSync('chart.html', figureHtml(fig, { plotly: 'inline' }))
 */
export function figureHtml(fig: Figure, opts: FigureHtmlOptions): string {
  checkFigure(fig);
  const plotly = checkPlotlySource(opts.plotly);
  return pageShell(fig.title, plotlyScriptTag(plotly, opts.bundle ?? sharedPlotlyBundle), [
    `<section class="card" id="${fig.id}">`,
    figureBlock(fig),
    '</section>',
  ]);
}
