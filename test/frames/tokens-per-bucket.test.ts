import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokensPerBucket } from '../../lib/frames/tokens-per-bucket';
import { bucketStarts, usageTable } from '../../lib/frames/usage-table';
import { GROUPED_USAGE, SEED_USAGE } from './fixtures';

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
