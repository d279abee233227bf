import type { BarTrace, Figure } from './figure';
import type { ModelProjectRequests } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkColors, checkText, invalid } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import { formatCount } from './format';
import { OTHER_COLOR, colorScale, pickColor } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';
import { lastSpan, rangeSeconds } from './span-title';
import { LEGEND_CHARS, categoryTicks, truncateLabel } from './tick-labels';
import { OTHER_LABEL, foldOther } from '../frames/index';

/** Options of {@link requestsByModelProjectChart}. */
export interface RequestsByModelProjectOptions {
  /** Default: "Total Model Requests by Model and Project ID", plus "Last N Days" when `rangeSeconds` is given. */
  title?: string;
  /** The queried range in seconds, named in the default title (the aggregate itself carries no dates). */
  rangeSeconds?: number;
  /** Colour per project id; default: {@link colorScale} over `projects`. */
  colors?: Record<string, string>;
  /** Models with most requests drawn as their own bar; the rest fold into one "Other" bar. Default 30. */
  maxModels?: number;
  /** Projects drawn as their own series (largest first); the rest stack as one "Other" series. Default 15. */
  maxSeries?: number;
  /** Project ID → name (`names.labels('project_id')`): legends show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

const ID = 'requests-by-model-project';

/**
 * Stacked bars of model requests per model, one colour per project; legend sorted by project total with
 * "proj (Total: 1,234)", as in the seed notebook.
 * @example showFigure(requestsByModelProjectChart(requestsByModelProject(usageTable('completions', buckets))))
 */
export function requestsByModelProjectChart(d: ModelProjectRequests, opts: RequestsByModelProjectOptions = {}): Figure {
  if (typeof d !== 'object' || d === null || !Array.isArray(d.cells)) throw invalid('requests', d);
  const names = checkNames(opts.names);
  const base =
    names === undefined ? 'Total Model Requests by Model and Project ID' : 'Total Model Requests by Model and Project';
  const title =
    opts.title !== undefined
      ? checkText(opts.title, 'title')
      : opts.rangeSeconds === undefined
        ? base
        : `${base} ${lastSpan(rangeSeconds(opts.rangeSeconds, 0))}`;
  const colors = checkColors(opts.colors);
  const total = d.cells.reduce((acc, c) => acc + c.num_model_requests, 0);
  if (d.models.length === 0 || d.projects.length === 0 || total === 0) return emptyFigure(ID, title, NO_USAGE_DATA);
  const maxModels = opts.maxModels ?? 30;
  if (!Number.isInteger(maxModels) || maxModels < 1) throw invalid('maxModels', maxModels);
  const maxSeries = opts.maxSeries ?? 15;
  if (!Number.isInteger(maxSeries) || maxSeries < 1) throw invalid('maxSeries', maxSeries);
  const modelTotals = new Map<string, number>();
  for (const c of d.cells) {
    if (!Number.isFinite(c.num_model_requests)) throw invalid('num_model_requests', c.num_model_requests);
    modelTotals.set(c.model, (modelTotals.get(c.model) ?? 0) + c.num_model_requests);
  }
  // The busiest models keep their own bar (in the seed's label order); the long tail is one "Other" bar, so 50,000
  // models do not write an 80 MB figure.
  const ranked = [...d.models].sort(
    (a, b) => (modelTotals.get(b) ?? 0) - (modelTotals.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const keptModels = new Set(foldOther(ranked, (m) => modelTotals.get(m) ?? 0, { keep: maxModels }).kept);
  const foldedModels = d.models.length - keptModels.size;
  const xRaw = [
    ...d.models.filter((m) => keptModels.has(m)),
    ...(foldedModels > 0 ? [`${OTHER_LABEL} (${foldedModels} models)`] : []),
  ];
  const xIndex = new Map(xRaw.map((m, i) => [m, i]));
  // `projects` comes sorted by total (largest first): the first `maxSeries` keep their own series.
  const keptProjects = foldOther(d.projects, (p) => d.totals[p] ?? 0, { keep: maxSeries }).kept;
  const foldedProjects = d.projects.length - keptProjects.length;
  const seriesIndex = new Map(keptProjects.map((p, i) => [p, i]));
  const seriesKeys = [...keptProjects, ...(foldedProjects > 0 ? [`${OTHER_LABEL} (${foldedProjects} projects)`] : [])];
  const ys = seriesKeys.map(() => new Array<number>(xRaw.length).fill(0));
  for (const c of d.cells) {
    const x = xIndex.get(c.model) ?? xRaw.length - 1;
    const row = ys[seriesIndex.get(c.project_id) ?? seriesKeys.length - 1];
    if (row !== undefined) row[x] = (row[x] ?? 0) + c.num_model_requests;
  }
  const scale = colorScale(keptProjects);
  const shown = seriesNames(keptProjects, names);
  const models = xRaw.map(escapeLabel);
  const data: BarTrace[] = seriesKeys.map((project, s) => {
    const y = ys[s] ?? [];
    const folded = s >= keptProjects.length;
    const projectTotal = folded ? y.reduce((a, b) => a + b, 0) : (d.totals[project] ?? y.reduce((a, b) => a + b, 0));
    const label = shown.get(project)?.label ?? project;
    const name = escapeLabel(label) + idHover(shown.get(project));
    return {
      type: 'bar',
      name: `${escapeLabel(truncateLabel(label, LEGEND_CHARS))} (Total: ${formatCount(projectTotal)})`,
      x: models,
      y,
      marker: { color: folded ? OTHER_COLOR : pickColor(project, scale, colors) },
      customdata: xRaw.map((model, i) => [name, escapeLabel(model), formatCount(y[i] ?? 0)]),
      hovertemplate:
        'Project: %{customdata[0]}<br>Model: %{customdata[1]}<br>Requests: %{customdata[2]}<extra></extra>',
    };
  });
  const shownModels = foldedModels > 0 ? `top ${keptModels.size} models shown, ${foldedModels} more as "Other"` : '';
  const shownProjects =
    foldedProjects > 0 ? `top ${keptProjects.length} projects shown, ${foldedProjects} more as "Other"` : '';
  const folds = [shownModels, shownProjects].filter((t) => t !== '').join('; ');
  const subtitle = `${formatCount(total)} requests · ${d.models.length} models · ${d.projects.length} projects${folds === '' ? '' : ` (${folds})`}`;
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'stack';
  layout.xaxis = { ...categoryTicks(xRaw), title: { text: 'Model' }, tickangle: -30 };
  layout.yaxis = {
    title: { text: 'Number of Model Requests' },
    rangemode: 'tozero',
    automargin: true,
    separatethousands: true,
  };
  // Plotly reverses stacked-bar legends by default; keep the seed's "sorted by total" order.
  layout.legend = { traceorder: 'normal', title: { text: 'Project' }, font: { size: 12 } };
  return { id: ID, title, subtitle, data, layout, config: baseConfig() };
}
