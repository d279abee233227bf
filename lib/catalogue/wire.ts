/**
 * Wire types: the JSON of the organization Usage and Costs API as the official schema and SDK 7.59.0 describe it,
 * derived from the catalogue. Nothing outside lib/api and lib/emulator should depend on these shapes; frames read
 * the parsed rows (`ParsedResultOf`) once into columns.
 */
import type { EndpointName, ParsedResultMap, WireResultOf } from './types';

export type { BucketWidth } from './bucket-widths';

/** The page envelope every Usage and Costs endpoint returns (`UsageResponse`). */
export interface WirePage<R = WireResult> {
  object: 'page';
  data: WireBucket<R>[];
  has_more: boolean;
  next_page: string | null;
}

/** One time bucket (`UsageTimeBucket`). */
export interface WireBucket<R = WireResult> {
  object: 'bucket';
  start_time: number;
  end_time: number;
  results: R[];
}

/** A page and a bucket as `parsePage` returns them. */
export type ParsedPage<E extends EndpointName> = WirePage<ParsedResultMap[E]>;
export type ParsedBucket<E extends EndpointName> = WireBucket<ParsedResultMap[E]>;

/** Wire results by name, for the endpoints code names (any other: `WireResultOf<'images'>`). */
export type WireCompletionsResult = WireResultOf<'completions'>;
export type WireEmbeddingsResult = WireResultOf<'embeddings'>;
export type WireVectorStoresResult = WireResultOf<'vector_stores'>;
export type WireCostsResult = WireResultOf<'costs'>;

/** Any endpoint's wire result. */
export type WireResult = { [E in EndpointName]: WireResultOf<E> }[EndpointName];

/** The official error envelope. Some live 403s carry `error` as a bare string instead. */
export interface WireErrorBody {
  error:
    | {
        message: string;
        type: string;
        param: string | null;
        code: string | null;
      }
    | string;
}
