import type { Figure } from '../charts/figure';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks a figure's id (also a file name and DOM id): `invalid figure id: ...` for anything but [a-z0-9-]. */
export function checkFigure(fig: Figure): Figure {
  if (typeof fig !== 'object' || fig === null || !Array.isArray(fig.data)) throw new Error(`invalid figure: ${String(fig)}`);
  if (typeof fig.id !== 'string' || !ID_PATTERN.test(fig.id)) {
    throw new Error(`invalid figure id: ${JSON.stringify(fig.id) ?? String(fig.id)}`);
  }
  return fig;
}

/** Checks ids of several figures, including that no two share one. */
export function checkFigures(figs: readonly Figure[]): readonly Figure[] {
  if (!Array.isArray(figs)) throw new Error(`invalid figures: ${String(figs)}`);
  const seen = new Set<string>();
  for (const fig of figs) {
    checkFigure(fig);
    if (seen.has(fig.id)) throw new Error(`invalid figure id: ${JSON.stringify(fig.id)} (duplicate)`);
    seen.add(fig.id);
  }
  return figs;
}
