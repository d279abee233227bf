import { COMMON_PARAMS, type BucketWidth, type EndpointSpec } from '../catalogue/index';
import { EmulatorHttpError, badParam, errorBody } from './http-error';
import type { Dim } from './stream';

/** A validated query of one endpoint. */
export interface ParsedQuery {
  /** `start_time` floored to the minute. */
  start: number;
  /** `end_time` if given (exclusive). */
  end: number | undefined;
  width: BucketWidth;
  limit: number;
  /** Grouped dimensions, in the endpoint's `group_by` order. */
  groupBy: string[];
  /** Allowed values per dimension name (`project_ids` filters `project_id`, …). */
  filters: Map<string, Set<Dim>>;
  page: string | undefined;
  /** Every parameter but `page`, sorted: a cursor is bound to exactly this (live: any change is a 400). */
  canonical: string;
}

/** Rules of the live service the emulator can move (for tests of either side of a date). */
export interface QueryRules {
  /** From when costs may be grouped by api_key_id (and user_id with others). @default the catalogue's date */
  groupingSince?: number;
}

/** Single-valued parameters: the catalogue's common ones but the group_by array, plus the cursor. */
const SCALARS = [...COMMON_PARAMS.filter((p) => p !== 'group_by'), 'page'];

/**
 * Collects the values of an array parameter from `name[]=a`, repeated `name=a` and `name=a,b`. With `whole` (line
 * items, which hold commas: `gpt-4o, input`) every sent value is one value, as given: only the first two forms.
 */
function arrayValues(params: URLSearchParams, name: string, whole = false): string[] | undefined {
  const plain = params.getAll(name);
  // `name[]=v` carries one value per key (what the client sends), so an ID or line item keeps its commas; the plain
  // `name=a,b` form is split, except for parameters whose values hold commas by design.
  const bracketed = params.getAll(`${name}[]`);
  if (plain.length === 0 && bracketed.length === 0) return undefined;
  const values = [...(whole ? plain : plain.flatMap((v) => v.split(',')).map((v) => v.trim())), ...bracketed];
  if (values.some((v) => v === ''))
    throw badParam(
      name,
      `Invalid value for '${name}': empty item in ${JSON.stringify([...plain, ...bracketed].join(','))}.`,
    );
  return [...new Set(values)];
}

function integer(params: URLSearchParams, name: string, required: boolean): number | undefined {
  const raw = params.get(name);
  if (raw === null) {
    // Live: a missing start_time is a 400 without `param`, coded invalid_request_error.
    if (required) {
      const body = errorBody(
        `Missing required parameter: '${name}'.`,
        'invalid_request_error',
        null,
        'invalid_request_error',
      );
      throw new EmulatorHttpError(400, body);
    }
    return undefined;
  }
  // Live: an unparseable integer is `invalid_type` on the parameter.
  if (!/^-?\d{1,15}$/.test(raw.trim())) {
    throw new EmulatorHttpError(
      400,
      errorBody(`Invalid type for '${name}'.`, 'invalid_request_error', name, 'invalid_type'),
    );
  }
  return Number(raw.trim());
}

