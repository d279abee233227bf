import { organizationFields, organizationParts } from './organization-parts';
import { sortedDeviationMedian, sortedMedian, windowMedian } from './robust-stats';
import { SortedWindow } from './sorted-window';

/** What a series is about. */
export type AnomalyScope = 'organization' | 'project' | 'model' | 'project_model';
/** What a series measures. */
export type AnomalyMetric = 'spend' | 'requests' | 'input_tokens' | 'output_tokens';

/** One day's value of one series. */
export interface SeriesPoint {
  /** The organization's ID and name: present for points of several organizations (each its own series). */
  organization_id?: string;
  organization?: string;
  date: string;
  scope: AnomalyScope;
  /** The project id, the model, or `<project> | <model>`; "all" for the organization. */
  key: string;
  metric: AnomalyMetric;
  value: number;
}

/** One row of `anomalies.csv` plus its explanation. */
export interface Anomaly {
  /** The organization's ID and name: present for anomalies of several organizations' points. */
  organization_id?: string;
  organization?: string;
  date: string;
  scope: AnomalyScope;
  key: string;
  metric: AnomalyMetric;
  value: number;
  baseline: number;
  /** (value − baseline) / robust scale: how many robust σ away. */
  score: number;
  /** value / baseline (Infinity when the baseline is 0). */
  ratio: number;
  explanation: string;
}

/** Options of {@link detectAnomalies}. */
export interface AnomalyOptions {
  /** Trailing days the baseline is taken from (same day type: weekdays vs weekend days). @default 28 */
  window?: number;
  /** Robust z-score a day must reach. @default 5 */
  threshold?: number;
  /** And a size: at least this many times the baseline (or at most its inverse, for drops). @default 2 */
  minRatio?: number;
  /**
   * Series whose baseline is below this share of the organization's mean daily value of the same metric are too
   * small to judge (a few cents, a handful of requests: every day looks unusual). Needs organization-scope points.
   * @default 0.05
   */
  minShare?: number;
}

/** What a metric is called in a sentence ("its usual input tokens"). */
export const METRIC_WORDS: Readonly<Record<AnomalyMetric, string>> = {
  spend: 'spend',
  requests: 'requests',
  input_tokens: 'input tokens',
  output_tokens: 'output tokens',
};
const isWeekend = (date: string): boolean => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 || d === 6;
};

function describe(scope: AnomalyScope, key: string, metric: AnomalyMetric, ratio: number): string {
  const who =
    scope === 'organization'
      ? 'organization'
      : scope === 'project_model'
        ? `project ${key.split(' | ')[0] ?? key}, model ${key.split(' | ')[1] ?? ''}`
        : `${scope} ${key}`;
  const size = !Number.isFinite(ratio)
    ? 'from nothing'
    : ratio >= 1
      ? `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`
      : `${(ratio * 100).toFixed(0)}% of`;
  return `${who}: ${size} its usual ${METRIC_WORDS[metric]}`;
}

/** The options checked, defaults filled. */
function anomalySettings(options: AnomalyOptions): Required<AnomalyOptions> {
  const window = options.window ?? 28;
  const threshold = options.threshold ?? 5;
  const minRatio = options.minRatio ?? 2;
  const minShare = options.minShare ?? 0.05;
  if (!Number.isInteger(window) || window < 7)
    throw new RangeError(`invalid window: ${window} (expected an integer of at least 7 days)`);
  if (!(threshold > 0)) throw new RangeError(`invalid threshold: ${threshold} (expected a positive score)`);
  if (!(minRatio >= 1)) throw new RangeError(`invalid minRatio: ${minRatio} (expected at least 1)`);
  if (!(minShare >= 0 && minShare < 1)) throw new RangeError(`invalid minShare: ${minShare} (expected 0 to below 1)`);
  return { window, threshold, minRatio, minShare };
}

/** A window's values and their deviations, reused for every series and day (~10^5 windows a year). */
interface WindowBuffers {
  past: Float64Array;
  work: Float64Array;
}

const windowBuffers = (window: number): WindowBuffers => ({
  past: new Float64Array(window),
  work: new Float64Array(window),
});

/** A series zero-filled over the dates: its values by date index. */
interface Series {
  scope: AnomalyScope;
  key: string;
  metric: AnomalyMetric;
  values: ArrayLike<number>;
}

/**
 * Day `i` of a series judged against its trailing baseline (the same day type within `window` dates before it):
 * the anomaly, or null when the day is usual, has no full baseline (4 same-type days) or a baseline below
 * `minBaseline`. The one judgement of `AnomalyTracker`, and of `detectAnomalies` for series `judgeSeries` cannot take.
 */
