import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ENDPOINTS, USAGE_ENDPOINT_NAMES } from '../../lib/catalogue/index';
import { buildStreams, pickIndex } from '../../lib/emulator/stream';
import { buildOrg } from '../../lib/emulator/synthetic-org';
import { PROFILES } from '../../lib/emulator/usage-profiles';

test('pickIndex: the first index whose cumulative share exceeds u', () => {
  assert.equal(pickIndex([1, 1, 2], 0), 0);
  assert.equal(pickIndex([1, 1, 2], 0.2499), 0);
  assert.equal(pickIndex([1, 1, 2], 0.25), 1);
  assert.equal(pickIndex([1, 1, 2], 0.5), 2);
  assert.equal(pickIndex([1, 1, 2], 0.9999), 2);
  assert.equal(pickIndex([0, 5, 0], 0.3), 1);
  assert.equal(pickIndex([3], 0.7), 0);
});

test('property: a u inside the share of weight i picks i', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }),
      fc.nat(),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (weights, pick, f) => {
        const withWeight = weights.flatMap((w, i) => (w > 0 ? [i] : []));
        fc.pre(withWeight.length > 0);
        const i = withWeight[pick % withWeight.length] ?? 0;
        const total = weights.reduce((a, b) => a + b, 0);
        const before = weights.slice(0, i).reduce((a, b) => a + b, 0);
        const u = (before + (weights[i] ?? 0) * f) / total;
        assert.equal(pickIndex(weights, u), i);
      },
    ),
  );
});

test('every project gets the first streams; dims in the endpoint’s order, from its own users and keys', () => {
  const org = buildOrg(7, { projects: 6, users: 10, apiKeys: 12, streams: 40 });
  const spec = ENDPOINTS.completions;
  const streams = buildStreams(org, spec, PROFILES.completions, 1);
  assert.equal(streams.length, 40);
  const at = (name: string): number => spec.groupBy.indexOf(name);
  streams.forEach((s, i) => {
    assert.equal(s.index, i);
    assert.equal(s.dims.length, spec.groupBy.length);
    const project = org.projects.find((p) => p.id === s.dims[at('project_id')]);
    assert.ok(project !== undefined);
    if (i < org.projects.length) assert.equal(project, org.projects[i]);
    const user = s.dims[at('user_id')];
    assert.ok(user === null || project.userIds.includes(String(user)));
    assert.ok(project.apiKeyIds.includes(String(s.dims[at('api_key_id')])));
    assert.ok(s.duty >= 0.45 && s.duty <= 1);
    assert.ok(s.rate > 0);
  });
});

test('expected volume: Σ rate × duty over the streams is the profile’s peak per hour (project weights sum to 1)', () => {
  const org = buildOrg(3, { projects: 9, apiKeys: 20, streams: 60 });
  for (const name of USAGE_ENDPOINT_NAMES) {
    const profile = PROFILES[name];
    const streams = buildStreams(org, ENDPOINTS[name], profile, 5);
    const volume = streams.reduce((s, x) => s + x.rate * x.duty, 0);
    assert.ok(Math.abs(volume - profile.peakPerHour) < 1e-9 * profile.peakPerHour + 1e-12, `${name}: ${volume}`);
  }
});

test('deterministic per seed and salt; no project, no streams', () => {
  const org = buildOrg(11);
  const a = buildStreams(org, ENDPOINTS.embeddings, PROFILES.embeddings, 2);
  assert.deepEqual(buildStreams(buildOrg(11), ENDPOINTS.embeddings, PROFILES.embeddings, 2), a);
  assert.notDeepEqual(buildStreams(org, ENDPOINTS.embeddings, PROFILES.embeddings, 3), a);
  assert.deepEqual(buildStreams(buildOrg(11, { projects: 0 }), ENDPOINTS.embeddings, PROFILES.embeddings, 2), []);
});
