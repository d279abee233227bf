/** Day number → `YYYY-MM-DD`: a year of rows repeats a few hundred days, and formatting a Date is the slow part. */
const DAYS = new Map<number, string>();

/** The UTC calendar day (`YYYY-MM-DD`) of a Unix-second time: costs exist only as UTC days. */
export function utcDate(unix: number): string {
  const day = Math.floor(unix / 86_400);
  let text = DAYS.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    // Days are few (thousands at most); the bound only guards against a caller walking arbitrary times.
    if (DAYS.size > 100_000) DAYS.clear();
    DAYS.set(day, text);
  }
  return text;
}

/** `YYYY-MM-DD` → Unix seconds at 00:00 UTC of that day (NaN when it is no date): the inverse of {@link utcDate}. */
export function utcDateStart(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 1000;
}
