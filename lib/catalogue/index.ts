/** The typed endpoint catalogue: the one source of truth the client, the emulator and the frames read. */
export { WIDTH_SECONDS, type BucketWidth } from './bucket-widths';
export {
  COMMON_PARAMS,
  type EndpointDecl,
  type MetricKind,
  type DimensionDecl,
  type DirectoryKind,
  type LimitRule,
  type GroupingCutoff,
} from './declare';
export { CATALOGUE, type Catalogue } from './endpoints';
export * from './types';
export * from './wire';
export * from './directory-wire';
export { organizationTagOf, tagResults, mergeBuckets, type OrganizationTag, type Tagged } from './organization-tag';
export {
  ENDPOINTS,
  ENDPOINT_NAMES,
  USAGE_ENDPOINT_NAMES,
  FILTER_NAMES,
  ARRAY_FILTER_NAMES,
  BOOLEAN_FILTER_NAMES,
  QUERY_KEYS,
  endpointSpec,
  type EndpointSpec,
  type ArrayFilter,
} from './spec';
export type { DimensionName, EndpointResultMap, MetricName, UsageEndpointName, WireResultOf } from './types';
export type { WireResult } from './wire';
export type { BUCKET_WIDTHS } from './bucket-widths';
export type { ParsedResultMap } from './types';
export type { WirePage } from './wire';
export type { ParsedResultOf } from './types';
export type { ParsedAmount, WireAmount } from './types';
