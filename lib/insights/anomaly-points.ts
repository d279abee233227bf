import type { OrganizationTag } from '../catalogue/index';
import { organizationOfRow, valueAt, type CostTable, type UsageTable } from '../frames/index';
import type { AnomalyMetric, AnomalyScope, SeriesPoint } from './anomalies';
import { billingModel, parseLineItem } from './line-item';
import { utcDate } from '../shared/index';

const NONE = '(none)';

/** A series' identity: its organization (none for one organization's tables), scope, key and metric. */
interface SeriesId {
  tag: OrganizationTag | undefined;
  scope: AnomalyScope;
  key: string;
  metric: AnomalyMetric;
}

/**
 * One point per series and UTC day, in the order each first appears in the rows, its value summed from 0 in row order
 * (the sums detectAnomalies and the chart make of per-row points, without a point per row: a year of grouped rows
 * gave ~10^6 of them, most of a cell's time spent making and collecting them).
 */
class PointSums {
  readonly points: SeriesPoint[] = [];
  readonly #series: SeriesId[] = [];
  readonly #ids = new Map<string, number>();
  readonly #slots = new Map<number, SeriesPoint>();

  /** The series' number (its identity text built once per distinct combination by the caller's cache). */
  seriesId(id: SeriesId): number {
    const text = `${id.tag?.organization_id ?? ''}\u0000${id.scope}\u0000${id.key}\u0000${id.metric}`;
    let n = this.#ids.get(text);
    if (n === undefined) {
      this.#ids.set(text, (n = this.#series.length));
      this.#series.push(id);
    }
    return n;
  }

  add(series: number, day: number, date: string, value: number): void {
    // Day numbers (days since 1970) stay below 2^20 until the year 4840.
    const slot = series * 1_048_576 + day;
    const point = this.#slots.get(slot);
    if (point !== undefined) {
      point.value += value;
      return;
    }
    const id = this.#series[series];
    if (id === undefined) throw new RangeError(`invalid series: ${series}`);
    const { tag, scope, key, metric } = id;
    const made: SeriesPoint =
      tag === undefined
        ? { date, scope, key, metric, value: 0 + value }
        : {
            organization_id: tag.organization_id,
            organization: tag.organization,
            date,
            scope,
            key,
            metric,
            value: 0 + value,
          };
    this.#slots.set(slot, made);
    this.points.push(made);
  }
}

/**
 * The series numbers of a row's values, metric by metric: the organization's, then its project's, model's and
 * project-and-model's (-1 where the row names no model), as one row's points came before.
 */
function seriesOfRow(
  sums: PointSums,
  tag: OrganizationTag | undefined,
  project: string,
  model: string | null,
  pair: string | null,
  metrics: readonly AnomalyMetric[],
): Int32Array {
  const ids = new Int32Array(metrics.length * 4).fill(-1);
  metrics.forEach((metric, m) => {
    ids[m * 4] = sums.seriesId({ tag, scope: 'organization', key: 'all', metric });
    ids[m * 4 + 1] = sums.seriesId({ tag, scope: 'project', key: project, metric });
    if (model !== null) ids[m * 4 + 2] = sums.seriesId({ tag, scope: 'model', key: model, metric });
    if (pair !== null) ids[m * 4 + 3] = sums.seriesId({ tag, scope: 'project_model', key: pair, metric });
  });
  return ids;
}

const USAGE_METRICS: readonly AnomalyMetric[] = ['requests', 'input_tokens', 'output_tokens'];
const COST_METRICS: readonly AnomalyMetric[] = ['spend'];

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
 * each project, each model and each project and model: one point per series and day, the rows' values summed in row
 * order. Complete UTC days only (see `now`). Tables read from several organizations: each point carries its
 * organization (`detectAnomalies` judges each organization alone).
 * @example anomalyPoints(completions, costs) // [{ date: '2026-11-01', scope: 'organization', key, metric: 'requests', value }, …]
 */
