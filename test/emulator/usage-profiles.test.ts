import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ENDPOINTS, USAGE_ENDPOINT_NAMES, type UsageEndpointName } from '../../lib/catalogue/index';
import { sequence } from '../../lib/emulator/hash-random';
import { buildOrg } from '../../lib/emulator/synthetic-org';
import {
  EMBEDDING_MODELS,
  IMAGE_MODELS,
  PROFILES,
  SPEECH_MODELS,
  TRANSCRIPTION_MODELS,
  WEB_SEARCH_MODELS,
} from '../../lib/emulator/usage-profiles';

const ORG = buildOrg(42, { projects: 4 });

function draws(
  name: UsageEndpointName,
  count: number,
): { dims: Record<string, unknown>; metrics: number[]; n: number }[] {
  const profile = PROFILES[name];
  const u = sequence(9, name.length);
  return Array.from({ length: count }, (_, i) => {
    const project = ORG.projects[i % ORG.projects.length];
    assert.ok(project !== undefined);
    const dims = profile.pickDims(project, u);
    const params = profile.params(u, dims);
    const n = i % 50;
    return { dims, metrics: profile.metrics(params, n, (salt) => sequence(i, salt)()), n };
  });
}

test('every usage endpoint has a profile whose dims and metrics are the endpoint’s own', () => {
  assert.deepEqual(Object.keys(PROFILES).sort(), [...USAGE_ENDPOINT_NAMES].sort());
  for (const name of USAGE_ENDPOINT_NAMES) {
    const spec = ENDPOINTS[name];
    const profile = PROFILES[name];
    assert.ok(profile.countMetric === null || spec.metrics.includes(profile.countMetric), name);
    assert.ok(profile.streamCount(ORG) >= ORG.projects.length, `${name}: every project can have a stream`);
    for (const d of draws(name, 300)) {
      assert.equal(d.metrics.length, spec.metrics.length, name);
      for (const [dim, value] of Object.entries(d.dims)) {
        assert.ok(spec.groupBy.includes(dim), `${name} has no dimension ${dim}`);
        const allowed = spec.dimensionValues[dim];
        if (allowed !== undefined) assert.ok(allowed.includes(String(value)), `${name}.${dim}=${String(value)}`);
      }
      for (const x of d.metrics) assert.ok(Number.isInteger(x) && x >= 0, `${name}: ${x}`);
      const count = profile.countMetric === null ? undefined : d.metrics[spec.metrics.indexOf(profile.countMetric)];
      if (count !== undefined) assert.equal(count, d.n, `${name} counts its events`);
    }
  }
});

test('models come from each endpoint’s list; image sizes and sources are those the filters accept', () => {
  const lists: [UsageEndpointName, readonly string[]][] = [
    ['embeddings', EMBEDDING_MODELS],
    ['images', IMAGE_MODELS],
    ['audio_speeches', SPEECH_MODELS],
    ['audio_transcriptions', TRANSCRIPTION_MODELS],
    ['web_search_calls', WEB_SEARCH_MODELS],
  ];
  for (const [name, models] of lists) {
    const seen = new Set(draws(name, 400).map((d) => String(d.dims['model'])));
    assert.deepEqual([...seen].sort(), [...models].sort(), name);
  }
  const filter = (name: string): readonly string[] =>
    ENDPOINTS.images.arrayFilters.find((f) => f.name === name)?.values ?? [];
  for (const d of draws('images', 400)) {
    assert.ok(filter('sizes').includes(String(d.dims['size'])));
    assert.ok(filter('sources').includes(String(d.dims['source'])));
    // Variations exist for DALL-E 2 only.
    if (d.dims['source'] === 'image.variation') assert.equal(d.dims['model'], 'dall-e-2');
  }
});

test('metric shapes: images at least one per request, web searches at least one per call, storage in GiB', () => {
  for (const d of draws('images', 200)) assert.ok((d.metrics[0] ?? 0) >= d.n);
  for (const d of draws('web_search_calls', 200)) assert.ok((d.metrics[1] ?? 0) >= (d.metrics[0] ?? 0));
  for (const d of draws('file_search_calls', 50)) {
    assert.deepEqual(d.metrics, [d.n]);
    assert.ok(ORG.projects.some((p) => p.vectorStoreIds.includes(String(d.dims['vector_store_id']))));
  }
  const storage = PROFILES.vector_stores;
  assert.equal(storage.steady, true);
  assert.equal(storage.streamCount(ORG), ORG.projects.length);
  const u = sequence(1, 1);
  for (let i = 0; i < 50; i++) {
    const [bytes = 0] = storage.params(u, {});
    assert.ok(bytes >= 2 * 2 ** 30 && bytes <= 10 * 2 ** 30);
    const [sample = 0] = storage.metrics([bytes], 1, () => 0.5);
    assert.equal(sample, Math.round(bytes));
    assert.deepEqual(
      storage.metrics([bytes], 0, () => 0.5),
      [0],
    );
  }
});
