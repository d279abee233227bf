import {
  barByGroup,
  costByLineItemChart,
  costPerDayChart,
  type Figure,
  requestsByModelProjectChart,
  requestsByProjectPie,
  tokenUsageChart,
  organizationCostChart,
} from '../charts/index';
import {
  costBy,
  costPerDay,
  costTable,
  costByLineItem,
  requestsByModelProject,
  requestsByProject,
  tokensPerBucket,
  bucketStarts,
  usageTable,
} from '../frames/index';
import { alertsPanel, type AlertsPanel } from './alert-lines';
import type { DashboardInsights, InsightsView } from './insights-hook';
import { projectNames } from './project-labels';
import type { DashboardSource, OrganizationEntry, ProjectEntry } from './source';
import type { WireBucket, WireCostsResult } from '../catalogue/index';
import { daySpend, mergeOrganizations, type DaySpend } from '../insights/index';
import type { ViewParams } from './view-params';

/** Everything one page view shows: JSON sent to the browser, which only draws it. */
export interface DashboardView {
  /** ISO time of the last sync, or null before the first one. */
  lastSyncedAt: string | null;
  from: string;
  to: string;
  days: number | null;
  /** Widest range the server allows, in days: the page offers no wider one. */
  maxDays: number;
  projects: ProjectEntry[];
  /** Organizations the source holds apart (the organization control); empty for one organization. */
  organizations: OrganizationEntry[];
  /** Models with usage in the range (any project), for the model control. */
  models: string[];
  selected: { organizations: string[]; projects: string[]; models: string[] };
  figures: Figure[];
  /** Month-end forecast and anomalies; null when no insights are available. */
  insights: InsightsView | null;
  /** Open alerts of the store (firing, not resolved); null when the source has no store. */
  alerts: AlertsPanel | null;
}

/** Each organization's cost per UTC day, by its configured name (results carry `organization_id`). */
function organizationDays(
  costs: readonly WireBucket<WireCostsResult>[],
  organizations: readonly OrganizationEntry[],
): (DaySpend & { organization: string })[] {
  return mergeOrganizations(
    organizations.map((o) => ({
      organization: o.name,
      rows: daySpend(
        costTable(
          costs.map((b) => ({
            ...b,
            results: b.results.filter((r) => 'organization_id' in r && r.organization_id === o.id),
          })),
        ),
      ),
    })),
  );
}

/** Models present in the buckets, sorted. */
function modelsOf(buckets: readonly { results: readonly { model?: string | null }[] }[]): string[] {
  const models = new Set<string>();
  for (const b of buckets) for (const r of b.results) if (typeof r.model === 'string') models.add(r.model);
  return [...models].sort();
}

/**
 * Reads the view's rows from the source and builds the report's charts with the library's frames and chart
 * builders (the dashboard computes nothing of its own).
 */
export async function dashboardView(
  source: DashboardSource,
  params: ViewParams,
  insights?: DashboardInsights,
  now: number = Date.now(),
  maxDays: number = 90,
): Promise<DashboardView> {
  const filters = { organizationIds: params.organizationIds, projectIds: params.projectIds, models: params.models };
  const [usage, allUsage, costs, projects, organizations] = await Promise.all([
    source.usageBuckets(params.range, filters),
    source.usageBuckets(params.range, { organizationIds: params.organizationIds, projectIds: params.projectIds }),
    source.costBuckets(params.range, filters),
    source.projects(),
    source.organizations(),
  ]);
  // Tables keep IDs (filters and sums are by ID); the charts show names through their one `names` option.
  const names = projectNames(projects);
  const table = usageTable('completions', usage);
  const cost = costTable(costs);
  const currency = cost.currency.values.find((c): c is string => typeof c === 'string') ?? 'usd';
  const rangeSeconds = params.range.end - params.range.start;
  const figures = [
    tokenUsageChart(tokensPerBucket(table, bucketStarts(usage)), { bucketWidth: '1d', rangeSeconds }),
    requestsByModelProjectChart(requestsByModelProject(table), { rangeSeconds, names }),
    requestsByProjectPie(requestsByProject(table), { names }),
    barByGroup(costBy(cost, 'project_id'), {
      id: 'cost-by-project',
      title: 'Total Cost by Project',
      labelKey: 'project_id',
      valueLabel: 'Cost',
      valueFormat: 'currency',
      currency,
      names,
    }),
    costPerDayChart(costPerDay(cost, bucketStarts(costs)), { currency, rangeSeconds }),
    costByLineItemChart(costByLineItem(cost, bucketStarts(costs)), { currency }),
    // Totals per organization where the source holds several: their bills stacked per day, each one's total above.
    ...(organizations.length > 1 ? [organizationCostChart(organizationDays(costs, organizations))] : []),
  ];
  const synced = source.lastSyncedAt();
  return {
    lastSyncedAt: synced === undefined ? null : new Date(synced).toISOString(),
    from: params.from,
    to: params.to,
    days: params.days ?? null,
    maxDays,
    projects,
    organizations,
    models: modelsOf(allUsage),
    selected: { organizations: params.organizationIds, projects: params.projectIds, models: params.models },
    figures,
    insights:
      insights === undefined ? null : await insights.view({ usage, costs, params, currency, source, now, names }),
    alerts: alertsPanel(source.openAlerts()),
  };
}
