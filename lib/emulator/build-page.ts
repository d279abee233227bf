import type { EndpointSpec } from '../catalogue/index';
import type { WireBucket } from '../catalogue/index';
import { aggregateCells, type CellFilter } from './aggregate-cells';
import type { BoundedCache } from './bounded-cache';
import { bucketSpans } from './bucket-grid';
import type { DataSource } from './data-source';
import { hashString } from './hash-random';
import { badParam } from './http-error';
import { decodeCursor, encodeCursor } from './page-cursor';
import type { ParsedQuery } from './parse-query';
import { reviseResults } from './revise-results';
import type { BucketRevision } from './types';
import { costsResult, usageResult, type JsonResult, type ShapeOptions } from './shape-result';

/** Binds cursors to the exact query that produced them: live, any other parameter changed makes the cursor a 400. */
function fingerprint(spec: EndpointSpec, q: ParsedQuery): number {
  return hashString(`${spec.name}|${q.canonical}`);
}

/**
 * Answers one page as JSON text: resolves the range (end fixed at the first request and carried in the
 * cursor), lays out `limit` buckets and aggregates the synthetic data into each. `now` is Unix seconds.
 * A bucket that ends before the last finished minute cannot change any more, so its JSON is cached:
 * repeated pulls of the same range cost little server CPU, as they would on a real service.
 */
export function buildPage(
  source: DataSource,
  spec: EndpointSpec,
  q: ParsedQuery,
  now: number,
  shape: ShapeOptions,
  /** JSON of buckets that can no longer change, keyed by query fingerprint and span. */
  cache: BoundedCache<string>,
  revision?: BucketRevision,
): string {
  const fp = fingerprint(spec, q);
  let from: number;
  let end: number;
  if (q.page !== undefined) {
    const state = decodeCursor(q.page, fp);
    if ((q.end !== undefined && q.end !== state.end) || state.next < q.start || state.next >= state.end) {
      throw badParam(
        'page',
        "Invalid value for 'page': the cursor does not belong to this query (keep every other parameter unchanged).",
      );
    }
    ({ end, next: from } = state);
  } else {
    end = q.end ?? Math.floor(now);
    from = q.start;
    if (from >= end) {
      throw badParam(
        'start_time',
        `Invalid value for 'start_time': must be before the end of the range (${end}), got ${q.start}.`,
      );
    }
  }
  const spans = bucketSpans(from, end, q.width, q.limit);
  // No usage exists in minutes that have not finished yet.
  const dataEnd = Math.floor(now / 60) * 60;
  const filter: CellFilter = [...q.filters.entries()].map(([name, values]) => ({
    index: spec.groupBy.indexOf(name),
    values,
  }));
  const groupIndexes = q.groupBy.map((g) => spec.groupBy.indexOf(g));
  const isCosts = spec.name === 'costs';
  const absent = new Set(spec.mayBeAbsent);
  const none = new Set<string>();
  const byLineItem = q.groupBy.includes('line_item');
  const data = spans.map((span) => {
    const to = Math.min(Math.ceil(span.end / 60) * 60, dataEnd);
    const key = `${fp}|${span.start}|${span.end}`;
    const finished = to === Math.ceil(span.end / 60) * 60;
    const make = (): string => {
      const groups = aggregateCells(
        source.chunks(spec.name, span.start, to),
        filter,
        groupIndexes,
        spec.groupBy.length,
        spec.metrics.length,
      );
      const omit = span.start < shape.newFieldsSince ? absent : none;
      const shaped = groups.map((g) =>
        isCosts ? costsResult(spec, g, byLineItem, shape) : usageResult(spec, g, omit),
      );
      const revised = revision !== undefined && span.start >= revision.start && span.start < revision.end;
      const results = revised ? reviseResults(spec, shaped, revision) : shaped;
      const bucket: WireBucket<JsonResult> = { object: 'bucket', start_time: span.start, end_time: span.end, results };
      if (!shape.bucketIsoTimes) return JSON.stringify(bucket);
      const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
      return JSON.stringify({ ...bucket, start_time_iso: iso(span.start), end_time_iso: iso(span.end) });
    };
    return finished ? cache.get(key, make) : make();
  });
  const last = spans[spans.length - 1];
  const hasMore = last !== undefined && last.end < end;
  const nextPage = hasMore && last !== undefined ? encodeCursor({ end, next: last.end }, fp) : null;
  return `{"object":"page","data":[${data.join(',')}],"has_more":${String(hasMore)},"next_page":${JSON.stringify(nextPage)}}`;
}
