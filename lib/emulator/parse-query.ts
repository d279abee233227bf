import type { EndpointSpec } from '../catalogue/index';
import type { BucketWidth } from '../catalogue/index';
import { badParam } from './http-error';
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
}

const SCALARS = ['start_time', 'end_time', 'bucket_width', 'limit', 'page'] as const;

/** Collects the values of an array parameter from `name[]=a`, repeated `name=a` and `name=a,b`. */
function arrayValues(params: URLSearchParams, name: string): string[] | undefined {
  const raw = [...params.getAll(name), ...params.getAll(`${name}[]`)];
  if (raw.length === 0) return undefined;
  const values = raw.flatMap((v) => v.split(',')).map((v) => v.trim());
  if (values.some((v) => v === '')) throw badParam(name, `Invalid value for '${name}': empty item in ${JSON.stringify(raw.join(','))}.`);
  return [...new Set(values)];
}

function integer(params: URLSearchParams, name: string, required: boolean): number | undefined {
  const raw = params.get(name);
  if (raw === null) {
    if (required) throw badParam(name, `Missing required parameter: '${name}'. Expected an integer Unix timestamp in seconds.`);
    return undefined;
  }
  if (!/^-?\d{1,15}$/.test(raw.trim())) throw badParam(name, `Invalid value for '${name}': expected an integer, got ${JSON.stringify(raw)}.`);
  return Number(raw.trim());
}

/** Validates a query string against an endpoint, with messages naming what is wrong and what is allowed. */
export function parseQuery(spec: EndpointSpec, search: string): ParsedQuery {
  const params = new URLSearchParams(search);
  const arrayNames = spec.arrayFilters.map((f) => f.name);
  const known = new Set<string>([...SCALARS, 'group_by', ...arrayNames, ...spec.booleanFilters]);
  for (const key of new Set(params.keys())) {
    const base = key.endsWith('[]') ? key.slice(0, -2) : key;
    const isArray = base === 'group_by' || arrayNames.includes(base);
    if (!known.has(base) || (key !== base && !isArray)) {
      throw badParam(key, `Unrecognized request argument supplied: ${key}. Allowed: ${[...known].join(', ')}.`);
    }
    if (!isArray && params.getAll(key).length > 1) throw badParam(key, `Invalid value for '${key}': given more than once.`);
  }
  const startTime = integer(params, 'start_time', true) ?? 0;
  const end = integer(params, 'end_time', false);
  if (startTime < 0) throw badParam('start_time', `Invalid value for 'start_time': must be >= 0, got ${startTime}.`);
  if (end !== undefined && startTime >= end) {
    throw badParam('start_time', `Invalid value for 'start_time': must be before 'end_time' (got start_time=${startTime}, end_time=${end}).`);
  }
  const widthRaw = params.get('bucket_width') ?? '1d';
  const width = spec.bucketWidths.find((w) => w === widthRaw);
  if (width === undefined) {
    const allowed = spec.bucketWidths.map((w) => `'${w}'`).join(', ');
    throw badParam('bucket_width', `Invalid value for 'bucket_width': ${JSON.stringify(widthRaw)}. Supported values are: ${allowed}.`);
  }
  const rule = spec.limits[width] ?? { default: 7, max: 31 };
  const limitRaw = integer(params, 'limit', false);
  const limit = limitRaw ?? rule.default;
  if (limit < 1 || limit > rule.max) {
    throw badParam('limit', `Invalid value for 'limit': ${limit}. With bucket_width=${width} it must be between 1 and ${rule.max}.`);
  }
  const groupValues = arrayValues(params, 'group_by') ?? [];
  for (const g of groupValues) {
    if (!spec.groupBy.includes(g)) {
      throw badParam('group_by', `Invalid value for 'group_by': ${JSON.stringify(g)}. Supported values are: ${spec.groupBy.join(', ')}.`);
    }
  }
  const filters = new Map<string, Set<Dim>>();
  for (const filter of spec.arrayFilters) {
    const values = arrayValues(params, filter.name);
    if (values === undefined) continue;
    const allowed = filter.values;
    const bad = allowed === undefined ? undefined : values.find((v) => !allowed.includes(v));
    if (bad !== undefined && allowed !== undefined) {
      throw badParam(filter.name, `Invalid value for '${filter.name}': ${JSON.stringify(bad)}. Supported values are: ${allowed.join(', ')}.`);
    }
    filters.set(filter.dimension, new Set<Dim>(values));
  }
  for (const name of spec.booleanFilters) {
    const raw = params.get(name);
    if (raw === null) continue;
    if (raw !== 'true' && raw !== 'false') throw badParam(name, `Invalid value for '${name}': expected true or false, got ${JSON.stringify(raw)}.`);
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
  };
}