function judgeDay(
  s: Series,
  date: string,
  i: number,
  weekend: readonly boolean[],
  settings: Required<AnomalyOptions>,
  minBaseline: number,
  buffers: WindowBuffers,
): Anomaly | null {
  const { values } = s;
  const { past, work } = buffers;
  let n = 0;
  for (let j = Math.max(0, i - settings.window); j < i; j++) if (weekend[j] === weekend[i]) past[n++] = values[j] ?? 0;
  if (n < 4) return null;
  const baseline = windowMedian(past, n, work);
  if (baseline < minBaseline) return null;
  // scaledMad(past, baseline), as written there.
  const mad = 1.4826 * windowMedian(past, n, work, baseline);
  return verdict(s, date, values[i] ?? 0, baseline, mad, settings);
}

/** A day's value against its baseline and scaled MAD: the anomaly, or null when it is usual. */
function verdict(
  s: Series,
  date: string,
  value: number,
  baseline: number,
  mad: number,
  settings: Required<AnomalyOptions>,
): Anomaly | null {
  const scale = Math.max(mad, 0.1 * Math.abs(baseline), Number.EPSILON);
  const score = (value - baseline) / scale;
  const ratio = baseline === 0 ? (value === 0 ? 1 : Infinity) : value / baseline;
  if (!(Math.abs(score) >= settings.threshold && (ratio >= settings.minRatio || ratio <= 1 / settings.minRatio)))
    return null;
  return {
    date,
    scope: s.scope,
    key: s.key,
    metric: s.metric,
    value,
    baseline,
    score,
    ratio,
    explanation: describe(s.scope, s.key, s.metric, ratio),
  };
}

/** A series' two trailing windows, one per day type (weekdays, weekend days), reused for every series. */
interface DayTypeWindows {
  weekday: SortedWindow;
  weekend: SortedWindow;
}

/**
 * Every day of a series of finite values without -0, judged as `judgeDay` judges it, found in date order: the two
 * same-type windows slide along the dates (each date enters and leaves once) instead of each day's being gathered
 * and sorted; they hold the same values, so baselines and MADs are the same numbers (~10^5 windows a year).
 */
function judgeSeries(
  s: Series,
  dates: readonly string[],
  weekend: readonly boolean[],
  settings: Required<AnomalyOptions>,
  minBaseline: number,
  windows: DayTypeWindows,
  out: Anomaly[],
): void {
  const { values } = s;
  windows.weekday.clear();
  windows.weekend.clear();
  for (let i = 0; i < dates.length; i++) {
    // Day i's window holds dates i − window to i − 1 of its type (the oldest leaves first: a window never overfills).
    const gone = i - settings.window - 1;
    if (gone >= 0) (weekend[gone] === true ? windows.weekend : windows.weekday).remove(values[gone] ?? 0);
    if (i > 0) (weekend[i - 1] === true ? windows.weekend : windows.weekday).add(values[i - 1] ?? 0);
    const w = weekend[i] === true ? windows.weekend : windows.weekday;
    if (w.size < 4) continue;
    const baseline = sortedMedian(w.sorted, w.size);
    if (baseline < minBaseline) continue;
    const value = values[i] ?? 0;
    // A day whose size does not pass is usual whatever its score (verdict's test): its MAD is never needed.
    const ratio = baseline === 0 ? (value === 0 ? 1 : Infinity) : value / baseline;
    if (!(ratio >= settings.minRatio || ratio <= 1 / settings.minRatio)) continue;
    const mad = 1.4826 * sortedDeviationMedian(w.sorted, w.size, baseline);
    const found = verdict(s, dates[i] ?? '', value, baseline, mad, settings);
    if (found !== null) out.push(found);
  }
}

/** Earlier dates first; within a date, the largest |score| first (ties keep the series' first-appearance order). */
const byDateThenScore = (a: Anomaly, b: Anomaly): number =>
  a.date < b.date ? -1 : a.date > b.date ? 1 : Math.abs(b.score) - Math.abs(a.score);

/**
 * Days where a series departs from its robust rolling baseline: the median of the same day type (weekday or
 * weekend day) over the trailing window, scaled by the MAD (floored at 10% of the median, so a flat series does not
 * make every wiggle infinite). A day counts when both its score and its size pass. Series are zero-filled over the
 * dates present anywhere in the input; the first days, without a full baseline (4 same-type days), are not judged.
 * Points of several organizations (tagged): each organization judged alone (its own series, dates and daily level,
 * its own organization-scope anomalies), each anomaly with its `organization_id` and `organization` first.
 * @example detectAnomalies(anomalyPoints(completions, costs)) // [{ date, scope: 'project', key, metric: 'spend', value, baseline, score, ratio, … }]
 */
