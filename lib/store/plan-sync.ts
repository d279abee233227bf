import { ENDPOINTS, type EndpointName, WIDTH_SECONDS, type BucketWidth } from '../catalogue/index';
import { missingRanges, type CoverageInterval } from './coverage';
import { groupingKey } from './table-schema';

/** Which width is kept for how long: a width is synced for the last `maxAgeSeconds` (null = the whole range). */
export interface WidthTier {
  width: BucketWidth;
  maxAgeSeconds: number | null;
}

/** 1d for everything, 1h for the last 30 days, 1m for the last day: old data coarse, recent data fine. */
export const DEFAULT_TIERS: readonly WidthTier[] = [
  { width: '1d', maxAgeSeconds: null },
  { width: '1h', maxAgeSeconds: 30 * 86_400 },
  { width: '1m', maxAgeSeconds: 86_400 },
];

/** Re-read on every run because the API revises recent buckets after they close. @unit seconds */
export const DEFAULT_TRAILING = { usage: 48 * 3600, costs: 3 * 86_400 } as const;

/**
 * The grouping each endpoint is synced with: every dimension (the finest grain, from which every coarser
 * grouping is summed), less what the catalogue's grouping cut-off refuses for older ranges (costs: api_key_id
 * before its date, user_id paired with the others), so one grouping serves any backfill.
 */
export function defaultGrouping(endpoint: EndpointName): string[] {
  const spec = ENDPOINTS[endpoint];
  const cutoff = spec.groupingCutoff;
  if (cutoff === undefined) return [...spec.groupBy];
  const refused = new Set([cutoff.needsLaterStart, ...cutoff.pairsBefore.map(([a]) => a)]);
  return spec.groupBy.filter((g) => !refused.has(g));
}

/**
 * What sync stores of one endpoint: the default grouping over the whole range and, where the catalogue has a
 * grouping cut-off, the default grouping plus the cut-off's dimension from the cut-off on (costs by api_key_id, which
 * the API answers only from that date), so a notebook that asks for a key's costs where they exist reads them from a
 * plain sync. Not every dimension: user_id on top would multiply the rows by the users for no notebook's query.
 */
export function syncGroupings(
  endpoint: EndpointName,
  since: number,
  until: number,
): { groupBy: string[]; since: number }[] {
  const plans = [{ groupBy: defaultGrouping(endpoint), since }];
  const cutoff = ENDPOINTS[endpoint].groupingCutoff;
  if (cutoff !== undefined && until > cutoff.since) {
    const wider = new Set([...defaultGrouping(endpoint), cutoff.needsLaterStart]);
    plans.push({
      groupBy: ENDPOINTS[endpoint].groupBy.filter((g) => wider.has(g)),
      since: Math.max(since, cutoff.since),
    });
  }
  return plans;
}

/** One request-sized piece of work: whole buckets [start, end) of one endpoint, grouping and width. */
export interface SyncWindow {
  endpoint: EndpointName;
  groupBy: readonly string[];
  grouping: string;
  width: BucketWidth;
  start: number;
  end: number;
  /** Every bucket in it is past the trailing window (and whole): it is never fetched again. */
  final: boolean;
  /** The API's partial first bucket of a range starting inside a bucket (see `WindowWrite.partial`). */
  partial?: boolean;
}

export interface PlanInput {
  endpoint: EndpointName;
  groupBy: readonly string[];
  /** @unit Unix seconds */
  now: number;
  since: number;
  until: number;
  tiers: readonly WidthTier[];
  /** @unit seconds */
  trailingSeconds: number;
  /** Coverage already stored, per width. */
  coverage: (width: BucketWidth) => Promise<CoverageInterval[]>;
  /**
   * Hold the range from `since` exactly, as the API answers it: a `since` inside a bucket (floored to the minute,
   * as the API does) also gets its partial first bucket as its own window, unless that exact bucket is stored
   * final. Whole buckets are synced from the grid bucket holding `since` either way. @default false
   */
  exactStart?: { isFinal: (width: BucketWidth, start: number, end: number) => Promise<boolean> };
}

/** The API floors a query's start to the minute (see the reference: its first bucket starts at :00 seconds). */
export function apiStart(seconds: number): number {
  return Math.floor(seconds / 60) * 60;
}

/** The windows still to fetch for one endpoint: what final coverage lacks, plus the trailing window. */
export async function planEndpoint(input: PlanInput): Promise<SyncWindow[]> {
  const spec = ENDPOINTS[input.endpoint];
  const grouping = groupingKey(spec, input.groupBy);
  const out: SyncWindow[] = [];
  for (const tier of input.tiers) {
    if (!spec.bucketWidths.includes(tier.width)) continue;
    const size = WIDTH_SECONDS[tier.width];
    const max = spec.limits[tier.width]?.max ?? 1;
    const earliest = tier.maxAgeSeconds === null ? input.since : Math.max(input.since, input.now - tier.maxAgeSeconds);
    const from = Math.floor(earliest / size) * size;
    const to = input.until;
    if (from >= to) continue;
    const finalEdge = Math.floor(Math.min(to, input.now - input.trailingSeconds) / size) * size;
    const head = apiStart(earliest);
    if (input.exactStart !== undefined && earliest === input.since && head % size !== 0) {
      // The whole first bucket is still synced below (a later read starting elsewhere in it can use it).
      const end = Math.min(from + size, to);
      const final = from + size <= finalEdge;
      if (!(final && (await input.exactStart.isFinal(tier.width, head, end))))
        out.push({
          endpoint: input.endpoint,
          groupBy: input.groupBy,
          grouping,
          width: tier.width,
          start: head,
          end,
          final,
          partial: true,
        });
    }
    for (const gap of missingRanges(await input.coverage(tier.width), from, to)) {
      const parts = [
        { start: gap.start, end: Math.min(gap.end, finalEdge), final: true },
        { start: Math.max(gap.start, finalEdge), end: gap.end, final: false },
      ];
      for (const part of parts) {
        for (let s = part.start; s < part.end; s += max * size) {
          out.push({
            endpoint: input.endpoint,
            groupBy: input.groupBy,
            grouping,
            width: tier.width,
            start: s,
            end: Math.min(s + max * size, part.end),
            final: part.final,
          });
        }
      }
    }
  }
  return out;
}
