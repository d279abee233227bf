/**
 * The official SDK (openai-node 7.59.0) as a type oracle: its generated result and parameter types must name exactly
 * the fields, dimensions, filters and widths the catalogue declares. A field added or renamed on either side makes
 * one of the `expectType` lines below fail to compile (`npm run typecheck`).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as U from 'openai/resources/admin/organization/usage';
import {
  ENDPOINT_NAMES,
  type Catalogue,
  type DimensionName,
  type EndpointName,
  type FilterName,
  type WireResultOf,
} from '../../lib/catalogue/index';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | undefined {
  return undefined;
}

/** The SDK's response and parameter types per catalogue endpoint (the oracle's own naming). */
interface SdkResponses {
  completions: U.UsageCompletionsResponse;
  decisions: U.UsageDecisionsResponse;
  embeddings: U.UsageEmbeddingsResponse;
  moderations: U.UsageModerationsResponse;
  images: U.UsageImagesResponse;
  audio_speeches: U.UsageAudioSpeechesResponse;
  audio_transcriptions: U.UsageAudioTranscriptionsResponse;
  vector_stores: U.UsageVectorStoresResponse;
  code_interpreter_sessions: U.UsageCodeInterpreterSessionsResponse;
  file_search_calls: U.UsageFileSearchCallsResponse;
  web_search_calls: U.UsageWebSearchCallsResponse;
  costs: U.UsageCostsResponse;
}
interface SdkParams {
  completions: U.UsageCompletionsParams;
  decisions: U.UsageDecisionsParams;
  embeddings: U.UsageEmbeddingsParams;
  moderations: U.UsageModerationsParams;
  images: U.UsageImagesParams;
  audio_speeches: U.UsageAudioSpeechesParams;
  audio_transcriptions: U.UsageAudioTranscriptionsParams;
  vector_stores: U.UsageVectorStoresParams;
  code_interpreter_sessions: U.UsageCodeInterpreterSessionsParams;
  file_search_calls: U.UsageFileSearchCallsParams;
  web_search_calls: U.UsageWebSearchCallsParams;
  costs: U.UsageCostsParams;
}

/** The SDK's result type of an endpoint: its buckets' result union narrowed by the `object` the catalogue declares. */
type SdkResult<E extends EndpointName> = Extract<
  SdkResponses[E]['data'][number]['results'][number],
  { object: Catalogue[E]['resultObject'] }
>;
type Scalar = 'start_time' | 'end_time' | 'bucket_width' | 'limit' | 'page' | 'group_by';

type All<T extends Record<EndpointName, boolean>> = Equal<T, { [E in EndpointName]: true }>;

test('the SDK has exactly the catalogue endpoints', () => {
  expectType<Equal<keyof SdkResponses, EndpointName>>();
  expectType<Equal<keyof SdkParams, EndpointName>>();
  assert.equal(ENDPOINT_NAMES.length, 12);
});

test('result fields: the same names on both sides, and every SDK result is a valid wire result of the library', () => {
  expectType<All<{ [E in EndpointName]: Equal<keyof WireResultOf<E>, keyof SdkResult<E>> }>>();
  expectType<All<{ [E in EndpointName]: SdkResult<E> extends WireResultOf<E> ? true : false }>>();
  // Required fields agree too (the rest are optional on both sides).
  type Required<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
  expectType<All<{ [E in EndpointName]: Equal<Required<WireResultOf<E>>, Required<SdkResult<E>>> }>>();
  // A field the SDK does not have fails (the check is not vacuous).
  type Renamed = Omit<WireResultOf<'completions'>, 'input_cache_write_12h_tokens'> & {
    input_cache_write_12hr_tokens?: number;
  };
  // @ts-expect-error a renamed field breaks the key equality
  expectType<Equal<keyof Renamed, keyof SdkResult<'completions'>>>();
});

test('group_by values, filters and bucket widths match the SDK parameters', () => {
  expectType<All<{ [E in EndpointName]: Equal<DimensionName<E>, NonNullable<SdkParams[E]['group_by']>[number]> }>>();
  expectType<All<{ [E in EndpointName]: Equal<FilterName<E>, Exclude<keyof SdkParams[E], Scalar>> }>>();
  expectType<
    All<{ [E in EndpointName]: Equal<Catalogue[E]['bucketWidths'][number], NonNullable<SdkParams[E]['bucket_width']>> }>
  >();
});