export function detectAnomalies(points: readonly SeriesPoint[], options: AnomalyOptions = {}): Anomaly[] {
  const settings = anomalySettings(options);
  const untagged = anomaliesOf(points, settings, true);
  if (untagged !== null) return untagged;
  const out: Anomaly[] = [];
  for (const part of organizationParts(points)) {
    const fields = organizationFields(part.tag);
    for (const a of anomaliesOf(part.rows, settings, false) ?? []) out.push({ ...fields, ...a });
  }
  // Stable: each organization's anomalies keep their own order.
  return out.sort(byDateThenScore);
}

/** A series being filled: its values by the order its dates first appear in the points. */
type Filling = Omit<Series, 'values'> & { byAppearance: number[] };

/** The series of one organization's points, zero-filled over their dates, and each metric's organization total. */
interface Filled {
  dates: string[];
  series: (Series & { values: Float64Array })[];
  /** Each metric's sum in a one-value array: added to in place, not boxed anew per point. */
  orgTotal: Map<AnomalyMetric, Float64Array>;
}

/**
 * detectAnomalies over the points of one organization; with `untaggedOnly`, null as soon as a point carries an
 * organization (the same pass over the ~10^6 points of a year finds that and fills the series). Each loop is its own
 * function, so the one run of a cell compiles each hot loop alone.
 */
function anomaliesOf(
  points: readonly SeriesPoint[],
  settings: Required<AnomalyOptions>,
  untaggedOnly: boolean,
): Anomaly[] | null {
  const filled = fillSeries(points, untaggedOnly);
  if (filled === null) return null;
  const { dates, series, orgTotal } = filled;
  // Day types once per date, not once per series, day and window day.
  const weekend = dates.map(isWeekend);
  const out: Anomaly[] = [];
  const buffers = windowBuffers(settings.window);
  const windows = { weekday: new SortedWindow(settings.window), weekend: new SortedWindow(settings.window) };
  for (const s of series) {
    const minBaseline = (settings.minShare * (orgTotal.get(s.metric)?.[0] ?? 0)) / Math.max(1, dates.length);
    // A baseline is a median of the series' own values: a series never reaching minBaseline has none to judge.
    if (peakOf(s.values) < minBaseline) continue;
    if (slides(s.values)) {
      judgeSeries(s, dates, weekend, settings, minBaseline, windows, out);
      continue;
    }
    for (let i = 0; i < dates.length; i++) {
      const found = judgeDay(s, dates[i] ?? '', i, weekend, settings, minBaseline, buffers);
      if (found !== null) out.push(found);
    }
  }
  return out.sort(byDateThenScore);
}

/** The largest value (NaN ignored), -Infinity for none. */
function peakOf(values: Float64Array): number {
  let peak = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v > peak) peak = v;
  }
  return peak;
}

/**
 * Whether sliding windows can judge the series: they need ordered values that leave as they entered, so NaN,
 * ±Infinity (NaN deviations) and -0 (equal to 0) take the gathering path.
 */
