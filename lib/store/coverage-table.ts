// Coverage: which spans of which organization, endpoint, grouping and width the store holds.
import type { BucketWidth, EndpointName } from '../catalogue/index';
import type { CoverageInterval } from './coverage';
import { num, organizationFilter, type StoreContext } from './sql-driver';
import type { CoverageKey, PartialCoverage, PartialSpan } from './store';

export async function coverage(ctx: StoreContext, key: CoverageKey): Promise<CoverageInterval[]> {
  const rows = await ctx.db.query(
    'SELECT start_time, end_time, final FROM coverage WHERE organization_id = $1 AND endpoint = $2 AND group_by = $3 AND bucket_width = $4 ORDER BY start_time',
    [key.organizationId, key.endpoint, key.grouping, key.width],
  );
  return rows.map((r) => ({ start: num(r['start_time']), end: num(r['end_time']), final: r['final'] === true }));
}

export async function coverageKeys(ctx: StoreContext, organizationIds?: readonly string[]): Promise<CoverageKey[]> {
  const filter = organizationFilter(organizationIds);
  if (filter === null) return [];
  const rows = await ctx.db.query(
    `SELECT DISTINCT organization_id, endpoint, group_by, bucket_width FROM coverage ${filter.where}ORDER BY organization_id, endpoint, group_by, bucket_width`,
    filter.params,
  );
  return rows.map((r) => ({
    organizationId: String(r['organization_id']),
    endpoint: String(r['endpoint']) as EndpointName,
    grouping: String(r['group_by']),
    width: String(r['bucket_width']) as BucketWidth,
  }));
}

/** The partial buckets of one organization stored for exactly [start, end) of an endpoint at a width. */
export async function partialCoverage(ctx: StoreContext, span: PartialSpan): Promise<PartialCoverage[]> {
  const { organizationId, endpoint, width, start, end } = span;
  const rows = await ctx.db.query(
    'SELECT group_by, final FROM partial_coverage WHERE organization_id = $1 AND endpoint = $2 AND bucket_width = $3 AND start_time = $4 AND end_time = $5 ORDER BY group_by',
    [organizationId, endpoint, width, start, end],
  );
  return rows.map((r) => ({
    organizationId,
    endpoint,
    width,
    grouping: String(r['group_by']),
    final: r['final'] === true,
  }));
}

/** What a read needs of the coverage table for one endpoint, read in one query (a read used to ask 3–5 times). */
export interface EndpointCoverage {
  /** Every organization with this endpoint stored, at any width (`ORDER BY organization_id`, as stored). */
  organizations: string[];
  /** One organization's stored groupings at a width, in `group_by` order (as `coverageKeys` lists them). */
  keys(organizationId: string, width: BucketWidth): CoverageKey[];
  /** The stored spans of one key, by start (as `coverage` gives them). */
  intervals(key: CoverageKey): CoverageInterval[];
  /** Every key with its spans, by organization, grouping and width. */
  stored: Array<CoverageKey & { intervals: CoverageInterval[] }>;
}

export async function endpointCoverage(ctx: StoreContext, endpoint: EndpointName): Promise<EndpointCoverage> {
  const rows = await ctx.db.query(
    'SELECT organization_id, group_by, bucket_width, start_time, end_time, final FROM coverage WHERE endpoint = $1 ORDER BY organization_id, group_by, bucket_width, start_time',
    [endpoint],
  );
  const organizations: string[] = [];
  const keys = new Map<string, CoverageKey[]>();
  const intervals = new Map<string, CoverageInterval[]>();
  const stored: EndpointCoverage['stored'] = [];
  const keyText = (organizationId: string, width: string, grouping?: string): string =>
    JSON.stringify([organizationId, width, grouping]);
  for (const r of rows) {
    const organizationId = String(r['organization_id']);
    const grouping = String(r['group_by']);
    const width = String(r['bucket_width']) as BucketWidth;
    if (organizations[organizations.length - 1] !== organizationId) organizations.push(organizationId);
    const k = keyText(organizationId, width, grouping);
    let spans = intervals.get(k);
    if (spans === undefined) {
      intervals.set(k, (spans = []));
      const ofWidth = keys.get(keyText(organizationId, width)) ?? [];
      ofWidth.push({ organizationId, endpoint, grouping, width });
      keys.set(keyText(organizationId, width), ofWidth);
      stored.push({ organizationId, endpoint, grouping, width, intervals: spans });
    }
    spans.push({ start: num(r['start_time']), end: num(r['end_time']), final: r['final'] === true });
  }
  return {
    organizations,
    keys: (organizationId, width) => keys.get(keyText(organizationId, width)) ?? [],
    intervals: (key) => intervals.get(keyText(key.organizationId, key.width, key.grouping)) ?? [],
    stored,
  };
}
