import { utcDate } from '../shared/index';
import type { DashboardRange } from './source';

const DAY = 86_400;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a page asks for, parsed from its URL query (the same query the page keeps in its address bar). */
export interface ViewParams {
  range: DashboardRange;
  /** `days=N` for "the last N days", or the explicit `from`/`to` dates. */
  days?: number;
  from: string;
  /** Inclusive last day, YYYY-MM-DD UTC. */
  to: string;
  /** Organization IDs (`organization=`, repeated); empty: every organization. */
  organizationIds: string[];
  projectIds: string[];
  models: string[];
}

/** Options of {@link parseViewParams}. */
export interface ViewParamsOptions {
  /** Current time, epoch ms. */
  now: number;
  /** Widest range allowed, in days. */
  maxDays: number;
  /** Default `days`, capped at `maxDays` (a server keeping 7 days opens on 7, never on an error). @default 30 */
  defaultDays?: number;
}

function isoDay(text: string, name: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!ISO_DATE.test(text) || !Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`invalid ${name}: ${JSON.stringify(text)} (a date YYYY-MM-DD)`);
  }
  return ms / 1000;
}

function list(query: URLSearchParams, name: string): string[] {
  // Every value counts, the empty one too: valid JSON can hold a project ID "" and the page can select it.
  const values = query.getAll(name);
  if (values.length > 200) throw new RangeError(`invalid ${name}: ${values.length} values (at most 200)`);
  return [...new Set(values)];
}

/**
 * Parses `days=N` or `from=YYYY-MM-DD&to=YYYY-MM-DD` (UTC days, `to` inclusive), plus repeated `organization=`,
 * `project=` and `model=`. Bad values throw `invalid <name>: <value> (what is allowed)`.
 * @example parseViewParams(new URLSearchParams('days=7&project=proj_a'), { now: Date.now(), maxDays: 90 })
 */
export function parseViewParams(query: URLSearchParams, opts: ViewParamsOptions): ViewParams {
  const today = Math.floor(opts.now / 1000 / DAY) * DAY;
  const from = query.get('from');
  const to = query.get('to');
  const daysText = query.get('days');
  const organizationIds = list(query, 'organization');
  const projectIds = list(query, 'project');
  const models = list(query, 'model');
  if (from !== null || to !== null) {
    if (daysText !== null) throw new RangeError('invalid range: days together with from/to (use one or the other)');
    const start = isoDay(from ?? utcDate(today - (opts.maxDays - 1) * DAY), 'from');
    const last = isoDay(to ?? utcDate(today), 'to');
    if (last < start) throw new RangeError(`invalid range: from ${utcDate(start)} is after to ${utcDate(last)}`);
    const span = (last - start) / DAY + 1;
    if (span > opts.maxDays) throw new RangeError(`invalid range: ${span} days (at most ${opts.maxDays})`);
    return {
      range: { start, end: last + DAY },
      from: utcDate(start),
      to: utcDate(last),
      organizationIds,
      projectIds,
      models,
    };
  }
  const days = daysText === null ? Math.min(opts.defaultDays ?? 30, opts.maxDays) : Number(daysText);
  if (!Number.isInteger(days) || days < 1 || days > opts.maxDays || (daysText !== null && !/^\d+$/.test(daysText))) {
    throw new RangeError(`invalid days: ${JSON.stringify(daysText)} (an integer from 1 to ${opts.maxDays})`);
  }
  const start = today - (days - 1) * DAY;
  return {
    range: { start, end: today + DAY },
    days,
    from: utcDate(start),
    to: utcDate(today),
    organizationIds,
    projectIds,
    models,
  };
}
