import type { ChartAxis } from './figure';

const DAY_MS = 86_400_000;

/**
 * Date axis for daily data: one tick per day up to a month (Plotly's automatic ticks would repeat a
 * '%Y-%m-%d' label at 12-hour steps), automatic day-aligned ticks beyond.
 */
export function dailyDateAxis(firstDate: string, days: number): ChartAxis {
  const axis: ChartAxis = { type: 'date', title: { text: 'Date (UTC)' }, tickformat: '%Y-%m-%d', automargin: true };
  // The rotated first date starts under the value axis' "0" tick: a few pixels down keeps them apart.
  axis.ticklabelstandoff = 10;
  axis.tick0 = firstDate;
  axis.dtick = days <= 16 ? DAY_MS : days <= 35 ? 2 * DAY_MS : days <= 120 ? 7 * DAY_MS : 'M1';
  return axis;
}
