import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS } from '../../lib/catalogue/index';
import {
  COMPLETION_MODELS,
  apiSource,
  completionsProfile,
  decisionsProfile,
} from '../../lib/emulator/completions-profile';
import { sequence } from '../../lib/emulator/hash-random';
import { buildOrg } from '../../lib/emulator/synthetic-org';

const METRICS = ENDPOINTS.completions.metrics;

function named(metrics: readonly number[]): Record<string, number> {
  assert.equal(metrics.length, METRICS.length);
  return Object.fromEntries(METRICS.map((m, i) => [m, metrics[i] ?? NaN]));
}

/** The token identities the API keeps: every total is the sum of its parts. */
function assertIdentities(x: Record<string, number>): void {
  const v = (k: string): number => x[k] ?? NaN;
  assert.equal(
    v('input_tokens'),
    v('input_cached_tokens') + v('input_cache_write_tokens') + v('input_uncached_tokens'),
  );
  assert.equal(
    v('input_cached_tokens'),
    v('input_cached_text_tokens') + v('input_cached_audio_tokens') + v('input_cached_image_tokens'),
  );
  assert.equal(v('input_uncached_tokens'), v('input_text_tokens') + v('input_audio_tokens') + v('input_image_tokens'));
  assert.equal(v('input_cache_write_tokens'), v('input_cache_write_30m_tokens') + v('input_cache_write_12h_tokens'));
  assert.equal(v('output_tokens'), v('output_text_tokens') + v('output_audio_tokens') + v('output_image_tokens'));
}

test('property: metrics of any stream and count hold every token identity, non-negative integers, n requests', () => {
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  fc.assert(
    fc.property(
      fc.constantFrom(...COMPLETION_MODELS),
      fc.array(unit, { minLength: 6, maxLength: 6 }),
      fc.integer({ min: 0, max: 5000 }),
      fc.array(unit, { minLength: 4, maxLength: 4 }),
      (model, draws, n, salts) => {
        let i = 0;
        const params = completionsProfile.params(() => draws[i++ % draws.length] ?? 0, { model: model.id });
        const x = named(completionsProfile.metrics(params, n, (salt) => salts[salt % salts.length] ?? 0));
        assertIdentities(x);
        assert.equal(x['num_model_requests'], n);
        for (const [k, v] of Object.entries(x)) assert.ok(Number.isInteger(v) && v >= 0, `${k}=${v}`);
        // A model without audio or image input has none.
        if (model.audio === 0) assert.equal((x['input_audio_tokens'] ?? 0) + (x['output_audio_tokens'] ?? 0), 0);
        if (model.image === 0) assert.equal(x['input_image_tokens'], 0);
        assert.equal(x['output_image_tokens'], 0);
      },
    ),
  );
});

test('derive recomputes every total from its parts, in place', () => {
  const x = new Array<number>(METRICS.length).fill(999);
  const set = (k: string, v: number): void => {
    x[METRICS.indexOf(k)] = v;
  };
  set('input_text_tokens', 10);
  set('input_audio_tokens', 2);
  set('input_image_tokens', 3);
  set('input_cached_text_tokens', 4);
  set('input_cached_audio_tokens', 0);
  set('input_cached_image_tokens', 1);
  set('input_cache_write_30m_tokens', 6);
  set('input_cache_write_12h_tokens', 1);
  set('output_text_tokens', 20);
  set('output_audio_tokens', 5);
  set('output_image_tokens', 0);
  completionsProfile.derive?.(x);
  const v = named(x);
  assert.deepEqual(
    [
      v['input_uncached_tokens'],
      v['input_cached_tokens'],
      v['input_cache_write_tokens'],
      v['input_tokens'],
      v['output_tokens'],
    ],
    [15, 5, 7, 27, 25],
  );
});

test('pickDims: a listed model, batch only as the batch tier and never for audio, the api_source of its hash', () => {
  const [project] = buildOrg(42).projects;
  assert.ok(project !== undefined);
  const u = sequence(42, 99);
  const ids = new Set<string>(COMPLETION_MODELS.map((m) => m.id));
  const tiers = new Map<string, number>();
  for (let i = 0; i < 2000; i++) {
    const d = completionsProfile.pickDims(project, u);
    const model = String(d['model']);
    assert.ok(ids.has(model));
    assert.equal(d['batch'] === true, d['service_tier'] === 'batch');
    if (model.includes('audio')) assert.equal(d['batch'], false);
    assert.equal(d['api_source'], apiSource(project.id, model, String(d['service_tier'])));
    tiers.set(String(d['service_tier']), (tiers.get(String(d['service_tier'])) ?? 0) + 1);
  }
  assert.deepEqual([...tiers.keys()].sort(), ['batch', 'default', 'flex', 'priority', 'scale']);
  // Weights 80/10/7/3 of the non-batch share: default dominates.
  assert.ok((tiers.get('default') ?? 0) > 1000);
});

test('apiSource: deterministic, about a fifth agents_api; decisions take the complement', () => {
  let agents = 0;
  const combos: [string, string, string][] = [];
  for (let p = 0; p < 40; p++) for (const m of COMPLETION_MODELS) combos.push([`proj_${p}`, m.id, 'default']);
  for (const [p, m, t] of combos) {
    const s = apiSource(p, m, t);
    assert.equal(apiSource(p, m, t), s);
    if (s === 'agents_api') agents++;
  }
  const share = agents / combos.length;
  assert.ok(share > 0.12 && share < 0.28, String(share));

  const [project] = buildOrg(5).projects;
  assert.ok(project !== undefined);
  const u = sequence(5, 1);
  for (let i = 0; i < 200; i++) {
    const d = decisionsProfile.pickDims(project, u);
    const viaAgents: boolean = apiSource(project.id, String(d['model']), 'decisions') !== 'agents_api';
    assert.equal(d['api_source'], viaAgents ? 'agents_api' : 'unlabeled');
  }
});

test('decisions: fewer, larger streams; the same metric shapes as completions', () => {
  assert.equal(decisionsProfile.peakPerHour, 500);
  assert.equal(decisionsProfile.streamCount(buildOrg(1, { projects: 3 })), 24);
  assert.equal(decisionsProfile.streamCount(buildOrg(1, { projects: 30, apiKeys: 30 })), 30);
  assert.equal(completionsProfile.streamCount(buildOrg(1, { streams: 77 })), 77);
  const params = [1000, 300, 0.3, 0.01, 0.2, 0.1];
  const u = (salt: number): number => (salt * 0.37) % 1;
  assert.deepEqual(decisionsProfile.metrics(params, 12, u), completionsProfile.metrics(params, 12, u));
});
