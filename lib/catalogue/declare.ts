import type { BucketWidth } from './bucket-widths';

/**
 * How a metric adds up: `count` sums over time and groups, `gauge` is a level sampled per bucket (sum over groups,
 * not over time), `money` is an `{ value, currency }` amount, `quantity` a billed amount in `quantity_unit`.
 */
export type MetricKind = 'count' | 'gauge' | 'money' | 'quantity';

/** A numeric field of a result. */
export interface MetricDecl {
  readonly kind: MetricKind;
  /** Always present in the schema (the rest are optional and parse to 0 when missing). */
  readonly required?: true;
  /** Absent or null on buckets older than the field (parsed as null, not 0). */
  readonly mayBeAbsent?: true;
  /** The SDK release that added it when the saved schema lacks it. */
  readonly sdk?: string;
}

/** The kind of admin directory object whose name stands for a dimension's ID (`project_id` → the project). */
export type DirectoryKind = 'project' | 'user' | 'api_key';

/** A dimension: a `group_by` value and a result field (null when not grouped by). */
export type DimensionDecl =
  | { readonly type: 'string'; readonly sdk?: string; readonly names?: DirectoryKind }
  | { readonly type: 'boolean'; readonly sdk?: string }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly sdk?: string };

/** A query filter and the dimension it restricts. */
export type FilterDecl =
  | {
      readonly type: 'array';
      readonly dimension: string;
      readonly values?: readonly string[];
      readonly sdk?: string;
      /** Values hold commas, so a value is never split at them (see `ArrayFilter.wholeValues`). */
      readonly wholeValues?: true;
    }
  | { readonly type: 'boolean'; readonly dimension: string };

export interface LimitRule {
  readonly default: number;
  readonly max: number;
}

/**
 * A rule of the live service on `group_by` before a date (costs only today): a dimension that needs a later start,
 * and pairs that only work from that date on.
 */
export interface GroupingCutoff {
  /** Unix seconds; the service's default, the emulator can move it. */
  readonly since: number;
  /** Not available at all before `since` (400 on start_time). */
  readonly needsLaterStart: string;
  /** Pairs refused before `since`. */
  readonly pairsBefore: readonly (readonly [string, string])[];
}

/** One endpoint as the catalogue declares it. */
export interface EndpointDecl {
  /** Path under the base URL (which ends in /v1). */
  readonly path: string;
  /** The `object` value of each result. */
  readonly resultObject: string;
  /** The SDK release that added the endpoint when the saved schema lacks it. */
  readonly sdk?: string;
  /** Numeric fields, in schema order. */
  readonly metrics: Readonly<Record<string, MetricDecl>>;
  /** `group_by` values, also result fields; in schema order. */
  readonly dimensions: Readonly<Record<string, DimensionDecl>>;
  /** Fields that are neither (costs' `quantity_unit`): string or null. */
  readonly attributes?: Readonly<Record<string, { readonly type: 'string' }>>;
  readonly filters: Readonly<Record<string, FilterDecl>>;
  readonly bucketWidths: readonly BucketWidth[];
  /** `limit` default and maximum per bucket width (counts buckets, not results). */
  readonly limits: Readonly<Partial<Record<BucketWidth, LimitRule>>>;
  readonly groupingCutoff?: GroupingCutoff;
}

/** Parameters every endpoint takes besides its filters (`page` is the cursor, never written by callers). */
export const COMMON_PARAMS = ['start_time', 'end_time', 'bucket_width', 'limit', 'group_by'] as const;
