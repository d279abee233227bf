import type {
  BucketWidth,
  WireAudioSpeechesResult,
  WireAudioTranscriptionsResult,
  WireCodeInterpreterSessionsResult,
  WireCompletionsResult,
  WireCostsResult,
  WireEmbeddingsResult,
  WireFileSearchCallsResult,
  WireImagesResult,
  WireModerationsResult,
  WireVectorStoresResult,
  WireWebSearchCallsResult,
} from './wire';

/** The 11 endpoints of the Usage and Costs API, by the name used throughout this project. */
export type EndpointName =
  | 'completions'
  | 'embeddings'
  | 'moderations'
  | 'images'
  | 'audio_speeches'
  | 'audio_transcriptions'
  | 'vector_stores'
  | 'code_interpreter_sessions'
  | 'file_search_calls'
  | 'web_search_calls'
  | 'costs';

/** The typed result row of each endpoint. */
export interface EndpointResultMap {
  completions: WireCompletionsResult;
  embeddings: WireEmbeddingsResult;
  moderations: WireModerationsResult;
  images: WireImagesResult;
  audio_speeches: WireAudioSpeechesResult;
  audio_transcriptions: WireAudioTranscriptionsResult;
  vector_stores: WireVectorStoresResult;
  code_interpreter_sessions: WireCodeInterpreterSessionsResult;
  file_search_calls: WireFileSearchCallsResult;
  web_search_calls: WireWebSearchCallsResult;
  costs: WireCostsResult;
}

export interface LimitRule {
  default: number;
  max: number;
}

/** An array filter and, when the API restricts it, the values it accepts. */
export interface ArrayFilter {
  name: string;
  values?: readonly string[];
}

export interface EndpointSpec {
  name: EndpointName;
  /** Path under the base URL (which ends in /v1). */
  path: string;
  /** The `object` value of each result. */
  resultObject: string;
  /** Array filters (query `name[]=…`), in spec order. */
  arrayFilters: readonly ArrayFilter[];
  /** Boolean filters (only completions' `batch`). */
  booleanFilters: readonly string[];
  /** Values `group_by` accepts; also the dimension keys of each result, present as null when ungrouped. */
  groupBy: readonly string[];
  bucketWidths: readonly BucketWidth[];
  /** `limit` default and maximum per bucket width (counts buckets, not results). */
  limits: Readonly<Partial<Record<BucketWidth, LimitRule>>>;
  /** Numeric fields of each result: required first, then optional, in spec order. */
  metrics: readonly string[];
  requiredMetrics: readonly string[];
}

const USAGE_LIMITS = {
  '1m': { default: 60, max: 1440 },
  '1h': { default: 24, max: 168 },
  '1d': { default: 7, max: 31 },
} as const;
const USAGE_WIDTHS: readonly BucketWidth[] = ['1m', '1h', '1d'];
const PEOPLE = ['project_ids', 'user_ids', 'api_key_ids'] as const;
const PEOPLE_AND_MODELS: readonly ArrayFilter[] = [...PEOPLE, 'models'].map((name) => ({ name }));
const MODEL_GROUPS = ['project_id', 'user_id', 'api_key_id', 'model'] as const;

function usage(
  name: EndpointName,
  resultObject: string,
  requiredMetrics: readonly string[],
  optionalMetrics: readonly string[],
  arrayFilters: readonly ArrayFilter[],
  groupBy: readonly string[],
  booleanFilters: readonly string[] = [],
): EndpointSpec {
  return {
    name,
    path: `/organization/usage/${name}`,
    resultObject,
    arrayFilters,
    booleanFilters,
    groupBy,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
    metrics: [...requiredMetrics, ...optionalMetrics],
    requiredMetrics,
  };
}

