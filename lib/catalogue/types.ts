import type { Catalogue } from './endpoints';

/** The 12 endpoints of the Usage and Costs API, by the name used throughout this project. */
export type EndpointName = keyof Catalogue;
export type UsageEndpointName = Exclude<EndpointName, 'costs'>;

type Metrics<E extends EndpointName> = Catalogue[E]['metrics'];
type Dimensions<E extends EndpointName> = Catalogue[E]['dimensions'];
type Filters<E extends EndpointName> = Catalogue[E]['filters'];

/** Metric names of an endpoint (for a union of endpoints: the ones they share). */
export type MetricName<E extends EndpointName> = Extract<keyof Metrics<E>, string>;
/** Dimension names (`group_by` values) of an endpoint (for a union: the shared ones). */
export type DimensionName<E extends EndpointName> = Extract<keyof Dimensions<E>, string>;
/** Filter names of an endpoint. */
export type FilterName<E extends EndpointName> = Extract<keyof Filters<E>, string>;

/** Every filter any endpoint takes. */
export type AnyFilterName = { [E in EndpointName]: FilterName<E> }[EndpointName];
/** Array filters (query `name[]=…`) of any endpoint. */
export type ArrayFilterName = {
  [E in EndpointName]: { [F in FilterName<E>]: Filters<E>[F] extends { type: 'array' } ? F : never }[FilterName<E>];
}[EndpointName];
/** Boolean filters of any endpoint (completions' and decisions' `batch`). */
export type BooleanFilterName = Exclude<AnyFilterName, ArrayFilterName>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RequiredMetric<E extends EndpointName> = {
  [K in MetricName<E>]: Metrics<E>[K] extends { required: true } ? K : never;
}[MetricName<E>];
type OptionalMetric<E extends EndpointName> = Exclude<MetricName<E>, RequiredMetric<E>>;

type DimensionValue<D> = D extends { type: 'boolean' } ? boolean : D extends { type: 'enum'; values: readonly (infer V)[] } ? V : string;

/** `amount.value` is a number in the schema but live responses carry numeric strings ("0E-6176", 39 digits). */
export interface WireAmount {
  value?: number | string | null;
  currency?: string;
}

/** An amount after parsing: the value is a number (null stays null), the currency defaults to "usd". */
export interface ParsedAmount {
  value: number | null;
  currency: string;
}

type WireMetricValue<M> = M extends { kind: 'money' } ? WireAmount | null : number | null;
type ParsedMetricValue<M> = M extends { kind: 'money' }
  ? ParsedAmount | null
  : M extends { kind: 'quantity' }
    ? number | null
    : M extends { mayBeAbsent: true }
      ? number | null
      : number;

type Attributes<E extends EndpointName> = Catalogue[E] extends { attributes: infer A } ? Extract<keyof A, string> : never;

/** A result exactly as the wire may carry it: required metrics, the rest optional (dimensions null if ungrouped). */
export type WireResultOf<E extends EndpointName> = Simplify<
  { object: Catalogue[E]['resultObject'] } & { [K in RequiredMetric<E>]: number } & {
    [K in OptionalMetric<E>]?: WireMetricValue<Metrics<E>[K]>;
  } & { [K in DimensionName<E>]?: DimensionValue<Dimensions<E>[K]> | null } & { [K in Attributes<E>]?: string | null }
>;

/**
 * A result after `parsePage`: every field present, metrics numbers (a missing one is 0, except fields that older
 * buckets lack, which stay null), dimensions null when not grouped by, unknown keys dropped.
 */
export type ParsedResultOf<E extends EndpointName> = Simplify<
  { object: Catalogue[E]['resultObject'] } & { [K in MetricName<E>]: ParsedMetricValue<Metrics<E>[K]> } & {
    [K in DimensionName<E>]: DimensionValue<Dimensions<E>[K]> | null;
  } & { [K in Attributes<E>]: string | null }
>;

/** The wire result row of each endpoint. */
export type EndpointResultMap = { [E in EndpointName]: WireResultOf<E> };
/** The parsed result row of each endpoint. */
export type ParsedResultMap = { [E in EndpointName]: ParsedResultOf<E> };
