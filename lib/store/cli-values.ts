import { ENDPOINT_NAMES, type EndpointName, type BucketWidth } from '../catalogue/index';
import type { WidthTier } from './plan-sync';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 7 * 86_400 };

/** '90s', '30m', '48h', '3d', '2w' as seconds. */
export function parseDuration(name: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  const unit = m?.[2] === undefined ? undefined : UNITS[m[2]];
  if (m === null || unit === undefined)
    throw new RangeError(`invalid ${name}: ${JSON.stringify(value)} (a number and a unit s, m, h, d or w, e.g. 48h)`);
  const seconds = Number(m[1]) * unit;
  if (!(seconds > 0)) throw new RangeError(`invalid ${name}: ${JSON.stringify(value)} (must be more than 0)`);
  return seconds;
}

/** Whether 'YYYY-MM-DD' is a day of the calendar: Date.parse takes 2025-02-30 and moves it to March 2. */
function isCalendarDay(ymd: string): boolean {
  const [y = NaN, m = NaN, d = NaN] = ymd.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An ISO date/time (UTC when no zone is given), Unix seconds, or an age like '90d' (that long before `now`). */
export function parseTime(name: string, value: string, now: number): number {
  const v = value.trim();
  if (/^\d{9,11}$/.test(v)) return Number(v);
  if (/^\d+(?:\.\d+)?[smhdw]$/.test(v)) return Math.floor(now - parseDuration(name, v));
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`;
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms) || !isCalendarDay(v.slice(0, 10))) {
    throw new RangeError(
      `invalid ${name}: ${JSON.stringify(value)} (an ISO date like 2026-01-31, Unix seconds, or an age like 90d)`,
    );
  }
  return Math.floor(ms / 1000);
}

/** 'completions,costs' as endpoint names ('all' = every endpoint). */
export function parseEndpoints(value: string): EndpointName[] {
  if (value.trim() === 'all') return [...ENDPOINT_NAMES];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const n of names) {
    if (!(ENDPOINT_NAMES as readonly string[]).includes(n))
      throw new RangeError(`invalid --endpoints: ${JSON.stringify(n)} (one of ${ENDPOINT_NAMES.join(', ')}, or all)`);
  }
  if (names.length === 0)
    throw new RangeError('invalid --endpoints: empty (one of ' + ENDPOINT_NAMES.join(', ') + ', or all)');
  return names as EndpointName[];
}

/** '1d,1h:30d,1m:1d': each width, with how far back it is kept (none = the whole range). */
export function parseTiers(value: string): WidthTier[] {
  const widths: readonly string[] = ['1m', '1h', '1d'];
  return value.split(',').map((part) => {
    const [width = '', age] = part.trim().split(':');
    if (!widths.includes(width))
      throw new RangeError(
        `invalid --widths: ${JSON.stringify(part)} (entries like 1d, 1h:30d, 1m:1d; widths 1m, 1h, 1d)`,
      );
    return {
      width: width as BucketWidth,
      maxAgeSeconds: age === undefined ? null : parseDuration('--widths age', age),
    };
  });
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** 75 s as '1m15s', for the ETA. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor(s / 60) % 60)}m`;
}