/** Every endpoint, as the official schema defines it. */
export const ENDPOINTS: Readonly<Record<EndpointName, EndpointSpec>> = {
  completions: usage(
    'completions',
    'organization.usage.completions.result',
    ['input_tokens', 'output_tokens', 'num_model_requests'],
    [
      'input_cached_tokens',
      'input_cache_write_tokens',
      'input_uncached_tokens',
      'input_text_tokens',
      'output_text_tokens',
      'input_cached_text_tokens',
      'input_audio_tokens',
      'input_cached_audio_tokens',
      'output_audio_tokens',
      'input_image_tokens',
      'input_cached_image_tokens',
      'output_image_tokens',
    ],
    PEOPLE_AND_MODELS,
    [...MODEL_GROUPS, 'batch', 'service_tier'],
    ['batch'],
  ),
  embeddings: usage('embeddings', 'organization.usage.embeddings.result', ['input_tokens', 'num_model_requests'], [], PEOPLE_AND_MODELS, MODEL_GROUPS),
  moderations: usage('moderations', 'organization.usage.moderations.result', ['input_tokens', 'num_model_requests'], [], PEOPLE_AND_MODELS, MODEL_GROUPS),
  images: usage(
    'images',
    'organization.usage.images.result',
    ['images', 'num_model_requests'],
    [],
    [
      { name: 'sources', values: ['image.generation', 'image.edit', 'image.variation'] },
      { name: 'sizes', values: ['256x256', '512x512', '1024x1024', '1792x1792', '1024x1792'] },
      ...PEOPLE_AND_MODELS,
    ],
    [...MODEL_GROUPS, 'size', 'source'],
  ),
  audio_speeches: usage('audio_speeches', 'organization.usage.audio_speeches.result', ['characters', 'num_model_requests'], [], PEOPLE_AND_MODELS, MODEL_GROUPS),
  audio_transcriptions: usage('audio_transcriptions', 'organization.usage.audio_transcriptions.result', ['seconds', 'num_model_requests'], [], PEOPLE_AND_MODELS, MODEL_GROUPS),
  vector_stores: usage('vector_stores', 'organization.usage.vector_stores.result', ['usage_bytes'], [], [{ name: 'project_ids' }], ['project_id']),
  code_interpreter_sessions: usage('code_interpreter_sessions', 'organization.usage.code_interpreter_sessions.result', ['num_sessions'], [], [{ name: 'project_ids' }], ['project_id']),
  file_search_calls: usage(
    'file_search_calls',
    'organization.usage.file_searches.result',
    ['num_requests'],
    [],
    [...PEOPLE.map((name) => ({ name })), { name: 'vector_store_ids' }],
    ['project_id', 'user_id', 'api_key_id', 'vector_store_id'],
  ),
  web_search_calls: usage(
    'web_search_calls',
    'organization.usage.web_searches.result',
    ['num_model_requests', 'num_requests'],
    [],
    [...PEOPLE_AND_MODELS, { name: 'context_levels', values: ['low', 'medium', 'high'] }],
    [...MODEL_GROUPS, 'context_level'],
  ),
  costs: {
    name: 'costs',
    path: '/organization/costs',
    resultObject: 'organization.costs.result',
    arrayFilters: [{ name: 'project_ids' }, { name: 'api_key_ids' }],
    booleanFilters: [],
    groupBy: ['project_id', 'line_item', 'api_key_id'],
    bucketWidths: ['1d'],
    // "Limit can range between 1 and 180, and the default is 7."
    limits: { '1d': { default: 7, max: 180 } },
    metrics: ['amount', 'quantity'],
    requiredMetrics: [],
  },
};

export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/** Looks an endpoint up by name, failing with the list of valid names. */
export function endpointSpec(name: string): EndpointSpec {
  if (!Object.prototype.hasOwnProperty.call(ENDPOINTS, name)) {
    throw new TypeError(`invalid endpoint: ${JSON.stringify(name)} (expected one of ${ENDPOINT_NAMES.join(', ')})`);
  }
  return ENDPOINTS[name as EndpointName];
}
