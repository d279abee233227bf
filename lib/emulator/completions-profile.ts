import { ENDPOINTS } from '../catalogue/index';
import { hashString } from './hash-random';
import { pickIndex, type EndpointProfile } from './stream';

/** Completions models: share of streams, mean input/output tokens per request, audio/image capability. */
export const COMPLETION_MODELS = [
  { id: 'gpt-4o-mini-2024-07-18', weight: 30, input: 900, output: 250, audio: 0, image: 0.05 },
  { id: 'gpt-4o-2024-08-06', weight: 18, input: 1500, output: 400, audio: 0, image: 0.08 },
  { id: 'gpt-4.1-mini-2025-04-14', weight: 14, input: 1800, output: 350, audio: 0, image: 0.03 },
  { id: 'gpt-4.1-2025-04-14', weight: 8, input: 2500, output: 500, audio: 0, image: 0.1 },
  { id: 'o3-mini-2025-01-31', weight: 6, input: 1200, output: 2200, audio: 0, image: 0 },
  { id: 'gpt-5-2025-08-07', weight: 5, input: 3000, output: 1800, audio: 0, image: 0.05 },
  { id: 'gpt-4o-audio-preview-2024-12-17', weight: 4, input: 700, output: 500, audio: 0.7, image: 0 },
  { id: 'ft:gpt-4o-mini-2024-07-18:acme::abc123', weight: 10, input: 600, output: 120, audio: 0, image: 0 },
  { id: 'ft:gpt-4.1-mini-2025-04-14:acme:support:def456', weight: 5, input: 800, output: 200, audio: 0, image: 0 },
] as const;

const TIERS = ['default', 'flex', 'priority', 'scale'] as const;
const TIER_WEIGHTS = [80, 10, 7, 3];

const m = (name: string): number => ENDPOINTS.completions.metrics.indexOf(name);
const I = {
  input: m('input_tokens'),
  output: m('output_tokens'),
  requests: m('num_model_requests'),
  cached: m('input_cached_tokens'),
  cacheWrite: m('input_cache_write_tokens'),
  write30m: m('input_cache_write_30m_tokens'),
  write12h: m('input_cache_write_12h_tokens'),
  uncached: m('input_uncached_tokens'),
  text: m('input_text_tokens'),
  outText: m('output_text_tokens'),
  cachedText: m('input_cached_text_tokens'),
  audio: m('input_audio_tokens'),
  cachedAudio: m('input_cached_audio_tokens'),
  outAudio: m('output_audio_tokens'),
  image: m('input_image_tokens'),
  cachedImage: m('input_cached_image_tokens'),
  outImage: m('output_image_tokens'),
};

/**
 * About a fifth of the streams come through the Agents API. Drawn from a hash, not from the stream's random sequence,
 * so the other dimensions and volumes stay what they were before `api_source` existed.
 */
export function apiSource(projectId: string, model: string, tier: string): 'agents_api' | 'unlabeled' {
  return hashString(`${projectId}|${model}|${tier}|api_source`) % 5 === 0 ? 'agents_api' : 'unlabeled';
}

/** Completions traffic; token identities (input = cached + cache write + uncached, …) hold by construction. */
export const completionsProfile: EndpointProfile = {
  streamCount: (org) => org.streams,
  peakPerHour: 4000,
  countMetric: 'num_model_requests',
  pickDims(project, u) {
    const model =
      COMPLETION_MODELS[
        pickIndex(
          COMPLETION_MODELS.map((x) => x.weight),
          u(),
        )
      ] ?? COMPLETION_MODELS[0];
    const batch = !model.id.includes('audio') && u() < 0.12;
    const tier = batch ? 'batch' : (TIERS[pickIndex(TIER_WEIGHTS, u())] ?? 'default');
    return { model: model.id, batch, service_tier: tier, api_source: apiSource(project.id, model.id, tier) };
  },
  params(u, dims) {
    const model = COMPLETION_MODELS.find((x) => x.id === dims['model']) ?? COMPLETION_MODELS[0];
    const cachedShare = u() * 0.6;
    const writeShare = u() < 0.3 ? 0.02 * u() : 0;
    return [
      model.input * (0.6 + 0.8 * u()),
      model.output * (0.6 + 0.8 * u()),
      cachedShare,
      writeShare,
      model.audio,
      model.image,
    ];
  },
  metrics([avgIn = 0, avgOut = 0, cachedShare = 0, writeShare = 0, audioShare = 0, imageShare = 0], n, u) {
    const metrics = new Array<number>(ENDPOINTS.completions.metrics.length).fill(0);
    const input = Math.round(n * avgIn * (0.7 + 0.6 * u(1)));
    const output = Math.round(n * avgOut * (0.7 + 0.6 * u(2)));
    const cached = Math.round(input * cachedShare * (0.5 + u(3)) * 0.9);
    const write = Math.round(input * writeShare);
    const uncached = input - cached - write;
    metrics[I.requests] = n;
    // Most cache writes use the 30-minute TTL; the 12-hour one (SDK 7.50.0) is the rest.
    metrics[I.write30m] = Math.round(write * 0.8);
    metrics[I.write12h] = write - (metrics[I.write30m] ?? 0);
    metrics[I.audio] = Math.round(uncached * audioShare);
    metrics[I.image] = Math.round(uncached * imageShare);
    metrics[I.text] = uncached - (metrics[I.audio] ?? 0) - (metrics[I.image] ?? 0);
    metrics[I.cachedAudio] = Math.round(cached * audioShare);
    metrics[I.cachedImage] = Math.round(cached * imageShare);
    metrics[I.cachedText] = cached - (metrics[I.cachedAudio] ?? 0) - (metrics[I.cachedImage] ?? 0);
    metrics[I.outAudio] = Math.round(output * audioShare * 0.8);
    metrics[I.outText] = output - (metrics[I.outAudio] ?? 0);
    completionsProfile.derive?.(metrics);
    return metrics;
  },
  derive(x) {
    const v = (i: number): number => x[i] ?? 0;
    x[I.cached] = v(I.cachedText) + v(I.cachedAudio) + v(I.cachedImage);
    x[I.uncached] = v(I.text) + v(I.audio) + v(I.image);
    x[I.cacheWrite] = v(I.write30m) + v(I.write12h);
    x[I.input] = v(I.cached) + v(I.cacheWrite) + v(I.uncached);
    x[I.output] = v(I.outText) + v(I.outAudio) + v(I.outImage);
  },
};

/** Decisions API traffic: completions-like token usage, fewer and larger requests, mostly through the Agents API. */
export const decisionsProfile: EndpointProfile = {
  ...completionsProfile,
  streamCount: (org) => Math.max(24, org.projects.length),
  peakPerHour: 500,
  pickDims(project, u) {
    const dims = completionsProfile.pickDims(project, u);
    // Mostly the Agents API: the complement of the completions draw.
    const viaAgents = apiSource(project.id, String(dims['model']), 'decisions') !== 'agents_api';
    return { ...dims, api_source: viaAgents ? 'agents_api' : 'unlabeled' };
  },
};
