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
