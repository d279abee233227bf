import { checkArray, checkId, invalid, type Figure } from '../charts/index';

/** Checks a figure's id (also a file name and DOM id) by the chart builders' one rule: `invalid figure id: ...`. */
export function checkFigure(fig: Figure): Figure {
  if (typeof fig !== 'object' || fig === null || !Array.isArray(fig.data)) throw invalid('figure', fig);
  checkId(fig.id);
  return fig;
}

/** Checks ids of several figures, including that no two share one. */
export function checkFigures(figs: readonly Figure[]): readonly Figure[] {
  checkArray(figs, 'figures');
  const seen = new Set<string>();
  for (const fig of figs) {
    checkFigure(fig);
    if (seen.has(fig.id)) throw new Error(`invalid figure id: ${JSON.stringify(fig.id)} (duplicate)`);
    seen.add(fig.id);
  }
  return figs;
}
