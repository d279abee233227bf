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

/**
 * `<project> | <model>` keys by the two dictionary codes (a year of rows repeats a few hundred pairs): one string per
 * pair, found by a number rather than by hashing two strings per row.
 */
function pairKeys(models: number): (pc: number, project: string, mc: number, model: string) => string {
  const keys = new Map<number, string>();
  return (pc, project, mc, model) => {
    const at = pc * models + mc;
    let key = keys.get(at);
    if (key === undefined) keys.set(at, (key = `${project} | ${model}`));
    return key;
  };
}

/** The UTC date of each row's start, computed again only where the start changes (rows come bucket by bucket). */
function datesOf(startTime: Float64Array): (i: number) => string {
  let start = NaN;
  let date = '';
  return (i) => {
    const t = startTime[i] ?? 0;
    if (t !== start) date = utcDate((start = t));
    return date;
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
  if (usage !== null) {
    const metric = (name: string): Float64Array => usage.metrics[name] ?? new Float64Array(usage.length);
    const [req, inp, outp] = [metric('num_model_requests'), metric('input_tokens'), metric('output_tokens')];
    // Billing models per dictionary code, not per row.
    const modelCol = usage.dimensions['model'];
    const models = modelCol?.values.map((v) => (v === null ? null : billingModel(v))) ?? [];
    const projectCol = usage.dimensions['project_id'];
    const pairOf = pairKeys(models.length + 1);
    const organizationOf = organizationOfRow(usage.organizations);
    const dateOf = datesOf(usage.startTime);
    for (let i = 0; i < usage.length; i++) {
      const tag = organizationOf(i);
      const date = dateOf(i);
      if (date >= openDay) continue;
      // Codes shifted by one: -1 (no column) is 0.
      const pc = projectCol === undefined ? -1 : (projectCol.codes[i] ?? -1);
      const project = text(projectCol, i) ?? NONE;
      const mc = modelCol === undefined ? -1 : (modelCol.codes[i] ?? -1);
      const model = models[mc] ?? null;
      const pair = model === null ? null : pairOf(pc + 1, project, mc + 1, model);
      push(out, tag, date, project, model, pair, 'requests', req[i] ?? 0);
      push(out, tag, date, project, model, pair, 'input_tokens', inp[i] ?? 0);
      push(out, tag, date, project, model, pair, 'output_tokens', outp[i] ?? 0);
    }
  }
  if (costs !== null) {
    const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
    const pairOf = pairKeys(parsed.length + 1);
    const organizationOf = organizationOfRow(costs.organizations);
    const dateOf = datesOf(costs.startTime);
    for (let i = 0; i < costs.length; i++) {
      const date = dateOf(i);
      if (date >= openDay) continue;
      const ic = costs.lineItem.codes[i] ?? -1;
      const model = parsed[ic]?.model ?? null;
      const pc = costs.projectId.codes[i] ?? -1;
      const project = text(costs.projectId, i) ?? NONE;
      // Keyed by line item: its model is what the pair names.
      const pair = model === null ? null : pairOf(pc + 1, project, ic + 1, model);
      push(out, organizationOf(i), date, project, model, pair, 'spend', costs.amount[i] ?? 0);
    }
  }
  return out;
}
