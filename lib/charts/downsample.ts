import type { TokenPoint } from './inputs';

/** Above this many points per trace, charts aggregate (bars) or switch to WebGL (lines). */
export const MAX_POINTS_PER_TRACE = 5000;

/** Result of summing consecutive buckets; `factor` 1 means untouched. */
export interface Downsampled {
  points: TokenPoint[];
  factor: number;
}

/**
 * Sums runs of `factor` consecutive buckets so at most `maxPoints` remain; totals are preserved exactly, which
 * matters more for usage bars than the shape-preserving point picking used for lines.
 */
export function downsampleTokenPoints(points: readonly TokenPoint[], maxPoints = MAX_POINTS_PER_TRACE): Downsampled {
  if (points.length <= maxPoints) return { points: [...points], factor: 1 };
  const factor = Math.ceil(points.length / maxPoints);
  const out: TokenPoint[] = [];
  for (let i = 0; i < points.length; i += factor) {
    const run = points.slice(i, i + factor);
    const first = run[0];
    const last = run[run.length - 1];
    if (first === undefined || last === undefined) continue;
    const sum = (key: keyof TokenPoint): number => run.reduce((acc, p) => acc + p[key], 0);
    out.push({
      start: first.start,
      end: last.end,
      input_tokens: sum('input_tokens'),
      output_tokens: sum('output_tokens'),
      input_cached_tokens: sum('input_cached_tokens'),
      num_model_requests: sum('num_model_requests'),
    });
  }
  return { points: out, factor };
}
