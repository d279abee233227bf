import { compareNullable, metricColumn, sumByColumns } from './sum-by';
import { UNGROUPED } from './dict-column';
import type { UsageTable } from './usage-table';

/** Requests per (model, project) for the stacked bar chart. Null model/project are labelled UNGROUPED. */
export interface ModelProjectRequests {
  /** Model labels, sorted ascending (the seed's order). */
  models: string[];
  /** Project labels, by total desc then label. */
  projects: string[];
  /** Total requests per project label. */
  totals: Record<string, number>;
  /** One cell per (model, project) present, ordered by model then project order. */
  cells: { model: string; project_id: string; num_model_requests: number }[];
}

/**
 * Sums `num_model_requests` by model and project_id (null → "(none)").
 * @example requestsByModelProject(usageTable('completions', bucketsGroupedByModelAndProject))
 */
export function requestsByModelProject(table: UsageTable): ModelProjectRequests {
  const groups = sumByColumns(table.dimensions, ['model', 'project_id'], metricColumn(table, 'num_model_requests'));
  const cellMap = new Map<string, Map<string, number>>();
  const totals = new Map<string, number>();
  for (const g of groups) {
    const model = g.keys['model'] ?? UNGROUPED;
    const project = g.keys['project_id'] ?? UNGROUPED;
    const row = cellMap.get(model) ?? new Map<string, number>();
    // Two groups can share a label only through null vs a literal "(none)"; add them up.
    row.set(project, (row.get(project) ?? 0) + g.value);
    cellMap.set(model, row);
    totals.set(project, (totals.get(project) ?? 0) + g.value);
  }
  const models = [...cellMap.keys()].sort(compareNullable);
  const projects = [...totals].sort((a, b) => b[1] - a[1] || compareNullable(a[0], b[0])).map(([p]) => p);
  const cells: ModelProjectRequests['cells'] = [];
  for (const model of models) {
    const row = cellMap.get(model);
    for (const project of projects) {
      const value = row?.get(project);
      if (value !== undefined) cells.push({ model, project_id: project, num_model_requests: value });
    }
  }
  return { models, projects, totals: Object.fromEntries(projects.map((p) => [p, totals.get(p) ?? 0])), cells };
}
