import type { OrganizationTag } from '../catalogue/index';
import { organizationOfRow, type CostTable, type DictColumn, type UsageTable } from '../frames/index';
import type { AnomalyMetric, SeriesPoint } from './anomalies';
import { billingModel, parseLineItem } from './line-item';
import { utcDate } from '../shared/index';

const text = (col: DictColumn | undefined, i: number): string | null =>
  col === undefined ? null : (col.values[col.codes[i] ?? -1] ?? null);
const NONE = '(none)';

/**
 * The points of one value: the organization's, then its project's, model's and project-and-model's (those known).
 * `pair` is the project-and-model key, made once per project and model (not per point).
 */
function push(
  out: SeriesPoint[],
  tag: OrganizationTag | undefined,
  date: string,
  project: string | null,
  model: string | null,
  pair: string | null,
  metric: AnomalyMetric,
  value: number,
): void {
  if (tag !== undefined) {
    const { organization_id, organization } = tag;
    out.push({ organization_id, organization, date, scope: 'organization', key: 'all', metric, value });
    if (project !== null)
      out.push({ organization_id, organization, date, scope: 'project', key: project, metric, value });
    if (model !== null) out.push({ organization_id, organization, date, scope: 'model', key: model, metric, value });
    if (pair !== null)
      out.push({ organization_id, organization, date, scope: 'project_model', key: pair, metric, value });
    return;
  }
  out.push({ date, scope: 'organization', key: 'all', metric, value });
  if (project !== null) out.push({ date, scope: 'project', key: project, metric, value });
  if (model !== null) out.push({ date, scope: 'model', key: model, metric, value });
  if (pair !== null) out.push({ date, scope: 'project_model', key: pair, metric, value });
}

/** `<project> | <model>` keys, one string per pair (a year of rows repeats a few hundred pairs). */
function pairKeys(): (project: string | null, model: string | null) => string | null {
  const keys = new Map<string, Map<string, string>>();
  return (project, model) => {
    if (project === null || model === null) return null;
    let ofProject = keys.get(project);
    if (ofProject === undefined) keys.set(project, (ofProject = new Map<string, string>()));
    let key = ofProject.get(model);
    if (key === undefined) ofProject.set(model, (key = `${project} | ${model}`));
    return key;
  };
}

/** Options of {@link anomalyPoints}. */
export interface AnomalyPointsOptions {
  /**
   * Current time, epoch ms: the UTC day holding it (and any later one) is left out, since an open day is never
   * judged against whole days (at midday it holds about half a day). @default Date.now()
   */
  now?: number;
}

/**
 * Daily series for {@link detectAnomalies}: requests and input/output tokens from completions usage (1d buckets,
 * grouped by project_id and model), spend from costs (grouped by project_id and line_item), for the organization,
 * each project, each model and each project and model. Complete UTC days only (see `now`). Tables read from several
 * organizations: each point carries its organization (`detectAnomalies` judges each organization alone).
 * @example anomalyPoints(completions, costs) // [{ date: '2026-11-01', scope: 'organization', key, metric: 'requests', value }, …]
 */
export function anomalyPoints(
  usage: UsageTable | null,
  costs: CostTable | null = null,
  options: AnomalyPointsOptions = {},
): SeriesPoint[] {
  const openDay = utcDate(Math.floor((options.now ?? Date.now()) / 1000));
  const out: SeriesPoint[] = [];
  const pairOf = pairKeys();
  if (usage !== null) {
    const metric = (name: string): Float64Array => usage.metrics[name] ?? new Float64Array(usage.length);
    const [req, inp, outp] = [metric('num_model_requests'), metric('input_tokens'), metric('output_tokens')];
    // Billing models per dictionary code, not per row.
    const modelCol = usage.dimensions['model'];
    const models = modelCol?.values.map((v) => (v === null ? null : billingModel(v))) ?? [];
    const organizationOf = organizationOfRow(usage.organizations);
    for (let i = 0; i < usage.length; i++) {
      const tag = organizationOf(i);
      const date = utcDate(usage.startTime[i] ?? 0);
      if (date >= openDay) continue;
      const project = text(usage.dimensions['project_id'], i) ?? NONE;
      const model = modelCol === undefined ? null : (models[modelCol.codes[i] ?? -1] ?? null);
      const pair = pairOf(project, model);
      push(out, tag, date, project, model, pair, 'requests', req[i] ?? 0);
      push(out, tag, date, project, model, pair, 'input_tokens', inp[i] ?? 0);
      push(out, tag, date, project, model, pair, 'output_tokens', outp[i] ?? 0);
    }
  }
  if (costs !== null) {
    const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
    const organizationOf = organizationOfRow(costs.organizations);
    for (let i = 0; i < costs.length; i++) {
      const date = utcDate(costs.startTime[i] ?? 0);
      if (date >= openDay) continue;
      const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
      const project = text(costs.projectId, i) ?? NONE;
      const model = item?.model ?? null;
      push(out, organizationOf(i), date, project, model, pairOf(project, model), 'spend', costs.amount[i] ?? 0);
    }
  }
  return out;
}
