import type { EndpointDecl } from './declare';

/** SDK releases that added what the saved schema (openai-openapi f85dbe2, 2026-08-21) lacks. */
export const SDK_DECISIONS = 'openai-node 7.33.0';
export const SDK_API_SOURCE = 'openai-node 7.33.0';
export const SDK_CACHE_WRITE_30M = 'openai-node 7.40.0';
export const SDK_CACHE_WRITE_12H = 'openai-node 7.50.0';
export const SDK_COSTS_GROUPS = 'openai-node 7.33.0';

const USAGE_LIMITS = {
  '1m': { default: 60, max: 1440 },
  '1h': { default: 24, max: 168 },
  '1d': { default: 7, max: 31 },
} as const;
const USAGE_WIDTHS = ['1m', '1h', '1d'] as const;

const REQUESTS = { kind: 'count', required: true } as const;
const TOKENS = { kind: 'count', required: true } as const;
const OPTIONAL_TOKENS = { kind: 'count' } as const;
const STRING = { type: 'string' } as const;
const API_SOURCE = { type: 'enum', values: ['agents_api', 'unlabeled'], sdk: SDK_API_SOURCE } as const;

const PROJECT_ID = { type: 'string', names: 'project' } as const;
const PEOPLE_DIMS = {
  project_id: PROJECT_ID,
  user_id: { type: 'string', names: 'user' },
  api_key_id: { type: 'string', names: 'api_key' },
} as const;
const MODEL_DIMS = { ...PEOPLE_DIMS, model: STRING } as const;
const PEOPLE_FILTERS = {
  project_ids: { type: 'array', dimension: 'project_id' },
  user_ids: { type: 'array', dimension: 'user_id' },
  api_key_ids: { type: 'array', dimension: 'api_key_id' },
} as const;
const MODEL_FILTERS = { ...PEOPLE_FILTERS, models: { type: 'array', dimension: 'model' } } as const;
const PROJECT_ONLY = {
  dimensions: { project_id: PROJECT_ID },
  filters: { project_ids: { type: 'array', dimension: 'project_id' } },
} as const;

/** Completions' token fields, shared by decisions; identities: input = cached + cache write + uncached, etc. */
const TOKEN_METRICS = {
  input_tokens: TOKENS,
  output_tokens: TOKENS,
  num_model_requests: REQUESTS,
  input_cached_tokens: OPTIONAL_TOKENS,
  input_cache_write_tokens: OPTIONAL_TOKENS,
  input_uncached_tokens: OPTIONAL_TOKENS,
  input_text_tokens: OPTIONAL_TOKENS,
  output_text_tokens: OPTIONAL_TOKENS,
  input_cached_text_tokens: OPTIONAL_TOKENS,
  input_audio_tokens: OPTIONAL_TOKENS,
  input_cached_audio_tokens: OPTIONAL_TOKENS,
  output_audio_tokens: OPTIONAL_TOKENS,
  input_image_tokens: OPTIONAL_TOKENS,
  input_cached_image_tokens: OPTIONAL_TOKENS,
  output_image_tokens: OPTIONAL_TOKENS,
  // The two TTLs of input_cache_write_tokens (30m + 12h = the total); newer than the other fields, so last.
  input_cache_write_30m_tokens: { kind: 'count', mayBeAbsent: true, sdk: SDK_CACHE_WRITE_30M },
  input_cache_write_12h_tokens: { kind: 'count', mayBeAbsent: true, sdk: SDK_CACHE_WRITE_12H },
} as const;
const TOKEN_DIMS = { ...MODEL_DIMS, batch: { type: 'boolean' }, service_tier: STRING, api_source: API_SOURCE } as const;
const TOKEN_FILTERS = { ...MODEL_FILTERS, batch: { type: 'boolean', dimension: 'batch' } } as const;

function usagePath<N extends string>(name: N): `/organization/usage/${N}` {
  return `/organization/usage/${name}`;
}

/**
 * The Usage and Costs API, declared once: the client, the emulator, the frames and the notebooks derive every
 * endpoint name, field, filter, group_by value and limit from this table (saved schema + SDK 7.59.0).
 */
