import { forecastStart, type DaySpend } from '../insights/index';

/**
 * Adds `amount` to a key's running sum. Rows arrive in the order the rules used to read them, so each sum is the
 * same float as the filter-and-reduce over every row it replaces (0 + a1 + a2 …).
 */
export function addTo<K>(sums: Map<K, number>, key: K, amount: number): void {
  sums.set(key, (sums.get(key) ?? 0) + amount);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A scope's spend per UTC day, fed row by row in date order: what `forecastMonth` reads of it, handed over as the
 * days it depends on (see `forecastStart`), not every row since the first.
 */
export class DaySums {
  private readonly sums = new Map<string, number>();
  /** Distinct dates, ascending (rows come in date order). */
  private readonly dates: string[] = [];
  /** The first row `forecastMonth` would refuse: it throws on it whatever the day, as over every row. */
  private invalid: DaySpend | null = null;

  add(date: string, amount: number): void {
    const sum = this.sums.get(date);
    // A date's form is checked once, when it first comes.
    const valid = Number.isFinite(amount) && (sum !== undefined || ISO_DATE.test(date));
    if (sum === undefined) this.dates.push(date);
    this.sums.set(date, (sum ?? 0) + amount);
    if (this.invalid === null && !valid) this.invalid = { date, amount };
  }

  /** The day's spend (0 without rows). */
  on(date: string): number {
    return this.sums.get(date) ?? 0;
  }

  /**
   * The days `forecastMonth(every row, { asOf })` reads, one per date: its answer (or error) over them is the same.
   * (Exact for rows whose day sums stay finite: a day of finite rows summing past ±1.8e308 is not a cost.)
   */
  forecastDays(asOf: string): DaySpend[] {
    if (this.invalid !== null) return [this.invalid];
    let end = this.dates.length;
    while (end > 0 && (this.dates[end - 1] ?? '') >= asOf) end--;
    return this.dates.slice(forecastStart(this.dates, asOf), end).map((date) => ({ date, amount: this.on(date) }));
  }
}
