import type { Figure } from './figure';
import type { GroupSum } from './inputs';
import { checkColors, checkId, checkText, invalid } from './check-options';
import { NO_COST_DATA, NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { formatPercent } from './format';
import { groupCount } from './group-count';
import { groupLabels } from './group-labels';
import { colorScale } from './palette';
import { type PieSlice, namedSlices, pieFigure } from './pie-figure';
import { checkNames } from './series-names';
import { type ValueFormat, valueFormatter } from './value-format';
import { OTHER_LABEL, OTHER_THRESHOLD, foldOther } from '../frames/index';

/** Options of {@link sharePie}. */
export interface SharePieOptions {
  /** e.g. 'model-share-pie', 'cost-by-project-pie'. */
  id: string;
  title: string;
  /** Which group key labels the slices, e.g. 'model' or 'project_id'. */
  labelKey: string;
  /** Hover name of the values; default "Requests" for counts, "Cost" for currency. */
  valueLabel?: string;
  /** Default 'count'. */
  valueFormat?: ValueFormat;
  /** ISO code for 'currency'; default 'usd'. */
  currency?: string;
  /** Slices under this share (0..1) fold into "Other" (when two or more do); default 0.05, 0 keeps every slice. */
  otherThreshold?: number;
  colors?: Record<string, string>;
  /** ID → name for the label key (`names.labels(labelKey)`): slices show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

/**
 * Pie of a grouped sum (tokens by model, cost by project, ...), tiny slices folded into "Other".
 * @example
 * const byModel = sumBy(table, ['model'], 'input_tokens');
 * sharePie(byModel, { id: 'model-share-pie', title: 'Input tokens by model', labelKey: 'model' })
 */
export function sharePie(groups: readonly GroupSum[], opts: SharePieOptions): Figure {
  const id = checkId(opts.id);
  const title = checkText(opts.title, 'title');
  const format = valueFormatter(opts.valueFormat, opts.currency);
  const threshold = opts.otherThreshold ?? OTHER_THRESHOLD;
  if (!(threshold >= 0 && threshold < 1)) throw invalid('otherThreshold', threshold);
  const colors = checkColors(opts.colors);
  const names = checkNames(opts.names);
  const labelled = groupLabels(groups, opts.labelKey).filter((g) => g.value > 0);
  const total = labelled.reduce((acc, g) => acc + g.value, 0);
  if (total <= 0) return emptyFigure(id, title, opts.valueFormat === 'currency' ? NO_COST_DATA : NO_USAGE_DATA);
  const { kept, folded, foldedTotal } = foldOther(labelled, (g) => g.value, { threshold, minFolded: 2 });
  const slices: PieSlice[] = namedSlices(kept, names);
  if (folded.length > 0) {
    const note = `${groupCount(folded.length, opts.labelKey)} under ${formatPercent(threshold)} each`;
    slices.push({ label: OTHER_LABEL, value: foldedTotal, note });
  }
  return pieFigure(slices, {
    id,
    title,
    subtitle: `Total: ${format(total)} · ${groupCount(labelled.length, opts.labelKey)}`,
    valueName: opts.valueLabel ?? (opts.valueFormat === 'currency' ? 'Cost' : 'Requests'),
    format,
    scale: colorScale(labelled.map((g) => g.label)),
    colors,
  });
}
