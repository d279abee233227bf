import type { Figure } from './figure';
import type { ShareSplit } from './inputs';
import { checkColors, checkText, invalid } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { formatCount, formatPercent } from './format';
import { groupCount } from './group-count';
import { colorScale } from './palette';
import { namedSlices, pieFigure } from './pie-figure';
import { OTHER_LABEL } from '../frames/index';
import { checkNames } from './series-names';

/** Options of the project pies. */
export interface ProjectPieOptions {
  title?: string;
  /** Colour per project id; default: {@link colorScale} over every project of the split. */
  colors?: Record<string, string>;
  /** Project ID → name (`names.labels('project_id')`): slices show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

/** Colour scale over every real project of a split, so both pies and the bar chart agree. */
export function splitColorScale(split: ShareSplit): Map<string, string> {
  return colorScale([...split.main, ...split.other].map((s) => s.label));
}

/** Checks the split's shape once for both pies. */
export function checkSplit(split: ShareSplit): ShareSplit {
  const ok =
    typeof split === 'object' &&
    split !== null &&
    Array.isArray(split.main) &&
    Array.isArray(split.other) &&
    Number.isFinite(split.total) &&
    [...split.main, ...split.other].every((s) => Number.isFinite(s.value));
  if (!ok) throw invalid('split', split);
  return split;
}

/**
 * Pie of model requests by project: projects under the threshold are one "Other" slice (seed: < 5%).
 * Slices show "12.3% (1,234)"; hovering "Other" says how many projects it holds.
 * @example showFigure(requestsByProjectPie(requestsByProject(usageTable('completions', buckets))))
 */
export function requestsByProjectPie(split: ShareSplit, opts: ProjectPieOptions = {}): Figure {
  const s = checkSplit(split);
  const names = checkNames(opts.names);
  const title =
    opts.title !== undefined
      ? checkText(opts.title, 'title')
      : names === undefined
        ? 'Distribution of Model Requests by Project ID'
        : 'Distribution of Model Requests by Project';
  if (s.total <= 0 || s.main.length === 0) return emptyFigure('requests-by-project-pie', title, NO_USAGE_DATA);
  const subtitle =
    s.other.length > 0
      ? `${formatCount(s.total)} requests · "Other" = ${groupCount(s.other.length, 'project_id')} under ${formatPercent(s.threshold)} each`
      : `${formatCount(s.total)} requests`;
  return pieFigure(
    namedSlices(s.main, names).map((slice) =>
      slice.label === OTHER_LABEL && slice.id === undefined && s.other.length > 0
        ? { ...slice, note: groupCount(s.other.length, 'project_id') }
        : slice,
    ),
    {
      id: 'requests-by-project-pie',
      title,
      subtitle,
      valueName: 'Requests',
      format: formatCount,
      scale: splitColorScale(s),
      colors: checkColors(opts.colors),
    },
  );
}
