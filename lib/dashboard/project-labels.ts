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

/**
 * The charts' `names` option (and the insights panel's) for projects: ID → label, only where the directory gives a
 * name. Every chart and panel takes this one map, so a project reads the same everywhere, with its ID on hover;
 * a project without a name stays its ID.
 */
export function projectNames(projects: readonly ProjectEntry[]): Map<string, string> {
  return new Map([...projectLabels(projects)].filter(([id, label]) => label !== id && label !== ''));
}
