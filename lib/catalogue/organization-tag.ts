import type { WireBucket } from './wire';

/**
 * What a notebook read of several organizations adds to every result: the organization's ID (its
 * `openai-organization` header, as the store keys rows) and its configured name. A read of one organization adds
 * nothing, so its results are the API's own. Both keys make a tag: a costs result may carry an `organization_id` of
 * its own (outside the spec), which alone is not one.
 */
export interface OrganizationTag {
  organization_id: string;
  organization: string;
}

/** A result of a several-organization read. */
export type Tagged<R> = R & OrganizationTag;

/** The tag a several-organization read put on `result`, or undefined (a read of one organization). */
export function organizationTagOf(result: object): OrganizationTag | undefined {
  const id: unknown = Reflect.get(result, 'organization_id');
  const name: unknown = Reflect.get(result, 'organization');
  return typeof id === 'string' && typeof name === 'string' ? { organization_id: id, organization: name } : undefined;
}

/**
 * Every result tagged with its organization; the tag wins over a result's own `organization_id`.
 * @example tagResults(await client.fetchAll('costs', q), { organization_id: 'org-1', organization: 'acme' })
 */
export function tagResults<R extends object>(
  buckets: readonly WireBucket<R>[],
  tag: OrganizationTag,
): WireBucket<Tagged<R>>[] {
  return buckets.map((b) => ({
    ...b,
    results: b.results.map((r) => ({ ...r, organization_id: tag.organization_id, organization: tag.organization })),
  }));
}

/**
 * The buckets of several reads of one query as one list, by start time: each bucket holds the results of every
 * read in the order of `parts` (nothing summed), and ends where the latest of them ends.
 * @example mergeBuckets([acmeBuckets, globexBuckets])
 */
export function mergeBuckets<R>(parts: readonly (readonly WireBucket<R>[])[]): WireBucket<R>[] {
  const byStart = new Map<number, WireBucket<R>>();
  for (const part of parts)
    for (const b of part) {
      const merged = byStart.get(b.start_time);
      if (merged === undefined) byStart.set(b.start_time, { ...b, results: [...b.results] });
      else {
        merged.results.push(...b.results);
        merged.end_time = Math.max(merged.end_time, b.end_time);
      }
    }
  return [...byStart.values()].sort((a, b) => a.start_time - b.start_time);
}
