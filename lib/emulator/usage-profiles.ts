import type { EndpointName } from '../catalogue/index';
import { apiSource, completionsProfile, decisionsProfile } from './completions-profile';
import { pickIndex, type Dim, type EndpointProfile } from './stream';

/** Models per non-completions endpoint, with stream weights. */
export const EMBEDDING_MODELS = ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'] as const;
export const MODERATION_MODELS = ['omni-moderation-latest', 'text-moderation-latest'] as const;
export const IMAGE_MODELS = ['dall-e-3', 'gpt-image-1', 'dall-e-2'] as const;
export const SPEECH_MODELS = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'] as const;
export const TRANSCRIPTION_MODELS = ['whisper-1', 'gpt-4o-transcribe'] as const;
export const WEB_SEARCH_MODELS = ['gpt-4o-2024-08-06', 'gpt-4.1-mini-2025-04-14', 'gpt-5-2025-08-07'] as const;

const SIZES: Record<string, readonly string[]> = {
  'dall-e-3': ['1024x1024', '1024x1792', '1792x1792'],
  'gpt-image-1': ['1024x1024', '1024x1792'],
  'dall-e-2': ['256x256', '512x512', '1024x1024'],
};

function choose<T>(items: readonly T[], weights: readonly number[], u: number): T {
  const item = items[pickIndex(weights, u)] ?? items[0];
  if (item === undefined) throw new RangeError('invalid choice: empty list');
  return item;
}

/** A profile whose only metrics are `[count-derived amount, count]` or similar simple shapes. */
function simple(
  peakPerHour: number,
  streams: number,
  pickDims: EndpointProfile['pickDims'],
  metrics: (n: number, avg: number, u: (salt: number) => number) => number[],
  avg: number,
  countMetric: string | null,
): EndpointProfile {
  return {
    streamCount: (org) => Math.max(streams, org.projects.length),
    peakPerHour,
    countMetric,
    pickDims,
    params: (u) => [avg * (0.6 + 0.8 * u())],
    metrics: ([mean = avg], n, u) => metrics(n, mean, u),
  };
}

const model =
  (models: readonly string[], weights: readonly number[]): EndpointProfile['pickDims'] =>
  (_p, u) => ({ model: choose(models, weights, u()) });
const noDims: EndpointProfile['pickDims'] = () => ({});
const amountAndCount = (n: number, avg: number, u: (s: number) => number): number[] => [
  Math.round(n * avg * (0.7 + 0.6 * u(1))),
  n,
];

/** Every usage endpoint's traffic profile. */
export const PROFILES: Readonly<Record<Exclude<EndpointName, 'costs'>, EndpointProfile>> = {
  completions: completionsProfile,
  decisions: decisionsProfile,
  embeddings: simple(1500, 16, model(EMBEDDING_MODELS, [6, 3, 1]), amountAndCount, 400, 'num_model_requests'),
  moderations: simple(600, 10, model(MODERATION_MODELS, [4, 1]), amountAndCount, 150, 'num_model_requests'),
  images: simple(
    60,
    16,
    (_p, u): Record<string, Dim> => {
      const m = choose(IMAGE_MODELS, [5, 3, 1], u());
      const sizes = SIZES[m] ?? ['1024x1024'];
      return {
        model: m,
        size: choose(sizes, [6, 3, 1].slice(0, sizes.length), u()),
        source: choose(['image.generation', 'image.edit', 'image.variation'], [5, 3, m === 'dall-e-2' ? 2 : 0], u()),
      };
    },
    // Every request makes at least one image: a stream's jittered mean below 1 must not bill fewer images than requests.
    (n, avg, u) => [n + Math.round(n * Math.max(0, avg - 1) * u(1)), n],
    1.6,
    'num_model_requests',
  ),
  audio_speeches: simple(80, 8, model(SPEECH_MODELS, [4, 1, 3]), amountAndCount, 600, 'num_model_requests'),
  audio_transcriptions: simple(50, 8, model(TRANSCRIPTION_MODELS, [3, 2]), amountAndCount, 90, 'num_model_requests'),
  vector_stores: {
    ...simple(0, 0, noDims, () => [], 0, null),
    streamCount: (org) => org.projects.length,
    peakPerHour: 1,
    steady: true,
    // Bytes stored, sampled per hour; the per-stream rate already carries the project's weight.
    params: (u) => [2 ** 30 * (2 + 8 * u())],
    metrics: ([bytes = 0], n, u) => (n === 0 ? [0] : [Math.round(bytes * (0.95 + 0.1 * u(1)))]),
  },
  code_interpreter_sessions: simple(20, 6, noDims, (n) => [n], 1, 'num_sessions'),
  file_search_calls: simple(
    300,
    14,
    (project, u) => ({ vector_store_id: choose(project.vectorStoreIds, [2, 1], u()) }),
    (n) => [n],
    1,
    'num_requests',
  ),
  web_search_calls: simple(
    150,
    12,
    (p, u) => {
      const dims = {
        model: choose(WEB_SEARCH_MODELS, [3, 2, 1], u()),
        context_level: choose(['low', 'medium', 'high'], [2, 5, 1], u()),
      };
      return { ...dims, api_source: apiSource(p.id, dims.model, dims.context_level) };
    },
    (n, avg, u) => [n, n + Math.round(n * avg * u(1))],
    0.6,
    'num_model_requests',
  ),
};
