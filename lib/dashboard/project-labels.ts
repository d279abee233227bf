import type { ProjectEntry } from './source';

/**
 * Display label per project id: the directory name; where two projects share a name (so their numbers never
 * merge) "name (organization)" when they are of different organizations and the name is unique within each, else
 * "name (id)"; the id when the directory has no name.
 */
export function projectLabels(projects: readonly ProjectEntry[]): Map<string, string> {
  const count = new Map<string, number>();
  const inOrganization = new Map<string, number>();
  const orgKey = (p: ProjectEntry): string => `${p.organization ?? ''}\u0000${p.name}`;
  for (const p of projects) {
    count.set(p.name, (count.get(p.name) ?? 0) + 1);
    inOrganization.set(orgKey(p), (inOrganization.get(orgKey(p)) ?? 0) + 1);
  }
  const label = (p: ProjectEntry): string => {
    if (p.name === '' || p.name === p.id) return p.id;
    if ((count.get(p.name) ?? 0) < 2) return p.name;
    const apartByOrganization = p.organization !== undefined && inOrganization.get(orgKey(p)) === 1;
    return apartByOrganization ? `${p.name} (${p.organization ?? ''})` : `${p.name} (${p.id})`;
  };
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