export function anomalyPoints(
  usage: UsageTable | null,
  costs: CostTable | null = null,
  options: AnomalyPointsOptions = {},
): SeriesPoint[] {
  const openDay = utcDate(Math.floor((options.now ?? Date.now()) / 1000));
  const sums = new PointSums();
  if (usage !== null) {
    const metric = (name: string): Float64Array => usage.metrics[name] ?? new Float64Array(usage.length);
    const [req, inp, outp] = [metric('num_model_requests'), metric('input_tokens'), metric('output_tokens')];
    // Billing models per dictionary code, not per row.
    const modelCol = usage.dimensions['model'];
    const models = modelCol?.values.map((v) => (v === null ? null : billingModel(v))) ?? [];
    const projectCol = usage.dimensions['project_id'];
    const pairOf = pairKeys(models.length + 1);
    const organizationOf = organizationOfRow(usage.organizations);
    const orgCodes = usage.organizations?.id.codes;
    const dateOf = datesOf(usage.startTime);
    // A row's series by its organization, project and model codes (shifted by one: -1, no column, is 0).
    const rowSeries = new Map<number, Int32Array>();
    const projects = (projectCol?.values.length ?? 0) + 1;
    const modelCount = models.length + 1;
    for (let i = 0; i < usage.length; i++) {
      const date = dateOf(i);
      if (date >= openDay) continue;
      const pc = projectCol === undefined ? -1 : (projectCol.codes[i] ?? -1);
      const mc = modelCol === undefined ? -1 : (modelCol.codes[i] ?? -1);
      const combo = ((orgCodes?.[i] ?? -1) + 1) * projects * modelCount + (pc + 1) * modelCount + (mc + 1);
      let ids = rowSeries.get(combo);
      if (ids === undefined) {
        const project = valueAt(projectCol, i) ?? NONE;
        const model = models[mc] ?? null;
        const pair = model === null ? null : pairOf(pc + 1, project, mc + 1, model);
        ids = seriesOfRow(sums, organizationOf(i), project, model, pair, USAGE_METRICS);
        rowSeries.set(combo, ids);
      }
      const day = Math.floor((usage.startTime[i] ?? 0) / 86_400);
      addRow(sums, ids, 0, day, date, req[i] ?? 0);
      addRow(sums, ids, 1, day, date, inp[i] ?? 0);
      addRow(sums, ids, 2, day, date, outp[i] ?? 0);
    }
  }
  if (costs !== null) {
    const parsed = costs.lineItem.values.map((v) => (v === null ? null : parseLineItem(v)));
    const pairOf = pairKeys(parsed.length + 1);
    const organizationOf = organizationOfRow(costs.organizations);
    const orgCodes = costs.organizations?.id.codes;
    const dateOf = datesOf(costs.startTime);
    const rowSeries = new Map<number, Int32Array>();
    const projects = costs.projectId.values.length + 1;
    const items = parsed.length + 1;
    for (let i = 0; i < costs.length; i++) {
      const date = dateOf(i);
      if (date >= openDay) continue;
      const ic = costs.lineItem.codes[i] ?? -1;
      const pc = costs.projectId.codes[i] ?? -1;
      const combo = ((orgCodes?.[i] ?? -1) + 1) * projects * items + (pc + 1) * items + (ic + 1);
      let ids = rowSeries.get(combo);
      if (ids === undefined) {
        const model = parsed[ic]?.model ?? null;
        const project = valueAt(costs.projectId, i) ?? NONE;
        // Keyed by line item: its model is what the pair names.
        const pair = model === null ? null : pairOf(pc + 1, project, ic + 1, model);
        ids = seriesOfRow(sums, organizationOf(i), project, model, pair, COST_METRICS);
        rowSeries.set(combo, ids);
      }
      addRow(sums, ids, 0, Math.floor((costs.startTime[i] ?? 0) / 86_400), date, costs.amount[i] ?? 0);
    }
  }
  return sums.points;
}

/** One value of a row, metric `m`, added to its (up to four) series of that day. */
function addRow(sums: PointSums, ids: Int32Array, m: number, day: number, date: string, value: number): void {
  for (let s = m * 4; s < m * 4 + 4; s++) {
    const id = ids[s] ?? -1;
    if (id >= 0) sums.add(id, day, date, value);
  }
}
