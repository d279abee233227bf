/**
 * Wire types: the JSON of the organization Usage and Costs API as the official schema and SDK 7.59.0 describe it,
 * derived from the catalogue. Nothing outside lib/api and lib/emulator should depend on these shapes; frames read
 * the parsed rows (`ParsedResultOf`) once into columns.
 */
import type { EndpointName, ParsedResultMap, WireResultOf } from './types';

export type { BucketWidth } from './bucket-widths';
export type { WireAmount, ParsedAmount } from './types';

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

export type WireCompletionsResult = WireResultOf<'completions'>;
export type WireDecisionsResult = WireResultOf<'decisions'>;
export type WireEmbeddingsResult = WireResultOf<'embeddings'>;
export type WireModerationsResult = WireResultOf<'moderations'>;
export type WireImagesResult = WireResultOf<'images'>;
export type WireAudioSpeechesResult = WireResultOf<'audio_speeches'>;
export type WireAudioTranscriptionsResult = WireResultOf<'audio_transcriptions'>;
export type WireVectorStoresResult = WireResultOf<'vector_stores'>;
export type WireCodeInterpreterSessionsResult = WireResultOf<'code_interpreter_sessions'>;
export type WireFileSearchCallsResult = WireResultOf<'file_search_calls'>;
export type WireWebSearchCallsResult = WireResultOf<'web_search_calls'>;
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