function slides(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (!Number.isFinite(v) || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

/** The series of the points (see {@link Filled}); null when `untaggedOnly` and a point carries an organization. */
function fillSeries(points: readonly SeriesPoint[], untaggedOnly: boolean): Filled | null {
  const orgTotal = new Map<AnomalyMetric, Float64Array>();
  // Dates numbered as they first appear, sorted once at the end: one pass, not one to find the dates and another to
  // fill. Points come date by date, so a point of the previous point's date looks nothing up.
  const appearance = new Map<string, number>();
  const appeared: string[] = [];
  // Series looked up by key (the points' own strings, whose hashes are cached), then among that key's few series by
  // scope and metric, rather than by a joined id built per point; listed in first-appearance order, which ties in
  // the result keep.
  const byKey = new Map<string, Filling[]>();
  const filling: Filling[] = [];
  let date: string | undefined;
  let index = 0;
  // Indexed loops: until the loop is compiled, `for…of` allocates a result object per step (~10^6 here).
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (p === undefined) continue;
    if (untaggedOnly && p.organization_id !== undefined) return null;
    if (p.date !== date) {
      date = p.date;
      let k = appearance.get(date);
      if (k === undefined) {
        appearance.set(date, (k = appeared.length));
        appeared.push(date);
      }
      index = k;
    }
    if (p.scope === 'organization') {
      let total = orgTotal.get(p.metric);
      if (total === undefined) orgTotal.set(p.metric, (total = new Float64Array(1)));
      total[0] += p.value;
    }
    let ofKey = byKey.get(p.key);
    if (ofKey === undefined) byKey.set(p.key, (ofKey = []));
    let s: Filling | undefined;
    for (let j = 0; j < ofKey.length && s === undefined; j++) {
      const c = ofKey[j];
      if (c !== undefined && c.scope === p.scope && c.metric === p.metric) s = c;
    }
    if (s === undefined) {
      s = { scope: p.scope, key: p.key, metric: p.metric, byAppearance: [] };
      ofKey.push(s);
      filling.push(s);
    }
    const v = s.byAppearance;
    while (v.length <= index) v.push(0);
    // From 0 in point order: the sums a zero-filled array by date would hold.
    v[index] = (v[index] ?? 0) + p.value;
  }
  const dates = [...appeared].sort();
  const rank = new Int32Array(appeared.length);
  for (let i = 0; i < dates.length; i++) rank[appearance.get(dates[i] ?? '') ?? 0] = i;
  const series = filling.map((f): Series & { values: Float64Array } => {
    const values = new Float64Array(dates.length);
    for (let k = 0; k < f.byAppearance.length; k++) values[rank[k] ?? 0] = f.byAppearance[k] ?? 0;
    return { scope: f.scope, key: f.key, metric: f.metric, values };
  });
  return { dates, series, orgTotal };
}

/** A point of a date given to {@link AnomalyTracker.addDate}. */
export type DatePoint = Omit<SeriesPoint, 'date'>;

/**
 * `detectAnomalies` of the newest date only, over a history fed one date at a time: what a daily alert run asks
 * ("was yesterday unusual?") without reading the history again each day. After any dates added in order,
 * `newest()` equals `detectAnomalies(every point added).filter((a) => a.date === newestDate)`, order included: the
 * same judgement, with what it reads of all history (each series' peak, the organization's total and the number of
 * dates) kept as running values.
 * @example const t = new AnomalyTracker({ threshold: 5 }); t.addDate('2026-11-02', points); t.newest()
 */
export class AnomalyTracker {
  private readonly settings: Required<AnomalyOptions>;
  private readonly lookup = new Map<AnomalyScope, Map<string, Map<AnomalyMetric, TrackedSeries>>>();
  private readonly series: TrackedSeries[] = [];
  private readonly weekend: boolean[] = [];
  private readonly totals = new Map<AnomalyMetric, number>();
  private last: string | null = null;

  private readonly buffers: WindowBuffers;

  constructor(options: AnomalyOptions = {}) {
    this.settings = anomalySettings(options);
    this.buffers = windowBuffers(this.settings.window);
  }

  /** The newest date added (with points), or null. */
  get newestDate(): string | null {
    return this.last;
  }

  /**
   * The points of a date later than every date added so far (a series without a point that date is 0 there). A date
   * without points is none of detectAnomalies' dates: nothing is added.
   */
  addDate(date: string, points: readonly DatePoint[]): void {
    if (this.last !== null && !(date > this.last))
      throw new RangeError(`invalid date: ${date} (dates are added in order, after ${this.last})`);
    if (points.length === 0) return;
    const i = this.weekend.length;
    this.weekend.push(isWeekend(date));
    this.last = date;
    for (const p of points) {
      if (p.scope === 'organization') this.totals.set(p.metric, (this.totals.get(p.metric) ?? 0) + p.value);
      let byKey = this.lookup.get(p.scope);
      if (byKey === undefined) this.lookup.set(p.scope, (byKey = new Map<string, Map<AnomalyMetric, TrackedSeries>>()));
      let byMetric = byKey.get(p.key);
      if (byMetric === undefined) byKey.set(p.key, (byMetric = new Map<AnomalyMetric, TrackedSeries>()));
      let s = byMetric.get(p.metric);
      if (s === undefined) {
        // Zero on every earlier date, as detectAnomalies fills it: its peak so far is 0 (none without a date).
        s = { scope: p.scope, key: p.key, metric: p.metric, values: new Array<number>(i).fill(0), peak: -Infinity };
        if (i > 0) s.peak = 0;
        byMetric.set(p.metric, s);
        this.series.push(s);
      }
      if (s.values.length === i) s.values.push(0);
      s.values[i] = (s.values[i] ?? 0) + p.value;
    }
    for (const s of this.series) {
      if (s.values.length === i) s.values.push(0);
      const v = s.values[i] ?? 0;
      if (v > s.peak) s.peak = v;
    }
  }

  /** The anomalies of the newest date, as `detectAnomalies` over every point added finds and orders them. */
  newest(): Anomaly[] {
    const i = this.weekend.length - 1;
    if (this.last === null || i < 0) return [];
    const out: Anomaly[] = [];
    for (const s of this.series) {
      const minBaseline = (this.settings.minShare * (this.totals.get(s.metric) ?? 0)) / Math.max(1, i + 1);
      if (s.peak < minBaseline) continue;
      const found = judgeDay(s, this.last, i, this.weekend, this.settings, minBaseline, this.buffers);
      if (found !== null) out.push(found);
    }
    return out.sort(byDateThenScore);
  }
}

/** A series of the tracker: its values by date index so far, and their running maximum. */
interface TrackedSeries extends Series {
  values: number[];
  peak: number;
}
