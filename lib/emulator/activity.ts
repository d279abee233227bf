import { unit } from './hash-random';

/** UTC day index of a Unix hour index. */
const dayOf = (hour: number): number => Math.floor(hour / 24);

/**
 * Relative traffic level of an hour: a working-hours bump peaking at 14:00 UTC, quieter weekends, and one
 * burst day every 21 days (offset by the seed) so any 30-day window contains a spike.
 */
export function activityLevel(seed: number, hour: number): number {
  const hourOfDay = ((hour % 24) + 24) % 24;
  const day = dayOf(hour);
  // 1970-01-01 was a Thursday: (day + 4) % 7 gives 0 = Sunday … 6 = Saturday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  const diurnal = 0.12 + Math.exp(-(((hourOfDay - 14) / 4.2) ** 2));
  const weekly = weekday === 0 || weekday === 6 ? 0.35 : 1;
  const spike = isSpikeDay(seed, day) ? 3.5 : 1;
  const drift = 0.85 + 0.3 * unit(seed, 77, day);
  return diurnal * weekly * spike * drift;
}

/** Whether a UTC day (index since the epoch) is a burst day. */
export function isSpikeDay(seed: number, day: number): boolean {
  return (((day + seed) % 21) + 21) % 21 === 0;
}