export const CATALOGUE = {
  completions: {
    path: usagePath('completions'),
    resultObject: 'organization.usage.completions.result',
    metrics: TOKEN_METRICS,
    dimensions: TOKEN_DIMS,
    filters: TOKEN_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  embeddings: {
    path: usagePath('embeddings'),
    resultObject: 'organization.usage.embeddings.result',
    metrics: { input_tokens: TOKENS, num_model_requests: REQUESTS },
    dimensions: MODEL_DIMS,
    filters: MODEL_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  moderations: {
    path: usagePath('moderations'),
    resultObject: 'organization.usage.moderations.result',
    metrics: { input_tokens: TOKENS, num_model_requests: REQUESTS },
    dimensions: MODEL_DIMS,
    filters: MODEL_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  images: {
    path: usagePath('images'),
    resultObject: 'organization.usage.images.result',
    metrics: { images: { kind: 'count', required: true }, num_model_requests: REQUESTS },
    dimensions: { ...MODEL_DIMS, size: STRING, source: STRING },
    filters: {
      sources: { type: 'array', dimension: 'source', values: ['image.generation', 'image.edit', 'image.variation'] },
      sizes: {
        type: 'array',
        dimension: 'size',
        values: ['256x256', '512x512', '1024x1024', '1792x1792', '1024x1792'],
      },
      ...MODEL_FILTERS,
    },
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  audio_speeches: {
    path: usagePath('audio_speeches'),
    resultObject: 'organization.usage.audio_speeches.result',
    metrics: { characters: { kind: 'count', required: true }, num_model_requests: REQUESTS },
    dimensions: MODEL_DIMS,
    filters: MODEL_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  audio_transcriptions: {
    path: usagePath('audio_transcriptions'),
    resultObject: 'organization.usage.audio_transcriptions.result',
    metrics: { seconds: { kind: 'count', required: true }, num_model_requests: REQUESTS },
    dimensions: MODEL_DIMS,
    filters: MODEL_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  vector_stores: {
    path: usagePath('vector_stores'),
    resultObject: 'organization.usage.vector_stores.result',
    metrics: { usage_bytes: { kind: 'gauge', required: true } },
    ...PROJECT_ONLY,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  code_interpreter_sessions: {
    path: usagePath('code_interpreter_sessions'),
    resultObject: 'organization.usage.code_interpreter_sessions.result',
    metrics: { num_sessions: { kind: 'count', required: true } },
    ...PROJECT_ONLY,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  // The object name does not match the path name (`file_search_calls`); that is the real API.
  file_search_calls: {
    path: usagePath('file_search_calls'),
    resultObject: 'organization.usage.file_searches.result',
    metrics: { num_requests: REQUESTS },
    dimensions: { ...PEOPLE_DIMS, vector_store_id: STRING },
    filters: { ...PEOPLE_FILTERS, vector_store_ids: { type: 'array', dimension: 'vector_store_id' } },
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  web_search_calls: {
    path: usagePath('web_search_calls'),
    resultObject: 'organization.usage.web_searches.result',
    metrics: { num_model_requests: REQUESTS, num_requests: REQUESTS },
    dimensions: { ...MODEL_DIMS, context_level: STRING, api_source: API_SOURCE },
    filters: {
      ...MODEL_FILTERS,
      context_levels: { type: 'array', dimension: 'context_level', values: ['low', 'medium', 'high'] },
    },
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  decisions: {
    path: usagePath('decisions'),
    resultObject: 'organization.usage.decisions.result',
    sdk: SDK_DECISIONS,
    metrics: TOKEN_METRICS,
    dimensions: TOKEN_DIMS,
    filters: TOKEN_FILTERS,
    bucketWidths: USAGE_WIDTHS,
    limits: USAGE_LIMITS,
  },
  costs: {
    path: '/organization/costs',
    resultObject: 'organization.costs.result',
    metrics: { amount: { kind: 'money' }, quantity: { kind: 'quantity' } },
    dimensions: {
      project_id: PROJECT_ID,
      user_id: { type: 'string', names: 'user', sdk: SDK_COSTS_GROUPS },
      line_item: STRING,
      api_key_id: { type: 'string', names: 'api_key' },
      api_source: API_SOURCE,
    },
    attributes: { quantity_unit: STRING },
    filters: {
      project_ids: { type: 'array', dimension: 'project_id' },
      api_key_ids: { type: 'array', dimension: 'api_key_id' },
      // "exact match on the whole string" (api-changes-2026-11), and line items hold commas by design.
      line_items: { type: 'array', dimension: 'line_item', sdk: SDK_COSTS_GROUPS, wholeValues: true },
    },
    bucketWidths: ['1d'],
    // "Limit can range between 1 and 180, and the default is 7."
    limits: { '1d': { default: 7, max: 180 } },
    // Live: group_by api_key_id only from 2025-12-06; before it user_id works alone only.
    groupingCutoff: {
      since: 1764979200,
      needsLaterStart: 'api_key_id',
      pairsBefore: [
        ['user_id', 'project_id'],
        ['user_id', 'line_item'],
      ],
    },
  },
} as const satisfies Readonly<Record<string, EndpointDecl>>;

export type Catalogue = typeof CATALOGUE;
