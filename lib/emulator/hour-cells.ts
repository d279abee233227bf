import { generator, hashInts, unitFrom } from './hash-random';
import { activityLevel } from './activity';
import type { Cell, EndpointProfile, Stream } from './stream';

/** The context needed to generate one endpoint's traffic. */
export interface EndpointTraffic {
  seed: number;
  scale: number;
  salt: number;
  profile: EndpointProfile;
  streams: readonly Stream[];
  metricCount: number;
  countIndex: number;
}

/** Cells of one UTC hour (`hour` = Unix seconds / 3600): one per active stream, zero-volume ones dropped. */
export function hourCells(t: EndpointTraffic, hour: number): Cell[] {
  const level = t.profile.steady === true ? 1 : activityLevel(t.seed, hour);
  const cells: Cell[] = [];
  for (const stream of t.streams) {
    const base = hashInts(t.seed, t.salt, stream.index, hour);
    let n: number;
    if (t.profile.steady === true) {
      n = 1;
    } else {
      if (unitFrom(base, 1) >= stream.duty) continue;
      const lambda = stream.rate * level * t.scale * (0.6 + 0.8 * unitFrom(base, 2));
      n = Math.floor(lambda + unitFrom(base, 3));
      if (n === 0) continue;
    }
    const metrics = t.profile.metrics(stream.params, n, (salt) => unitFrom(base, 10 + salt));
    cells.push({ dims: stream.dims, metrics });
  }
  return cells;
}

/**
 * Splits an hour's cells into its 60 minutes so that minutes sum exactly to the hour: each cell's events
 * land on distinct minutes (one each) when there are fewer than 60, and every metric is divided over the
 * same active minutes by cumulative rounding; derived metrics are then recomputed from their parts.
 */
export function splitHour(t: EndpointTraffic, hour: number, cells: readonly Cell[]): Cell[][] {
  const minutes: Cell[][] = Array.from({ length: 60 }, () => []);
  cells.forEach((cell, c) => {
    const count = t.countIndex >= 0 ? (cell.metrics[t.countIndex] ?? 0) : 60;
    const rand = generator(hashInts(t.seed, t.salt, hour, c));
    // Selection sampling: each minute is taken with probability (still needed) / (still available).
    const active: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      if (count >= 60 || rand() * (60 - i) < count - active.length) active.push(i);
    }
    const weights = active.map(() => 0.2 + 1.6 * rand());
    let total = 0;
    for (const w of weights) total += w;
    const parts: number[][] = active.map(() => new Array<number>(t.metricCount).fill(0));
    for (let k = 0; k < t.metricCount; k += 1) {
      const value = cell.metrics[k] ?? 0;
      if (k === t.countIndex) {
        // One event per active minute, the surplus (if any) spread by weight.
        spread(value - active.length, weights, total, (j, v) => ((parts[j] as number[])[k] = v + 1));
      } else {
        spread(value, weights, total, (j, v) => ((parts[j] as number[])[k] = v));
      }
    }
    active.forEach((minute, j) => {
      const metrics = parts[j] as number[];
      t.profile.derive?.(metrics);
      minutes[minute]?.push({ dims: cell.dims, metrics });
    });
  });
  return minutes;
}

/** Cumulative rounding: integer parts proportional to weights that sum exactly to `value`. */
function spread(value: number, weights: readonly number[], total: number, set: (j: number, v: number) => void): void {
  let acc = 0;
  let prev = 0;
  weights.forEach((w, j) => {
    acc += w;
    const upTo = j === weights.length - 1 ? value : Math.floor((value * acc) / total);
    set(j, upTo - prev);
    prev = upTo;
  });
}