/** Validates a query string against an endpoint, with messages naming what is wrong and what is allowed. */
export function parseQuery(spec: EndpointSpec, search: string, rules: QueryRules = {}): ParsedQuery {
  const params = new URLSearchParams(search);
  const arrayNames = spec.arrayFilters.map((f) => f.name);
  const known = new Set<string>([...SCALARS, 'group_by', ...arrayNames, ...spec.booleanFilters]);
  for (const key of new Set(params.keys())) {
    const base = key.endsWith('[]') ? key.slice(0, -2) : key;
    const isArray = base === 'group_by' || arrayNames.includes(base);
    if (!known.has(base) || (key !== base && !isArray)) {
      throw badParam(key, `Unrecognized request argument supplied: ${key}. Allowed: ${[...known].join(', ')}.`);
    }
    if (!isArray && params.getAll(key).length > 1)
      throw badParam(key, `Invalid value for '${key}': given more than once.`);
  }
  const startTime = integer(params, 'start_time', true) ?? 0;
  const end = integer(params, 'end_time', false);
  if (startTime < 0) throw badParam('start_time', `Invalid value for 'start_time': must be >= 0, got ${startTime}.`);
  if (end !== undefined && startTime >= end) {
    throw badParam(
      'start_time',
      `Invalid value for 'start_time': must be before 'end_time' (got start_time=${startTime}, end_time=${end}).`,
    );
  }
  const widthRaw = params.get('bucket_width') ?? '1d';
  const width = spec.bucketWidths.find((w) => w === widthRaw);
  if (width === undefined) {
    const allowed = spec.bucketWidths.map((w) => `'${w}'`).join(', ');
    throw badParam(
      'bucket_width',
      `Invalid value for 'bucket_width': ${JSON.stringify(widthRaw)}. Supported values are: ${allowed}.`,
    );
  }
  const rule = spec.limits[width] ?? { default: 7, max: 31 };
  const limitRaw = integer(params, 'limit', false);
  const limit = limitRaw ?? rule.default;
  if (limit > rule.max) {
    // Live: rejected, not clamped; no `param`, code invalid_request_error.
    const message = `Invalid limit provided: ${limit}. Limit must be less than or equal to ${rule.max}.`;
    throw new EmulatorHttpError(400, errorBody(message, 'invalid_request_error', null, 'invalid_request_error'));
  }
  if (limit < 1) {
    throw badParam(
      'limit',
      `Invalid value for 'limit': ${limit}. With bucket_width=${width} it must be between 1 and ${rule.max}.`,
    );
  }
  const groupValues = arrayValues(params, 'group_by') ?? [];
  for (const g of groupValues) {
    if (!spec.groupBy.includes(g)) {
      throw badParam(
        'group_by',
        `Invalid value for 'group_by': ${JSON.stringify(g)}. Supported values are: ${spec.groupBy.join(', ')}.`,
      );
    }
  }
  checkGroupingCutoff(spec, startTime, groupValues, rules);
  const filters = new Map<string, Set<Dim>>();
  for (const filter of spec.arrayFilters) {
    const values = arrayValues(params, filter.name, filter.wholeValues === true);
    if (values === undefined) continue;
    const allowed = filter.values;
    const bad = allowed === undefined ? undefined : values.find((v) => !allowed.includes(v));
    if (bad !== undefined && allowed !== undefined) {
      throw badParam(
        filter.name,
        `Invalid value for '${filter.name}': ${JSON.stringify(bad)}. Supported values are: ${allowed.join(', ')}.`,
      );
    }
    filters.set(filter.dimension, new Set<Dim>(values));
  }
  for (const name of spec.booleanFilters) {
    const raw = params.get(name);
    if (raw === null) continue;
    if (raw !== 'true' && raw !== 'false')
      throw badParam(name, `Invalid value for '${name}': expected true or false, got ${JSON.stringify(raw)}.`);
    filters.set(name, new Set<Dim>([raw === 'true']));
  }
  return {
    start: Math.floor(startTime / 60) * 60,
    end,
    width,
    limit,
    groupBy: spec.groupBy.filter((g) => groupValues.includes(g)),
    filters,
    page: params.get('page') ?? undefined,
    // Spelling-independent (group_by[]=a&group_by[]=b ≡ group_by=a,b) but every value counts, limit and end_time too.
    canonical: JSON.stringify([
      startTime,
      end ?? null,
      params.get('bucket_width'),
      limitRaw ?? null,
      spec.groupBy.filter((g) => groupValues.includes(g)),
      [...filters.entries()].map(([k, v]) => [k, [...v].map(String).sort()]),
    ]),
  };
}

/** Live: costs by api_key_id only from a date on; before it, user_id works alone only. Both are 400s on start_time. */
function checkGroupingCutoff(
  spec: EndpointSpec,
  startTime: number,
  groups: readonly string[],
  rules: QueryRules,
): void {
  const cutoff = spec.groupingCutoff;
  if (cutoff === undefined) return;
  const since = rules.groupingSince ?? cutoff.since;
  if (startTime >= since) return;
  const later = `is not available for this time range. Try a start_time on or after ${since}.`;
  const refuse = (what: string): never => {
    const body = errorBody(`group_by=${what} ${later}`, 'invalid_request_error', 'start_time', 'invalid_request_error');
    throw new EmulatorHttpError(400, body);
  };
  if (groups.includes(cutoff.needsLaterStart)) refuse(cutoff.needsLaterStart);
  for (const [a, b] of cutoff.pairsBefore) if (groups.includes(a) && groups.includes(b)) refuse(`${a},${b}`);
}
