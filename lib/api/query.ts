import {
  ARRAY_FILTER_NAMES,
  BOOLEAN_FILTER_NAMES,
  QUERY_KEYS,
  type ArrayFilterName,
  type BooleanFilterName,
  ENDPOINTS,
  endpointSpec,
  type EndpointName,
  type BucketWidth,
} from '../catalogue/index';
import { utcDate } from '../shared/index';
import { InvalidQueryError } from './errors';

/** Every filter of the catalogue: array filters take string lists, `batch` a boolean. */
type Filters = Partial<Record<ArrayFilterName, readonly string[]>> & Partial<Record<BooleanFilterName, boolean>>;

/** A usage/costs query as callers write it. Times are Unix seconds or Dates. */
export interface UsageQuery extends Filters {
  /** Inclusive start (the API floors it to the minute). Required. */
  start_time: Date | number;
  /** Exclusive end. @default the time of the first request */
  end_time?: Date | number;
  /** @default '1d' */
  bucket_width?: BucketWidth;
  /** Buckets per page (not results). @default per width: 1d 7, 1h 24, 1m 60; costs 7 */
  limit?: number;
  group_by?: readonly string[];
}

/** A validated query, exactly the parameters sent (times as integer Unix seconds). */
export interface WireQuery extends Filters {
  start_time: number;
  end_time?: number;
  bucket_width?: BucketWidth;
  limit?: number;
  group_by?: readonly string[];
}

const KNOWN = new Set<string>(QUERY_KEYS);

function bad(param: string, value: unknown, why: string): never {
  throw new InvalidQueryError(param, `invalid ${param}: ${JSON.stringify(value)} (${why})`);
}

function unixSeconds(param: string, value: unknown): number {
  const n = value instanceof Date ? value.getTime() / 1000 : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    bad(param, value instanceof Date ? 'Invalid Date' : value, 'expected Unix seconds or a valid Date');
  if (!(value instanceof Date) && !Number.isInteger(n)) bad(param, value, 'expected integer Unix seconds');
  if (n < 0) bad(param, value, 'must not be negative');
  return Math.floor(n);
}

function stringList(param: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v !== '')) {
    bad(param, value, 'expected an array of non-empty strings');
  }
  // An empty list would be dropped from the query string: it would silently mean "no filter" / "not grouped".
  if (value.length === 0) bad(param, value, 'give at least one value, or leave the parameter out');
  return [...value];
}

/**
 * Validates a query for `endpoint` against the official rules and returns the wire parameters.
 * Runs before any request; throws `InvalidQueryError` saying what is wrong and what is allowed.
 * @example validateQuery('costs', { start_time: daysAgo(30), group_by: ['line_item'] })
 */
export function validateQuery(endpoint: EndpointName, query: UsageQuery): WireQuery {
  const spec = endpointSpec(endpoint);
  if (typeof query !== 'object' || query === null) bad('query', query, 'expected an object');
  for (const key of Object.keys(query)) {
    if (!KNOWN.has(key)) bad(key, key, `unknown parameter; known: ${[...KNOWN].join(', ')}`);
  }
  if (query.start_time === undefined) bad('start_time', null, 'start_time is required');
  const out: WireQuery = { start_time: unixSeconds('start_time', query.start_time) };
  if (query.end_time !== undefined) {
    out.end_time = unixSeconds('end_time', query.end_time);
    if (out.start_time >= out.end_time) {
      bad('start_time', out.start_time, `must be before end_time ${out.end_time}`);
    }
  }
  const width = query.bucket_width ?? '1d';
  if (!spec.bucketWidths.includes(width))
    bad('bucket_width', width, `${endpoint} accepts only ${spec.bucketWidths.join(', ')}`);
  if (query.bucket_width !== undefined) out.bucket_width = width;
  if (query.limit !== undefined) {
    const rule = spec.limits[width];
    const max = rule?.max ?? 1;
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > max) {
      bad('limit', query.limit, `${width} buckets allow 1..${max}`);
    }
    out.limit = query.limit;
  }
  if (query.group_by !== undefined) {
    const groups = stringList('group_by', query.group_by);
    for (const g of groups) {
      if (!spec.groupBy.includes(g)) bad('group_by', g, `${endpoint} accepts ${spec.groupBy.join(', ')}`);
    }
    out.group_by = groups;
    checkGroupingCutoff(endpoint, out.start_time, groups);
  }
  for (const name of ARRAY_FILTER_NAMES) {
    const value = query[name];
    if (value === undefined) continue;
    const filter = spec.arrayFilters.find((f) => f.name === name);
    if (filter === undefined) {
      bad(
        name,
        value,
        `${endpoint} accepts filters ${[...spec.arrayFilters.map((f) => f.name), ...spec.booleanFilters].join(', ')}`,
      );
    }
    const values = stringList(name, value);
    for (const v of values) {
      if (filter.values !== undefined && !filter.values.includes(v))
        bad(name, v, `allowed: ${filter.values.join(', ')}`);
    }
    out[name] = values;
  }
  for (const name of BOOLEAN_FILTER_NAMES) {
    const value = query[name];
    if (value === undefined) continue;
    if (!spec.booleanFilters.includes(name)) {
      const takers = Object.values(ENDPOINTS)
        .filter((s) => s.booleanFilters.includes(name))
        .map((s) => s.name);
      bad(name, value, `only ${takers.join(' and ')} accept ${name}`);
    }
    if (typeof value !== 'boolean') bad(name, value, 'expected true or false');
    out[name] = value;
  }
  return out;
}

/** The live service's date rules on costs `group_by` (catalogue `groupingCutoff`), checked before any request. */
function checkGroupingCutoff(endpoint: EndpointName, start: number, groups: readonly string[]): void {
  const cutoff = endpointSpec(endpoint).groupingCutoff;
  if (cutoff === undefined || start >= cutoff.since) return;
  const day = utcDate(cutoff.since);
  const dim = cutoff.needsLaterStart;
  if (groups.includes(dim)) bad('start_time', start, `start on or after ${day} to group ${endpoint} by ${dim}`);
  for (const [a, b] of cutoff.pairsBefore) {
    if (groups.includes(a) && groups.includes(b)) {
      const why = `start on or after ${day} to group ${endpoint} by ${a} together with ${b}; before it ${a} works alone only`;
      bad('start_time', start, why);
    }
  }
}

/**
 * Unix seconds `n` days before `now` (a Date or epoch milliseconds; default: the current time), for `start_time`.
 * @example client.fetchAll('costs', { start_time: daysAgo(30) })
 */
export function daysAgo(n: number, now: Date | number = Date.now()): number {
  if (!Number.isFinite(n) || n < 0) throw new TypeError(`invalid n: ${n}`);
  const ms = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(ms)) throw new TypeError(`invalid now: ${String(now)}`);
  return Math.floor(ms / 1000 - n * 86_400);
}
