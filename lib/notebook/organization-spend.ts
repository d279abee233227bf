import type { OrganizationsConnection } from '../demo/index';
import { directoryFromEntries, UNLABELLED_ORGANIZATION, UNLABELLED_ORGANIZATION_NAME } from '../store/index';
import {
  NO_NAMES,
  nameResolver,
  costTable,
  costTableFromColumns,
  usageTable,
  usageTableFromColumns,
  type CostTable,
  type UsageTable,
} from '../frames/index';
import type { StoreReader, TableRead } from './store-reader';
import {
  daySpend,
  mergeOrganizations,
  organizationBreakdown,
  type DaySpend,
  type OrganizationModelRow,
  type OrganizationPart,
} from '../insights/index';
import { namesLoader } from './notebook-names';
import { selectOrganizations } from './select-organizations';
import { showNotice } from './show-notice';

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

/** Options of {@link organizationUsage}. */
export interface OrganizationUsageOptions {
  /** Project names from each organization's own directory (IDs, and one notice, where it cannot be read). */
  names?: boolean;
  /** Where a notice goes (an organization whose names cannot be read). @default a warning note in the cell */
  notice?: (line: string) => void;
}

/**
 * Cost and tokens per organization, project and model over `range`, read from each organization's API: costs by
 * project and line item, completions usage by project and model, names from its own directory.
 * @example showTable(await organizationUsage(orgs, p.range), { title: 'Per organization, project and model' })
 */
export async function organizationUsage(
  orgs: Pick<OrganizationsConnection, 'organizations'>,
  range: { start_time: number; end_time?: number },
  options: OrganizationUsageOptions = {},
): Promise<OrganizationModelRow[]> {
  const parts: OrganizationPart[] = [];
  for (const o of orgs.organizations) {
    const say = options.notice ?? ((line: string) => showNotice(line, 'warning'));
    const notice = (line: string): void => say(`${o.name}: ${line}`);
    const names = await namesLoader(o.client, notice)(options.names ?? true);
    const daily = { ...range, bucket_width: '1d' as const };
    parts.push({
      organization: o.name,
      costs: costTable(
        await o.client.fetchAll('costs', { ...daily, limit: 180, group_by: ['project_id', 'line_item'] }),
      ),
      usage: usageTable(
        'completions',
        await o.client.fetchAll('completions', { ...daily, limit: 31, group_by: ['project_id', 'model'] }),
      ),
      names,
    });
  }
  return organizationBreakdown(parts);
}

/** A read's cost table (no read: the organization has no costs in the range). */
function costTableOf(read: TableRead<'costs'> | undefined): CostTable {
  if (read === undefined) return costTable([]);
  return read.kind === 'columns' ? costTableFromColumns([read.columns]) : costTable(read.buckets);
}

/** A read's completions table (no read: no usage in the range). */
function completionsTableOf(read: TableRead<'completions'> | undefined): UsageTable<'completions'> {
  if (read === undefined) return usageTable('completions', []);
  return read.kind === 'columns'
    ? usageTableFromColumns('completions', [read.columns])
    : usageTable('completions', read.buckets);
}

/** What the several-organizations section shows: cost per day, and cost and tokens per project and model. */
export interface OrganizationSpend {
  days: (DaySpend & { organization: string })[];
  rows: OrganizationModelRow[];
}

/** Options of {@link storeOrganizationSpend}. */
export interface OrganizationSpendOptions {
  /** Project names from each organization's stored directory. @default true */
  names?: boolean;
  /** Configured names to read (any case); null: every organization in the store. @default null */
  organizations?: readonly string[] | null;
}

/**
 * Every organization the store holds (or those named), apart: cost per UTC day, and cost and tokens per project and
 * model with each organization's own stored names. Reads the store only: no request.
 * @example const { days, rows } = await storeOrganizationSpend(reader, p.range, { organizations: p.organizations })
 */
export async function storeOrganizationSpend(
  reader: Pick<StoreReader, 'readColumnsPerOrganization' | 'organizations' | 'directory'>,
  range: { start_time: number; end_time?: number },
  options: OrganizationSpendOptions = {},
): Promise<OrganizationSpend> {
  const stored = await reader.organizations();
  const nameOf = new Map(stored.map((o) => [o.id, o.name]));
  nameOf.set(UNLABELLED_ORGANIZATION, UNLABELLED_ORGANIZATION_NAME);
  const daily = { ...range, bucket_width: '1d' as const };
  const costs = await reader.readColumnsPerOrganization('costs', {
    ...daily,
    limit: 180,
    group_by: ['project_id', 'line_item'],
  });
  const usage = await reader.readColumnsPerOrganization('completions', {
    ...daily,
    limit: 31,
    group_by: ['project_id', 'model'],
  });
  const ids = [...new Set([...costs.keys(), ...usage.keys()])];
  const all = ids.map((id) => ({ id, name: nameOf.get(id) ?? id }));
  const picked = selectOrganizations({ organizations: all }, options.organizations ?? null).organizations;
  const directory = options.names === false ? [] : await reader.directory();
  const parts: OrganizationPart[] = picked.map(({ id, name }) => {
    const entries = directory.filter((e) => e.organization_id === id);
    return {
      organization: name,
      costs: costTableOf(costs.get(id)),
      usage: completionsTableOf(usage.get(id)),
      names: entries.length === 0 ? NO_NAMES : nameResolver(directoryFromEntries(entries)),
    };
  });
  return {
    days: mergeOrganizations(parts.map((p) => ({ organization: p.organization, rows: daySpend(p.costs) }))),
    rows: organizationBreakdown(parts),
  };
}
