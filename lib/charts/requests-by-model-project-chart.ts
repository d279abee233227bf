import type { BarTrace, Figure } from './figure';
import type { ModelProjectRequests } from './inputs';
import { baseConfig, baseLayout } from './base-layout';
import { checkColors, checkText, invalid } from './check-options';
import { NO_USAGE_DATA, emptyFigure } from './empty-figure';
import { escapeLabel } from './escape-label';
import { formatCount } from './format';
import { colorScale, pickColor } from './palette';
import { checkNames, idHover, seriesNames } from './series-names';
import { lastSpan, rangeSeconds } from './span-title';
import { LEGEND_CHARS, categoryTicks, truncateLabel } from './tick-labels';

/** Options of {@link requestsByModelProjectChart}. */
export interface RequestsByModelProjectOptions {
  /** Default: "Total Model Requests by Model and Project ID", plus "Last N Days" when `rangeSeconds` is given. */
  title?: string;
  /** The queried range in seconds, named in the default title (the aggregate itself carries no dates). */
  rangeSeconds?: number;
  /** Colour per project id; default: {@link colorScale} over `projects`. */
  colors?: Record<string, string>;
  /** Project ID → name (`names.labels('project_id')`): legends show names, hover adds the ID. */
  names?: ReadonlyMap<string, string>;
}

const ID = 'requests-by-model-project';

/**
 * Stacked bars of model requests per model, one colour per project; legend sorted by project total with
 * "proj (Total: 1,234)", as in the seed notebook.
 */
export function requestsByModelProjectChart(d: ModelProjectRequests, opts: RequestsByModelProjectOptions = {}): Figure {
  if (typeof d !== 'object' || d === null || !Array.isArray(d.cells)) throw invalid('requests', d);
  const names = checkNames(opts.names);
  const base = names === undefined ? 'Total Model Requests by Model and Project ID' : 'Total Model Requests by Model and Project';
  const title =
    opts.title !== undefined
      ? checkText(opts.title, 'title')
      : opts.rangeSeconds === undefined
        ? base
        : `${base} ${lastSpan(rangeSeconds(opts.rangeSeconds, 0))}`;
  const colors = checkColors(opts.colors);
  const total = d.cells.reduce((acc, c) => acc + c.num_model_requests, 0);
  if (d.models.length === 0 || d.projects.length === 0 || total === 0) return emptyFigure(ID, title, NO_USAGE_DATA);
  const byKey = new Map<string, number>();
  for (const c of d.cells) {
    if (!Number.isFinite(c.num_model_requests)) throw invalid('num_model_requests', c.num_model_requests);
    const key = JSON.stringify([c.model, c.project_id]);
    byKey.set(key, (byKey.get(key) ?? 0) + c.num_model_requests);
  }
  const scale = colorScale(d.projects);
  const shown = seriesNames(d.projects, names);
  const models = d.models.map(escapeLabel);
  const data: BarTrace[] = d.projects.map((project) => {
    const y = d.models.map((model) => byKey.get(JSON.stringify([model, project])) ?? 0);
    const projectTotal = d.totals[project] ?? y.reduce((a, b) => a + b, 0);
    const label = shown.get(project)?.label ?? project;
    const name = escapeLabel(label) + idHover(shown.get(project));
    return {
      type: 'bar',
      name: `${escapeLabel(truncateLabel(label, LEGEND_CHARS))} (Total: ${formatCount(projectTotal)})`,
      x: models,
      y,
      marker: { color: pickColor(project, scale, colors) },
      customdata: d.models.map((model, i) => [name, escapeLabel(model), formatCount(y[i] ?? 0)]),
      hovertemplate: 'Project: %{customdata[0]}<br>Model: %{customdata[1]}<br>Requests: %{customdata[2]}<extra></extra>',
    };
  });
  const subtitle = `${formatCount(total)} requests · ${d.models.length} models · ${d.projects.length} projects`;
  const layout = baseLayout(title, subtitle);
  layout.barmode = 'stack';
  layout.xaxis = { ...categoryTicks(d.models), title: { text: 'Model' }, tickangle: -30 };
  layout.yaxis = { title: { text: 'Number of Model Requests' }, rangemode: 'tozero', automargin: true, separatethousands: true };
  // Plotly reverses stacked-bar legends by default; keep the seed's "sorted by total" order.
  layout.legend = { traceorder: 'normal', title: { text: 'Project' }, font: { size: 12 } };
  return { id: ID, title, subtitle, data, layout, config: baseConfig() };
}
