import type { Budget } from './budget';

/** Spend of one UTC day. */
export type DaySpend = {
  date: string;
  amount: number;
};

/** One day of the month in a forecast: actual spend until `asOf`, forecast (with its band) from then on. */
export interface ForecastDay {
  date: string;
  actual: number | null;
  /** Cumulative month-to-date spend: actual, then expected. */
  cumulative: number;
  low: number;
  high: number;
}

/** Month-end forecast; `toJSON`-ready fields as in `forecast.json`. */
export interface MonthForecast {
  month: string;
  spent_to_date_usd: number;
  forecast_usd: number;
  low_usd: number;
  high_usd: number;
  budget_usd: number | null;
  budget_source: string | null;
  /** First day the expected cumulative spend reaches the budget (actual when already reached), or null. */
  crosses_budget_on: string | null;
  days: ForecastDay[];
  /** How the forecast was made, for the chart. */
  method: string;
}

/** Options of {@link forecastMonth}. */
export interface ForecastOptions {
  /** The first day not yet complete (`YYYY-MM-DD`, UTC): actuals before it, forecast from it to month end. */
  asOf: string;
  budget?: Budget | null;
  /** Trailing weeks the weekday profile is taken from. @default 4 */
  trailingWeeks?: number;
  /** Two-sided coverage of the band. @default 0.8 */
  coverage?: 0.8 | 0.9 | 0.95;
}

const Z = { 0.8: 1.2816, 0.9: 1.6449, 0.95: 1.96 } as const;
const DAY_MS = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Trailing weeks of `forecastMonth` when its options do not say. */
const TRAILING_WEEKS = 4;

/**
 * Where `forecastMonth` starts reading: the index of the first of `dates` (distinct, ascending, complete or not) that
 * `forecastMonth(days, { asOf, trailingWeeks })` depends on. Days of earlier dates change nothing: it reads the last
 * `7 × trailingWeeks` complete days, the month of `asOf`, whether any day lies before the month (one is kept), and
 * whether there are 7. A forecast made every day over a growing history reads only these.
 * @example forecastMonth(days.slice(forecastStart(days.map((d) => d.date), asOf)), { asOf })
 */
export function forecastStart(dates: readonly string[], asOf: string, trailingWeeks = TRAILING_WEEKS): number {
  const first = `${asOf.slice(0, 7)}-01`;
  let complete = dates.length;
  while (complete > 0 && (dates[complete - 1] ?? '') >= asOf) complete--;
  let month = complete;
  while (month > 0 && (dates[month - 1] ?? '') >= first) month--;
  return Math.max(0, Math.min(complete - 7 * trailingWeeks, month) - 1);
}

/**
 * Month-end spend from complete UTC days: each remaining day is expected at the mean of the same weekday over the
 * trailing weeks (so weekends stay low), with a band from the spread of the days around their weekday means
 * (independent days: σ√k after k days). Needs at least 7 complete days.
 * @example forecastMonth(days, { asOf: '2026-01-15', budget: { amount: 500, source: 'parameter' } })
 */
export function forecastMonth(spend: readonly DaySpend[], options: ForecastOptions): MonthForecast {
  const { asOf } = options;
  if (typeof asOf !== 'string' || !ISO.test(asOf) || Number.isNaN(Date.parse(asOf)))
    throw new RangeError(`invalid asOf: ${JSON.stringify(asOf)} (expected "YYYY-MM-DD")`);
  const weeks = options.trailingWeeks ?? TRAILING_WEEKS;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52)
    throw new RangeError(`invalid trailingWeeks: ${weeks} (expected 1 to 52)`);
  const z = Z[options.coverage ?? 0.8];
  if (z === undefined) throw new RangeError(`invalid coverage: ${String(options.coverage)} (0.8, 0.9 or 0.95)`);
  const byDate = new Map<string, number>();
  for (const d of spend) {
    if (!ISO.test(d.date) || !Number.isFinite(d.amount)) throw new RangeError(`invalid day: ${JSON.stringify(d)}`);
    if (d.date < asOf) byDate.set(d.date, (byDate.get(d.date) ?? 0) + d.amount);
  }
  const complete = [...byDate.keys()].sort();
  if (complete.length < 7) {
    throw new RangeError(
      `invalid forecast input: ${complete.length} complete days of data before ${asOf} (needs at least 7; fetch more days)`,
    );
  }
  const trailing = complete.slice(-7 * weeks);
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  for (const date of trailing) {
    const w = weekday(date);
    sums[w] = (sums[w] ?? 0) + (byDate.get(date) ?? 0);
    counts[w] = (counts[w] ?? 0) + 1;
  }
  const mean = sums.map((s, w) => s / Math.max(1, counts[w] ?? 0));
  let ss = 0;
  for (const date of trailing) ss += ((byDate.get(date) ?? 0) - (mean[weekday(date)] ?? 0)) ** 2;
  const sigma = Math.sqrt(ss / Math.max(1, trailing.length - 7));
  const month = asOf.slice(0, 7);
  const first = `${month}-01`;
  const firstData = complete[0] ?? asOf;
  if (firstData > first && asOf > first) {
    throw new RangeError(
      `invalid forecast input: data starts on ${firstData}, after ${first} (fetch from the first of the month)`,
    );
  }
  const days: ForecastDay[] = [];
  let cumulative = 0;
  let variance = 0;
  let crosses: string | null = null;
  const budget = options.budget ?? null;
  for (let date = first; date.startsWith(month); date = addDays(date, 1)) {
    let actual: number | null = null;
    if (date < asOf) {
      actual = byDate.get(date) ?? 0;
      cumulative += actual;
    } else {
      cumulative += mean[weekday(date)] ?? 0;
      variance += sigma ** 2;
    }
    const half = z * Math.sqrt(variance);
    days.push({ date, actual, cumulative, low: cumulative - half, high: cumulative + half });
    if (crosses === null && budget !== null && cumulative >= budget.amount) crosses = date;
  }
  const last = days[days.length - 1];
  const spent = days.filter((d) => d.actual !== null).reduce((a, d) => a + (d.actual ?? 0), 0);
  const forecastUsd = last?.cumulative ?? spent;
  return {
    month,
    spent_to_date_usd: spent,
    forecast_usd: forecastUsd,
    // Spend cannot go backwards: the low end is never below what is already spent.
    low_usd: Math.max(spent, last?.low ?? spent),
    high_usd: last?.high ?? spent,
    budget_usd: budget?.amount ?? null,
    budget_source: budget?.source ?? null,
    crosses_budget_on: crosses,
    days: days.map((d) => ({ ...d, low: d.actual !== null ? d.cumulative : Math.max(d.low, spent) })),
    method: `weekday means of ${trailing.length} days, ${Math.round((options.coverage ?? 0.8) * 100)}% band`,
  };
}
