import {
  ARRAY_FILTER_NAMES,
  BOOLEAN_FILTER_NAMES,
  FILTER_NAMES,
  endpointSpec,
  type ArrayFilterName,
  type BooleanFilterName,
  type BucketWidth,
  type EndpointName,
} from '../catalogue/index';
import { isUsageApiError, validateQuery, type UsageQuery, type WireQuery } from '../api/index';
import { joinErrorFamily } from '../shared/index';

/** Every filter of the catalogue, as a parameters cell writes it (null = unset). */
type FilterParams = { [K in ArrayFilterName]?: readonly string[] | null } & {
  [K in BooleanFilterName]?: boolean | null;
};

/** The parameters cell of a notebook, as users write it (the seed's placeholders; unset = omitted or null). */
export interface NotebookParamsInput extends FilterParams {
  /** Start `days_ago` days before now (exclusive with start_time). */
  days_ago?: number | null;
  /** Unix seconds, a Date, or an ISO date/time string (UTC unless it has an offset). */
  start_time?: number | string | Date | null;
  end_time?: number | string | Date | null;
  /**
   * "1m", "1h" or "1d" (what the endpoint allows). Typed as any string on purpose: a wrong width then reaches the
   * runtime check, whose message names the endpoint's widths, instead of tslab's type error on the whole object.
   */
  bucket_width?: BucketWidth | (string & {}) | null;
  limit?: number | null;
  group_by?: readonly string[] | null;
  /** Show project names, user emails and key names instead of IDs (IDs stay on hover and in CSV). @default true */
  names?: boolean | null;
  /** Organizations read from the store (configured names, any case); null: every one it holds. @default null */
  organizations?: readonly string[] | null;
}

/** A validated parameters cell. */
export interface NotebookParams {
  /** What to pass to `client.fetchAll`. */
  query: UsageQuery;
  /** The exact wire parameters (validated for the endpoint). */
  wire: WireQuery;
  /** One line for the notebook, e.g. "completions, 2025-01-01 → now, 1d buckets". */
  summary: string;
  /** Length of the queried range in seconds (to "now" when no end_time), for chart titles. */
  rangeSeconds: number;
  /** Whether charts and tables show names (the `names` parameter). */
  names: boolean;
  /** The `organizations` parameter: configured names to read, or null for all (pass it to `connectNotebook`). */
  organizations: string[] | null;
}

/** The notebook's own keys plus every query key of the catalogue. */
export const NOTEBOOK_PARAM_KEYS: readonly string[] = [
  'days_ago',
  'start_time',
  'end_time',
  'bucket_width',
  'limit',
  'group_by',
  ...FILTER_NAMES,
  'names',
  'organizations',
];
const KEYS = new Set(NOTEBOOK_PARAM_KEYS);

/** The `organizations` parameter: null, or a non-empty list of names (trimmed). */
export function organizationNames(value: unknown): string[] | null {
  if (value === null) return null;
  const names: unknown[] = Array.isArray(value) ? value : [];
  if (names.length === 0 || names.some((o) => typeof o !== 'string' || o.trim() === ''))
    throw new RangeError(
      `invalid organizations: ${JSON.stringify(value)} (expected a list of configured names, or null for all)`,
    );
  return names.map((o) => String(o).trim());
}

function fail(name: string, value: unknown, why: string): never {
  throw new RangeError(`invalid ${name}: ${JSON.stringify(value) ?? String(value)} (${why})`);
}

/** An ISO date or date-time without an offset ("2025-01-31", "2025-01-31T12:00", "2025-01-31 12:00:30.5"). */
const ISO_WITHOUT_OFFSET = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?$/;

/** Reads an ISO string as UTC unless it names an offset: Date.parse would use the machine's time zone for a date-time. */
function parseIso(value: string): number {
  const m = ISO_WITHOUT_OFFSET.exec(value.trim());
  if (m === null) return Date.parse(value);
  return Date.parse(`${m[1] ?? ''}T${m[2] ?? '00:00'}Z`);
}

function toUnix(name: string, value: number | string | Date): number {
  if (typeof value === 'number') return value;
  const ms = value instanceof Date ? value.getTime() : parseIso(value);
  if (!Number.isFinite(ms))
    fail(
      name,
      value instanceof Date ? 'Invalid Date' : value,
      'expected Unix seconds, a Date or an ISO date like "2025-01-31"',
    );
  return Math.floor(ms / 1000);
}

