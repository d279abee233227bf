import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tokensPerBucket } from '../../lib/frames/tokens-per-bucket';
import { bucketStarts, usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, SEED_USAGE } from './fixtures';
import { DAY, DAY0, usageBuckets } from './usage-buckets';

test('tokensPerBucket sums per bucket and zero-fills empty buckets when given', () => {
  const t = usageTable('completions', GROUPED_USAGE);
  const points = tokensPerBucket(t, bucketStarts(GROUPED_USAGE));
  assert.equal(points.length, 3);
  GROUPED_USAGE.forEach((b, i) => {
    let input = 0;
    let cached = 0;
    for (const r of b.results) {
      input += r.input_tokens;
      cached += r.input_cached_tokens ?? 0;
    }
    assert.deepEqual(
      [points[i]?.start, points[i]?.end, points[i]?.input_tokens, points[i]?.input_cached_tokens],
      [b.start_time, b.end_time, input, cached],
    );
  });
  assert.equal(tokensPerBucket(t).length, 2);
  assert.deepEqual(
    tokensPerBucket(usageTable('completions', SEED_USAGE)).map((p) => p.output_tokens),
    [9756, 282, 97756, 38204],
  );
});

test('property: each point sums its day, spans add idle days at 0, points sorted by start whatever the bucket order', () => {
  const row = fc.record({
    day: fc.integer({ min: 0, max: 5 }),
    input: fc.integer({ min: 0, max: 2 ** 40 }),
    output: fc.integer({ min: 0, max: 1000 }),
    cached: fc.integer({ min: 0, max: 1000 }),
    requests: fc.integer({ min: 0, max: 50 }),
  });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, reversed) => {
      const buckets = usageBuckets(rows, 6);
      if (reversed) buckets.reverse();
      const table = usageTable('completions', buckets);
      const withSpans = tokensPerBucket(table, bucketStarts(buckets));
      assert.deepEqual(
        withSpans.map((p) => [p.start, p.end]),
        Array.from({ length: 6 }, (_, d) => [DAY0 + d * DAY, DAY0 + (d + 1) * DAY]),
      );
      for (const p of withSpans) {
        const mine = rows.filter((r) => DAY0 + r.day * DAY === p.start);
        const sum = (f: (r: (typeof rows)[number]) => number): number => mine.reduce((s, r) => s + f(r), 0);
        assert.deepEqual(
          [p.input_tokens, p.output_tokens, p.input_cached_tokens, p.num_model_requests],
          [sum((r) => r.input), sum((r) => r.output), sum((r) => r.cached), sum((r) => r.requests)],
        );
      }
      assert.deepEqual(
        tokensPerBucket(table).map((p) => p.start),
        [...new Set(rows.map((r) => r.day))].sort((a, b) => a - b).map((d) => DAY0 + d * DAY),
      );
    }),
  );
});

test('metrics an endpoint lacks read 0 (embeddings have no output tokens); no rows, no points', () => {
  const embeddings = usageTable('embeddings', [
    {
      object: 'bucket',
      start_time: DAY0,
      end_time: DAY0 + DAY,
      results: [{ object: 'organization.usage.embeddings.result', input_tokens: 7, num_model_requests: 2 }],
    },
  ]);
  assert.deepEqual(tokensPerBucket(embeddings), [
    {
      start: DAY0,
      end: DAY0 + DAY,
      input_tokens: 7,
      output_tokens: 0,
      input_cached_tokens: 0,
      num_model_requests: 2,
    },
  ]);
  assert.deepEqual(tokensPerBucket(usageTable('completions', [])), []);
});
