import { MalformedResponseError } from './errors';
import type { WireBucket } from '../catalogue/index';

/** The range a request asked for, in Unix seconds; `end` is Infinity when the server picks it ("now"). */
export interface AskedRange {
  start: number;
  end: number;
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Keeps each bucket exactly once and only inside the range asked for: a server that ignores `start_time` or repeats a
 * bucket on a later page must not make days count twice. A bucket overlapping the range is inside (the API floors the
 * start to the minute, and a day bucket may be aligned back to midnight); a bucket sent again with the same content is
 * dropped, with other content it is an error naming the bucket. `seen` may be shared by the windows of one fetch.
 */
export class BucketGuard<R> {
  readonly #range: AskedRange;
  readonly #seen: Map<number, WireBucket<R>>;

  constructor(range: AskedRange, seen: Map<number, WireBucket<R>> = new Map()) {
    this.#range = range;
    this.#seen = seen;
  }

  /** The buckets of one page to keep, in page order. */
  keep(data: readonly WireBucket<R>[], requestId: string | undefined): WireBucket<R>[] {
    const out: WireBucket<R>[] = [];
    const floor = Math.floor(this.#range.start / 60) * 60;
    data.forEach((b, i) => {
      if (b.end_time <= floor || b.start_time >= this.#range.end) return;
      const earlier = this.#seen.get(b.start_time);
      if (earlier === undefined) {
        this.#seen.set(b.start_time, b);
        out.push(b);
        return;
      }
      if (JSON.stringify(earlier) !== JSON.stringify(b)) {
        throw new MalformedResponseError(
          `bucket ${iso(b.start_time)} (start_time ${b.start_time}) sent twice with different content`,
          `$.data[${i}]`,
          requestId,
        );
      }
    });
    return out;
  }
}
