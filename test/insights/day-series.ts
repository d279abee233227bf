/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Daily amounts from `from` to `to` (inclusive, UTC dates), each from `value(date, weekday)`. */
export function series(
  from: string,
  to: string,
  value: (date: string, weekday: number) => number,
): { date: string; amount: number }[] {
  const out: { date: string; amount: number }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    out.push({ date, amount: value(date, new Date(t).getUTCDay()) });
  }
  return out;
}

/** $10 on weekdays, $2 on weekend days. */
export const weekdayTen = (_: string, w: number): number => (w === 0 || w === 6 ? 2 : 10);
