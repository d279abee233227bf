import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketStarts, usageTable, type DictColumn } from '../../lib/frames/index';
import { ENDPOINTS, type WireBucket, type WireEmbeddingsResult } from '../../lib/catalogue/index';
import { GROUPED_USAGE, SEED_USAGE } from './fixtures';

const decode = (c: DictColumn | undefined): (string | null)[] =>
  c ? Array.from(c.codes, (k) => c.values[k] ?? null) : [];

test('seed buckets become one row per result with every metric column, missing metrics reading 0', () => {
  const t = usageTable('completions', SEED_USAGE);
  assert.equal(t.length, 4);
  assert.deepEqual(Object.keys(t.metrics), ENDPOINTS.completions.metrics);
  assert.deepEqual([...t.startTime], [1736616660, 1736640000, 1736726400, 1736812800]);
  assert.deepEqual([...(t.metrics['input_tokens'] ?? [])], [141201, 45949, 3718360, 52786]);
  assert.deepEqual([...(t.metrics['input_audio_tokens'] ?? [])], [0, 0, 5776, 4066]);
  assert.deepEqual([...(t.metrics['input_image_tokens'] ?? [])], [0, 0, 0, 0]);
  assert.deepEqual(decode(t.dimensions['model']), [null, null, null, null]);
});

test('dimensions keep null apart from values, batch becomes "true"/"false", absent keys read null', () => {
  const t = usageTable('completions', GROUPED_USAGE);
  const rows = GROUPED_USAGE.flatMap((b) => b.results);
  assert.equal(t.length, rows.length);
  assert.deepEqual(
    decode(t.dimensions['project_id']),
    rows.map((r) => r.project_id ?? null),
  );
  assert.deepEqual(decode(t.dimensions['batch']), [null, 'false', 'true', null, null, null, null]);
  assert.deepEqual(decode(t.dimensions['service_tier']), [null, null, null, null, 'default', null, null]);
  assert.deepEqual(
    [...(t.metrics['input_cached_tokens'] ?? [])],
    rows.map((r) => r.input_cached_tokens ?? 0),
  );
});

test('bucketStarts keeps empty buckets that add no rows', () => {
  assert.equal(usageTable('completions', GROUPED_USAGE).length, 7);
  assert.deepEqual(
    bucketStarts(GROUPED_USAGE),
    GROUPED_USAGE.map((b) => ({ start: b.start_time, end: b.end_time })),
  );
});

test('other endpoints get their own metrics and dimensions', () => {
  const buckets: WireBucket<WireEmbeddingsResult>[] = [
    {
      object: 'bucket',
      start_time: 0,
      end_time: 60,
      results: [{ object: 'organization.usage.embeddings.result', input_tokens: 5, num_model_requests: 1, model: 'e' }],
    },
  ];
  const t = usageTable('embeddings', buckets);
  assert.deepEqual(Object.keys(t.metrics), ['input_tokens', 'num_model_requests']);
  assert.deepEqual(Object.keys(t.dimensions), ['project_id', 'user_id', 'api_key_id', 'model']);
  assert.equal(t.metrics['input_tokens']?.[0], 5);
});

test('costs and unknown endpoints are rejected by name', () => {
  assert.throws(() => usageTable('costs', []), /invalid endpoint: "costs"/);
  assert.throws(() => usageTable('nope' as 'costs', []), /invalid endpoint: "nope"/);
});

test('non-numeric metric values fail loudly instead of summing garbage', () => {
  const bad = [
    {
      object: 'bucket' as const,
      start_time: 0,
      end_time: 1,
      results: [{ object: 'organization.usage.embeddings.result' as const, input_tokens: 1, num_model_requests: 1 }],
    },
  ];
  const r: Record<string, unknown> = bad[0]?.results[0] ?? {};
  r['input_tokens'] = 'lots';
  assert.throws(() => usageTable('embeddings', bad), /invalid input_tokens: "lots"/);
});
