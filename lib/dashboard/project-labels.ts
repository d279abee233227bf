import type { DictColumn } from '../frames/dict-column';
import type { CostTable } from '../frames/cost-table';
import type { UsageTable } from '../frames/usage-table';
import type { ProjectEntry } from './source';

/**
 * Display label per project id: the directory name, or "name (id)" when two projects share a name (so their
 * numbers never merge), or the id when the directory has no name.
 */
export function projectLabels(projects: readonly ProjectEntry[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const p of projects) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  const label = (p: ProjectEntry): string =>
    p.name === '' || p.name === p.id ? p.id : (count.get(p.name) ?? 0) > 1 ? `${p.name} (${p.id})` : p.name;
  return new Map(projects.map((p) => [p.id, label(p)]));
}

function relabel(column: DictColumn, labels: ReadonlyMap<string, string>): DictColumn {
  return { codes: column.codes, values: column.values.map((v) => (v === null ? null : (labels.get(v) ?? v))) };
}

/** The usage table with project ids shown as labels (codes unchanged: a lookup, no recomputation). */
export function labelUsageProjects(table: UsageTable, labels: ReadonlyMap<string, string>): UsageTable {
  const column = table.dimensions['project_id'];
  if (column === undefined) return table;
  return { ...table, dimensions: { ...table.dimensions, project_id: relabel(column, labels) } };
}

/** The cost table with project ids shown as labels. */
export function labelCostProjects(table: CostTable, labels: ReadonlyMap<string, string>): CostTable {
  return { ...table, projectId: relabel(table.projectId, labels) };
}
