import { compareNullable, keepingOrganizations, metricColumn, sumByColumns } from './sum-by';
import { UNGROUPED } from './dict-column';
import type { UsageTable } from './usage-table';

/**
 * One (model, project) cell; read from several organizations, one per organization too. A type, not an interface,
 * so it is a record for tables and CSV (`withNames`, `recordsFrame`).
 */
export type ModelProjectCell = {
  /** The organization's ID and configured name: present for a table read from several organizations. */
  organization_id?: string | null;
  organization?: string | null;
  model: string;
  project_id: string;
  num_model_requests: number;
};

/** Requests per (model, project) for the stacked bar chart. Null model/project are labelled UNGROUPED. */
export interface ModelProjectRequests {
  /** Model labels, sorted ascending (the seed's order). */
  models: string[];
  /** Project labels, by total desc then label. */
  projects: string[];
  /** Total requests per project label. */
  totals: Record<string, number>;
  /**
   * One cell per (model, project) present, ordered by model then project order; read from several organizations,
   * one per organization, model and project (the chart adds them up, a table shows them apart).
   */
  cells: ModelProjectCell[];
}

/**
 * Sums `num_model_requests` by model and project_id (null → "(none)").
 * @example requestsByModelProject(usageTable('completions', bucketsGroupedByModelAndProject))
 */
export function requestsByModelProject(table: UsageTable): ModelProjectRequests {
  const grouping = keepingOrganizations(table.dimensions, ['model', 'project_id'], table.organizations);
  const groups = sumByColumns(grouping.columns, grouping.by, metricColumn(table, 'num_model_requests'));
  const cellMap = new Map<string, ModelProjectCell>();
  const totals = new Map<string, number>();
  const modelSet = new Set<string>();
  for (const g of groups) {
    const model = g.keys['model'] ?? UNGROUPED;
    const project = g.keys['project_id'] ?? UNGROUPED;
    const organization =
      table.organizations === undefined
        ? undefined
        : { organization_id: g.keys['organization_id'] ?? null, organization: g.keys['organization'] ?? null };
    // Two groups can share a label only through null vs a literal "(none)"; add them up.
    const key = JSON.stringify([organization?.organization_id ?? null, model, project]);
    const cell = cellMap.get(key);
    if (cell === undefined)
      cellMap.set(key, { ...organization, model, project_id: project, num_model_requests: g.value });
    else cell.num_model_requests += g.value;
    modelSet.add(model);
    totals.set(project, (totals.get(project) ?? 0) + g.value);
  }
  const models = [...modelSet].sort(compareNullable);
  const projects = [...totals].sort((a, b) => b[1] - a[1] || compareNullable(a[0], b[0])).map(([p]) => p);
  const modelRank = new Map(models.map((m, i) => [m, i]));
  const projectRank = new Map(projects.map((p, i) => [p, i]));
  const cells = [...cellMap.values()].sort(
    (a, b) =>
      (modelRank.get(a.model) ?? 0) - (modelRank.get(b.model) ?? 0) ||
      (projectRank.get(a.project_id) ?? 0) - (projectRank.get(b.project_id) ?? 0) ||
      compareNullable(a.organization_id ?? null, b.organization_id ?? null),
  );
  return { models, projects, totals: Object.fromEntries(projects.map((p) => [p, totals.get(p) ?? 0])), cells };
}
