/** Whole days from the first to the last 'YYYY-MM-DD' date, inclusive. */
export function daysInclusive(first: string, last: string): number {
  const ms = Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`);
  return Math.round(ms / 86_400_000) + 1;
}

/** Checks a 'YYYY-MM-DD' date string of a day the calendar has. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls "2025-02-30" over to March 2: only a date that reads back the same is one.
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}
