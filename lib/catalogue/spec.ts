import type { BucketWidth } from './bucket-widths';
import { COMMON_PARAMS, type EndpointDecl, type GroupingCutoff, type LimitRule, type MetricKind } from './declare';
import { CATALOGUE } from './endpoints';
import type { AnyFilterName, ArrayFilterName, BooleanFilterName, EndpointName, UsageEndpointName } from './types';

/** An array filter and, when the API restricts it, the values it accepts. */
export interface ArrayFilter {
  name: string;
  /** The dimension it restricts (`project_ids` → `project_id`). */
  dimension: string;
  values?: readonly string[];
  /** Values hold commas (line items: `gpt-4o, input`): each sent value is one whole value, never split at commas. */
  wholeValues?: true;
}

/** The runtime view of one catalogue entry, with the lists the client and the emulator loop over. */
export interface EndpointSpec {
  name: EndpointName;
  path: string;
  resultObject: string;
  /** Array filters (query `name[]=…`), in declaration order. */
  arrayFilters: readonly ArrayFilter[];
  /** Boolean filters (`batch`). */
  booleanFilters: readonly string[];
  /** Values `group_by` accepts; also the dimension keys of each result, present as null when ungrouped. */
  groupBy: readonly string[];
  /** Enum dimensions and their values (`api_source`). */
  dimensionValues: Readonly<Record<string, readonly string[]>>;
  bucketWidths: readonly BucketWidth[];
  limits: Readonly<Partial<Record<BucketWidth, LimitRule>>>;
  /** Numeric fields: in declaration order. */
  metrics: readonly string[];
  requiredMetrics: readonly string[];
  /** Metrics older buckets lack (parsed as null, omitted by the emulator before their date). */
  mayBeAbsent: readonly string[];
  metricKinds: Readonly<Record<string, MetricKind>>;
  /** Fields that are neither metric nor dimension (costs' `quantity_unit`). */
  attributes: readonly string[];
  groupingCutoff?: GroupingCutoff;
}

function toSpec(name: EndpointName, d: EndpointDecl): EndpointSpec {
  const metricNames = Object.keys(d.metrics);
  const arrayFilters: ArrayFilter[] = [];
  const booleanFilters: string[] = [];
  for (const [filter, f] of Object.entries(d.filters)) {
    if (f.type === 'boolean') booleanFilters.push(filter);
    else
      arrayFilters.push({
        name: filter,
        dimension: f.dimension,
        ...(f.values === undefined ? {} : { values: f.values }),
        ...(f.wholeValues === true ? { wholeValues: true } : {}),
      });
  }
  const dimensionValues: Record<string, readonly string[]> = {};
  for (const [dim, decl] of Object.entries(d.dimensions)) if (decl.type === 'enum') dimensionValues[dim] = decl.values;
  const spec: EndpointSpec = {
    name,
    path: d.path,
    resultObject: d.resultObject,
    arrayFilters,
    booleanFilters,
    groupBy: Object.keys(d.dimensions),
    dimensionValues,
    bucketWidths: d.bucketWidths,
    limits: d.limits,
    metrics: metricNames,
    requiredMetrics: metricNames.filter((m) => d.metrics[m]?.required === true),
    mayBeAbsent: metricNames.filter((m) => d.metrics[m]?.mayBeAbsent === true),
    metricKinds: Object.fromEntries(metricNames.map((m) => [m, d.metrics[m]?.kind ?? 'count'])),
    attributes: Object.keys(d.attributes ?? {}),
  };
  if (d.groupingCutoff !== undefined) spec.groupingCutoff = d.groupingCutoff;
  return spec;
}

const CATALOGUE_DECLS: Readonly<Record<EndpointName, EndpointDecl>> = CATALOGUE;

/** Every endpoint name, in catalogue order. */
export const ENDPOINT_NAMES = Object.keys(CATALOGUE) as EndpointName[];

/** Every usage endpoint (all but costs). */
export const USAGE_ENDPOINT_NAMES = ENDPOINT_NAMES.filter((n): n is UsageEndpointName => n !== 'costs');

/** Every endpoint's runtime spec, derived from the catalogue. */
export const ENDPOINTS: Readonly<Record<EndpointName, EndpointSpec>> = Object.fromEntries(
  ENDPOINT_NAMES.map((name) => [name, toSpec(name, CATALOGUE_DECLS[name])]),
) as Record<EndpointName, EndpointSpec>;

/** Every filter any endpoint takes, in first-seen order. */
export const FILTER_NAMES: readonly AnyFilterName[] = [
  ...new Set(Object.values(CATALOGUE_DECLS).flatMap((d) => Object.keys(d.filters))),
] as AnyFilterName[];

/** Filters that take a boolean (`batch`); every other filter takes a list of strings. */
export const BOOLEAN_FILTER_NAMES: readonly BooleanFilterName[] = [
  ...new Set(
    Object.values(CATALOGUE_DECLS).flatMap((d) =>
      Object.entries(d.filters)
        .filter(([, f]) => f.type === 'boolean')
        .map(([n]) => n),
    ),
  ),
] as BooleanFilterName[];
export const ARRAY_FILTER_NAMES: readonly ArrayFilterName[] = FILTER_NAMES.filter(
  (n): n is ArrayFilterName => !(BOOLEAN_FILTER_NAMES as readonly string[]).includes(n),
);

/** Every query key a caller may write (the cursor `page` is the client's business). */
export const QUERY_KEYS: readonly string[] = [...COMMON_PARAMS, ...FILTER_NAMES];

/** Whether `name` is an endpoint of the catalogue. */
export function isEndpointName(name: string): name is EndpointName {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, name);
}

/** Looks an endpoint up by name, failing with the list of valid names. */
export function endpointSpec(name: string): EndpointSpec {
  if (!isEndpointName(name)) {
    throw new TypeError(`invalid endpoint: ${JSON.stringify(name)} (expected one of ${ENDPOINT_NAMES.join(', ')})`);
  }
  return ENDPOINTS[name];
}
