import type { Figure } from './figure';
import type { ShareSplit } from './inputs';
import { checkColors, checkText } from './check-options';
import { formatCount, formatPercent } from './format';
import { groupCount } from './group-count';
import { namedSlices, pieFigure } from './pie-figure';
import { type ProjectPieOptions, checkSplit, splitColorScale } from './requests-by-project-pie';
import { checkNames } from './series-names';

/**
 * Breakdown of the projects folded into "Other" (seed: 'Breakdown of "Other" Projects by Model Requests');
 * `null` when nothing was folded. Shares are relative to the "Other" total.
 * @example const pie = otherProjectsPie(requestsByProject(table)); if (pie) showFigure(pie);
 */
export function otherProjectsPie(split: ShareSplit, opts: ProjectPieOptions = {}): Figure | null {
  const s = checkSplit(split);
  const title =
    opts.title === undefined ? 'Breakdown of "Other" Projects by Model Requests' : checkText(opts.title, 'title');
  const otherTotal = s.other.reduce((acc, slice) => acc + slice.value, 0);
  if (s.other.length === 0 || otherTotal <= 0) return null;
  const ofAll = s.total > 0 ? ` (${formatPercent(otherTotal / s.total)} of all)` : '';
  return pieFigure(namedSlices(s.other, checkNames(opts.names)), {
    id: 'requests-other-projects-pie',
    title,
    subtitle: `${groupCount(s.other.length, 'project_id')} · ${formatCount(otherTotal)} requests${ofAll}`,
    valueName: 'Requests',
    format: formatCount,
    scale: splitColorScale(s),
    colors: checkColors(opts.colors),
  });
}
