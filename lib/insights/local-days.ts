import { valueAt, type BucketSpan, type UsageTable } from '../frames/index';

/** Checks an IANA time-zone name against the runtime's time-zone data. */
export function checkTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new RangeError(
      `invalid timeZone: ${JSON.stringify(timeZone) ?? String(timeZone)} (expected an IANA name like "Europe/Berlin" or "UTC")`,
    );
  }
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(
      `invalid timeZone: ${JSON.stringify(timeZone)} (expected an IANA name like "Europe/Berlin" or "UTC")`,
    );
  }
}

/** A function from Unix seconds to the local calendar day `YYYY-MM-DD` in `timeZone` (DST-correct, via Intl). */
export function localDayOf(timeZone: string): (unix: number) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: checkTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (unix) => {
    const parts = fmt.formatToParts(new Date(unix * 1000));
    const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  };
}

/** Usage of one local day (and group). */
export interface LocalDayRow {
  local_date: string;
  /** Hour buckets in that local day: 24, or 23 / 25 on DST change days (fewer at the range's ends). */
  hours: number;
  /** Group values (e.g. model) when grouped. */
  keys: Record<string, string | null>;
  values: Record<string, number>;
}

/**
 * Re-buckets hourly usage into local days of `timeZone`: each 1h bucket goes to the local day its start falls on, so
 * a day when clocks go forward has 23 hours and one when they go back 25. Needs 1h (or 1m) buckets: a 1d bucket
 * straddles two local days and is refused. Costs exist only as UTC days and cannot be re-bucketed.
 * @param spans every bucket (empty ones included, from `bucketStarts`) so hours are counted even without usage.
 * @example localDays(usageTable('completions', hourly), ['input_tokens'], 'Europe/Berlin', { spans: bucketStarts(hourly) })
 * // [{ local_date: '2026-10-25', hours: 25, keys: {}, values: { input_tokens: … } }, …]
 */
export function localDays(
  table: UsageTable,
  metrics: readonly string[],
  timeZone: string,
  options: { groupBy?: readonly string[]; spans?: readonly BucketSpan[] } = {},
): LocalDayRow[] {
  const dayOf = localDayOf(timeZone);
  for (let i = 0; i < table.length; i++) {
    if ((table.endTime[i] ?? 0) - (table.startTime[i] ?? 0) > 3600) {
      throw new RangeError(
        `invalid usage table: buckets of ${(table.endTime[i] ?? 0) - (table.startTime[i] ?? 0)} s (local days need bucket_width "1h")`,
      );
    }
  }
  for (const m of metrics)
    if (table.metrics[m] === undefined)
      throw new RangeError(`invalid metric: ${JSON.stringify(m)} (not a ${table.endpoint} metric)`);
  const groupBy = options.groupBy ?? [];
  const hours = new Map<string, Set<number>>();
  const addHour = (start: number): string => {
    const day = dayOf(start);
    const set = hours.get(day) ?? new Set<number>();
    set.add(Math.floor(start / 3600));
    hours.set(day, set);
    return day;
  };
  for (const s of options.spans ?? []) {
    if (s.end - s.start > 3600)
      throw new RangeError(`invalid spans: buckets of ${s.end - s.start} s (local days need bucket_width "1h")`);
    addHour(s.start);
  }
  const rows = new Map<string, LocalDayRow>();
  for (let i = 0; i < table.length; i++) {
    const day = addHour(table.startTime[i] ?? 0);
    const keys: Record<string, string | null> = {};
    for (const g of groupBy) keys[g] = valueAt(table.dimensions[g], i);
    const id = JSON.stringify([day, ...groupBy.map((g) => keys[g] ?? null)]);
    const row = rows.get(id) ?? {
      local_date: day,
      hours: 0,
      keys,
      values: Object.fromEntries(metrics.map((m) => [m, 0])),
    };
    for (const m of metrics) row.values[m] = (row.values[m] ?? 0) + (table.metrics[m]?.[i] ?? 0);
    rows.set(id, row);
  }
  for (const [day] of hours) {
    if (groupBy.length === 0 && !rows.has(JSON.stringify([day]))) {
      rows.set(JSON.stringify([day]), {
        local_date: day,
        hours: 0,
        keys: {},
        values: Object.fromEntries(metrics.map((m) => [m, 0])),
      });
    }
  }
  for (const row of rows.values()) row.hours = hours.get(row.local_date)?.size ?? 0;
  return [...rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
}
