import type { OrganizationsConnection } from '../demo/index';
import { costTable } from '../frames/index';
import { daySpend, mergeOrganizations, type DaySpend } from '../insights/index';

/**
 * Each organization's billed cost per UTC day over `range`, one list with an `organization` column (each
 * organization's Costs API, read in name order).
 * @example organizationCostChart(await organizationDaySpend(orgs, p.range))
 */
export async function organizationDaySpend(
  orgs: Pick<OrganizationsConnection, 'organizations'>,
  range: { start_time: number; end_time?: number },
): Promise<(DaySpend & { organization: string })[]> {
  const parts: { organization: string; rows: DaySpend[] }[] = [];
  for (const o of orgs.organizations) {
    const buckets = await o.client.fetchAll('costs', { ...range, bucket_width: '1d', limit: 180 });
    parts.push({ organization: o.name, rows: daySpend(costTable(buckets)) });
  }
  return mergeOrganizations(parts);
}
