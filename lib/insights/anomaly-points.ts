import type { CostTable, DictColumn, UsageTable } from '../frames/index';
import type { AnomalyMetric, AnomalyScope, SeriesPoint } from './anomalies';
import { billingModel, parseLineItem } from './line-item';
import { utcDate } from '../shared/index';

const text = (col: DictColumn | undefined, i: number): string | null =>
  col === undefined ? null : (col.values[col.codes[i] ?? -1] ?? null);
const NONE = '(none)';

function push(
  out: SeriesPoint[],
  date: string,
  project: string | null,
  model: string | null,
  metric: AnomalyMetric,
  value: number,
): void {
  out.push({ date, scope: 'organization', key: 'all', metric, value });
  const scopes: [AnomalyScope, string | null][] = [
    ['project', project],
    ['model', model],
    ['project_model', project === null || model === null ? null : `${project} | ${model}`],
  ];
  for (const [scope, key] of scopes) if (key !== null) out.push({ date, scope, key, metric, value });
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
 * each project, each model and each project and model. Complete UTC days only (see `now`).
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
    for (let i = 0; i < usage.length; i++) {
      const date = utcDate(usage.startTime[i] ?? 0);
      if (date >= openDay) continue;
      const project = text(usage.dimensions['project_id'], i) ?? NONE;
      const raw = text(usage.dimensions['model'], i);
      const model = raw === null ? null : billingModel(raw);
      push(out, date, project, model, 'requests', req[i] ?? 0);
      push(out, date, project, model, 'input_tokens', inp[i] ?? 0);
      push(out, date, project, model, 'output_tokens', outp[i] ?? 0);
    }
  }
  if (costs !== null) {
    const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
    for (let i = 0; i < costs.length; i++) {
      const date = utcDate(costs.startTime[i] ?? 0);
      if (date >= openDay) continue;
      const item = parsed[costs.lineItem.codes[i] ?? -1] ?? null;
      const project = text(costs.projectId, i) ?? NONE;
      push(out, date, project, item?.model ?? null, 'spend', costs.amount[i] ?? 0);
    }
  }
  return out;
}
