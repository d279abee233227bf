import { organizationProjectKey, organizationProjectLabels } from '../insights/index';
import type { ProjectEntry } from './source';

/**
 * Display label per project id, as notebooks label them (`organizationProjectLabels`, one labeller): the directory
 * name; where projects share a name (so their numbers never merge) one suffix, "(organization)" when their
 * organizations tell them apart, else the shortest ID tail ("(organization, …tail)" with several organizations); the
 * id when the directory has no name.
 */
export function projectLabels(projects: readonly ProjectEntry[]): Map<string, string> {
  const named = projects.map((p) => ({
    organization: p.organization ?? '',
    project_id: p.id,
    name: p.name === '' ? p.id : p.name,
  }));
  const labels = organizationProjectLabels(named);
  return new Map(
    named.map((p) => [p.project_id, labels.get(organizationProjectKey(p.organization, p.project_id)) ?? p.name]),
  );
}

/**
 * The charts' `names` option (and the insights panel's) for projects: ID → label, only where the directory gives a
 * name. Every chart and panel takes this one map, so a project reads the same everywhere, with its ID on hover;
 * a project without a name stays its ID.
 */
export function projectNames(projects: readonly ProjectEntry[]): Map<string, string> {
  return new Map([...projectLabels(projects)].filter(([id, label]) => label !== id && label !== ''));
}
