import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { downsampleTokenPoints } from '../../lib/charts/downsample';
import type { TokenPoint } from '../../lib/frames/index';

const hourly = (values: readonly number[]): TokenPoint[] =>
  values.map((v, i) => ({
    start: i * 3600,
    end: (i + 1) * 3600,
    input_tokens: v,
    output_tokens: 2 * v,
    input_cached_tokens: v % 3,
    num_model_requests: 1,
  }));

test('at most maxPoints remain: runs of ceil(n / max) buckets summed, spans joined', () => {
  const points = hourly([1, 2, 3, 4, 5, 6, 7]);
  const { points: out, factor } = downsampleTokenPoints(points, 3);
  assert.equal(factor, 3);
  assert.deepEqual(
    out.map((p) => [p.start, p.end, p.input_tokens, p.num_model_requests]),
    [
      [0, 3 * 3600, 6, 3],
      [3 * 3600, 6 * 3600, 15, 3],
      [6 * 3600, 7 * 3600, 7, 1],
    ],
  );
  const untouched = downsampleTokenPoints(points, 7);
  assert.equal(untouched.factor, 1);
  assert.deepEqual(untouched.points, points);
  assert.notEqual(untouched.points, points, 'a copy');
});

test('property: every total is kept exactly and the spans still cover the same hours', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 1, max: 50 }),
      (values, max) => {
        const points = hourly(values);
        const { points: out } = downsampleTokenPoints(points, max);
        assert.ok(out.length <= max);
        for (const key of ['input_tokens', 'output_tokens', 'input_cached_tokens', 'num_model_requests'] as const) {
          const total = (ps: readonly TokenPoint[]): number => ps.reduce((a, p) => a + p[key], 0);
          assert.equal(total(out), total(points), key);
        }
        assert.equal(out[0]?.start, 0);
        assert.equal(out.at(-1)?.end, values.length * 3600);
        out.forEach((p, i) => i > 0 && assert.equal(p.start, out[i - 1]?.end));
      },
    ),
  );
});
