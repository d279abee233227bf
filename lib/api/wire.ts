/**
 * Wire types: the JSON of the OpenAI organization Usage and Costs API exactly as the official
 * OpenAPI schema describes it (test/fixtures/openai-usage-openapi.json). Nothing outside
 * lib/api and lib/emulator should depend on these shapes; frames convert them once into row types.
 */

export type BucketWidth = '1m' | '1h' | '1d';

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

export interface WireCompletionsResult {
  object: 'organization.usage.completions.result';
  input_tokens: number;
  output_tokens: number;
  num_model_requests: number;
  input_cached_tokens?: number;
  input_cache_write_tokens?: number;
  input_uncached_tokens?: number;
  input_text_tokens?: number;
  output_text_tokens?: number;
  input_cached_text_tokens?: number;
  input_audio_tokens?: number;
  input_cached_audio_tokens?: number;
  output_audio_tokens?: number;
  input_image_tokens?: number;
  input_cached_image_tokens?: number;
  output_image_tokens?: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
  batch?: boolean | null;
  service_tier?: string | null;
}

export interface WireEmbeddingsResult {
  object: 'organization.usage.embeddings.result';
  input_tokens: number;
  num_model_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
}

export interface WireModerationsResult {
  object: 'organization.usage.moderations.result';
  input_tokens: number;
  num_model_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
}

export interface WireImagesResult {
  object: 'organization.usage.images.result';
  images: number;
  num_model_requests: number;
  source?: string | null;
  size?: string | null;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
}

export interface WireAudioSpeechesResult {
  object: 'organization.usage.audio_speeches.result';
  characters: number;
  num_model_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
}

export interface WireAudioTranscriptionsResult {
  object: 'organization.usage.audio_transcriptions.result';
  seconds: number;
  num_model_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
}

export interface WireVectorStoresResult {
  object: 'organization.usage.vector_stores.result';
  usage_bytes: number;
  project_id?: string | null;
}

export interface WireCodeInterpreterSessionsResult {
  object: 'organization.usage.code_interpreter_sessions.result';
  num_sessions: number;
  project_id?: string | null;
}

/** Note: the object name does not match the path name (`file_search_calls`); that is the real API. */
export interface WireFileSearchCallsResult {
  object: 'organization.usage.file_searches.result';
  num_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  vector_store_id?: string | null;
}

export interface WireWebSearchCallsResult {
  object: 'organization.usage.web_searches.result';
  num_model_requests: number;
  num_requests: number;
  project_id?: string | null;
  user_id?: string | null;
  api_key_id?: string | null;
  model?: string | null;
  context_level?: string | null;
}

/** `amount.value` is a number in the schema but live responses have carried numeric strings. */
export interface WireAmount {
  value: number | string | null;
  currency: string;
}

export interface WireCostsResult {
  object: 'organization.costs.result';
  amount?: WireAmount | null;
  line_item?: string | null;
  project_id?: string | null;
  api_key_id?: string | null;
  quantity?: number | null;
  quantity_unit?: string | null;
}

export type WireResult =
  | WireCompletionsResult
  | WireEmbeddingsResult
  | WireModerationsResult
  | WireImagesResult
  | WireAudioSpeechesResult
  | WireAudioTranscriptionsResult
  | WireVectorStoresResult
  | WireCodeInterpreterSessionsResult
  | WireFileSearchCallsResult
  | WireWebSearchCallsResult
  | WireCostsResult;

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