function isoMinute(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Validates a notebook's parameters cell for `endpoint` (reusing `validateQuery`, so the messages name what is
 * allowed) and turns `days_ago` into `start_time` relative to `now`. With a fixed `now` (the `USAGE_NOW` knob) the
 * end is pinned to it too, so re-runs see the same range.
 * @param now Unix seconds.
 * @example const params = notebookParams({ days_ago: 30, bucket_width: '1d' }, 'completions', notebookEnv())
 */
export function notebookParams(
  raw: NotebookParamsInput,
  endpoint: EndpointName,
  now: { now: number; fixedNow: boolean },
): NotebookParams {
  try {
    return checkParams(raw, endpoint, now);
  } catch (err) {
    if (err instanceof RangeError || isUsageApiError(err))
      throw new InvalidParams(err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/**
 * A bad value in the parameters cell. Its stack is its one line: tslab prints thrown errors whole, and a stack
 * through the library says nothing about which parameter to fix. A `RangeError` that joins the library's error family
 * (`isUsageNotebooksError`).
 */
export class InvalidParams extends RangeError {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, 'name', { value: 'InvalidParams', enumerable: false });
    // Not writable: Node's vm (tslab runs cells through it) prepends the throwing library line and a caret otherwise.
    Object.defineProperty(this, 'stack', { value: `InvalidParams: ${message}`, enumerable: false, writable: false });
  }
}
joinErrorFamily(InvalidParams);

function checkParams(
  raw: NotebookParamsInput,
  endpoint: EndpointName,
  now: { now: number; fixedNow: boolean },
): NotebookParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('params', raw, 'expected an object');
  for (const key of Object.keys(raw)) if (!KEYS.has(key)) fail('parameter', key, `known: ${[...KEYS].join(', ')}`);
  const daysAgo = raw.days_ago ?? undefined;
  const start = raw.start_time ?? undefined;
  if (daysAgo !== undefined && start !== undefined) fail('days_ago', daysAgo, 'give days_ago or start_time, not both');
  if (daysAgo === undefined && start === undefined) fail('start_time', null, 'give days_ago (e.g. 30) or start_time');
  if (daysAgo !== undefined && (typeof daysAgo !== 'number' || !Number.isFinite(daysAgo) || daysAgo <= 0)) {
    fail('days_ago', daysAgo, 'expected a positive number of days');
  }
  const query: UsageQuery = {
    start_time: daysAgo !== undefined ? Math.floor(now.now - daysAgo * 86_400) : toUnix('start_time', start ?? 0),
  };
  const end = raw.end_time ?? undefined;
  if (end !== undefined) query.end_time = toUnix('end_time', end);
  else if (now.fixedNow) query.end_time = now.now;
  // Types are checked by validateQuery below, which names the parameter and what it allows.
  if (raw.bucket_width != null) {
    // The input type takes any string (see NotebookParamsInput): narrow it here, with validateQuery's wording.
    const allowed = endpointSpec(endpoint).bucketWidths;
    const width = allowed.find((w) => w === raw.bucket_width);
    if (width === undefined) fail('bucket_width', raw.bucket_width, `${endpoint} accepts only ${allowed.join(', ')}`);
    query.bucket_width = width;
  }
  if (raw.limit != null) query.limit = raw.limit;
  if (raw.group_by != null) query.group_by = raw.group_by;
  for (const name of ARRAY_FILTER_NAMES) {
    const value = raw[name];
    if (value != null) query[name] = value;
  }
  for (const name of BOOLEAN_FILTER_NAMES) {
    const value = raw[name];
    if (value != null) query[name] = value;
  }
  const names = raw.names ?? true;
  if (typeof names !== 'boolean') fail('names', names, 'expected true or false');
  const wire = validateQuery(endpoint, query);
  const until = wire.end_time === undefined ? 'now' : isoMinute(wire.end_time);
  const grouped = wire.group_by === undefined ? '' : `, grouped by ${wire.group_by.join(', ')}`;
  const summary = `${endpoint}: ${isoMinute(wire.start_time)} → ${until} UTC, ${wire.bucket_width ?? '1d'} buckets${grouped}`;
  const rangeSeconds = (wire.end_time ?? Math.floor(now.now)) - wire.start_time;
  const organizations = organizationNames(raw.organizations ?? null);
  return { query, wire, summary, rangeSeconds, names, organizations };
}
