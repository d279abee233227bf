import { organizationTagOf } from '../catalogue/index';
import { compareOrganizations, organizationKey } from './organization-parts';
import { METRIC_WORDS, type Anomaly, type AnomalyMetric, type AnomalyScope } from './anomalies';

/** One unusual event: the anomalies of one day, one direction, that share the organization, a project or a model. */
export interface Incident {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  direction: 'spike' | 'drop';
  /**
   * Spend above (+) or below (−) its baseline, in the costs' currency: the largest spend departure among the
   * members (the organization's when it is one: it already holds its projects', so they are not added twice).
   * 0 when no spend series is among them.
   */
  excess: number;
  /** The member that states the incident best: the widest scope, spend before usage, then the largest |score|. */
  lead: Anomaly;
  /** Every member, lead first, in that same order. */
  anomalies: Anomaly[];
  /** Whether the organization as a whole is among the members. */
  organization: boolean;
  /** Project IDs involved (project or project and model members), in member order. */
  projects: string[];
  /** Models involved, in member order. */
  models: string[];
  /** Plain text with names, e.g. "spend 4.0× its usual at the organization (projects Search, Chat; model gpt-4o)". */
  summary: string;
}

/** Options of {@link groupIncidents}. */
export interface IncidentOptions {
  /** Project ID → name; projects without one keep their ID. */
  names?: ReadonlyMap<string, string>;
  /** Names listed per kind in a summary before "and N more". @default 3 */
  listed?: number;
}

const SCOPE_ORDER: Readonly<Record<AnomalyScope, number>> = { organization: 0, project: 1, model: 2, project_model: 3 };
const METRIC_ORDER: Readonly<Record<AnomalyMetric, number>> = {
  spend: 0,
  requests: 1,
  input_tokens: 2,
  output_tokens: 3,
};

/** The project and model of an anomaly (the organization has neither). */
export function anomalyParts(a: Pick<Anomaly, 'scope' | 'key'>): { project?: string; model?: string } {
  if (a.scope === 'project') return { project: a.key };
  if (a.scope === 'model') return { model: a.key };
  if (a.scope === 'project_model') {
    // anomalyPoints joins them with " | "; a project ID may itself hold one, a model name does not.
    const cut = a.key.lastIndexOf(' | ');
    return cut < 0 ? { project: a.key } : { project: a.key.slice(0, cut), model: a.key.slice(cut + 3) };
  }
  return {};
}

function byStatement(a: Anomaly, b: Anomaly): number {
  return (
    SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] ||
    METRIC_ORDER[a.metric] - METRIC_ORDER[b.metric] ||
    Math.abs(b.score) - Math.abs(a.score) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function size(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'from nothing';
  if (ratio >= 1) return `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× its usual`;
  return `${(ratio * 100).toFixed(0)}% of its usual`;
}

function listOf(kind: string, items: readonly string[], listed: number): string {
  if (items.length === 0) return '';
  const shown = items.slice(0, listed).join(', ');
  const more = items.length > listed ? ` and ${items.length - listed} more` : '';
  return `${kind}${items.length > 1 ? 's' : ''} ${shown}${more}`;
}

/**
 * Where an anomaly was seen, by name: "the organization", "project Search", "model gpt-4o", "model gpt-4o in project
 * Search" (projects without a name keep their ID). Incidents' summaries and alert messages say it this way.
 */
export function anomalyPlace(
  a: Pick<Anomaly, 'scope' | 'key'>,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const { project, model } = anomalyParts(a);
  const name = (id: string): string => names.get(id) ?? id;
  if (a.scope === 'organization') return 'the organization';
  if (a.scope === 'project') return `project ${name(project ?? '')}`;
  if (a.scope === 'model') return `model ${model ?? ''}`;
  return model === undefined ? `project ${name(project ?? '')}` : `model ${model} in project ${name(project ?? '')}`;
}

/** Connected members of one day and direction: the organization joins all; otherwise a shared project or model. */
function components(members: readonly Anomaly[]): Anomaly[][] {
  if (members.some((a) => a.scope === 'organization')) return [[...members]];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) ?? root;
    parent.set(x, root);
    return root;
  };
  const nodes = (a: Anomaly): string[] => {
    const { project, model } = anomalyParts(a);
    return [
      ...(project === undefined ? [] : [`p\u0000${project}`]),
      ...(model === undefined ? [] : [`m\u0000${model}`]),
    ];
  };
  for (const a of members) {
    const [first, ...rest] = nodes(a);
    if (first === undefined) continue;
    if (!parent.has(first)) parent.set(first, first);
    for (const n of rest) {
      if (!parent.has(n)) parent.set(n, n);
      parent.set(find(n), find(first));
    }
  }
  const groups = new Map<string, Anomaly[]>();
  for (const a of members) {
    const root = find(nodes(a)[0] ?? '');
    groups.set(root, [...(groups.get(root) ?? []), a]);
  }
  return [...groups.values()];
}

/**
 * Groups anomalies into incidents: one spike (or drop) seen on one day at the organization, its projects and its
 * models is one incident, not one line per series. Members of a day and direction belong together when the
 * organization is among them, or else when they share a project or a model. Incidents come largest first: by
 * |dollars away from baseline|, then by the largest |score|, then newest day first. Pure: same input, same output.
 * Anomalies of several organizations (tagged): each organization's grouped alone (the organization of an incident
 * is one organization, its lead's), then all incidents in that order.
 * @example
 * const incidents = groupIncidents(detectAnomalies(anomalyPoints(usage, costs)), { names });
 * incidents.slice(0, 5).map((i) => `${i.date}: ${i.summary}`) // ["2026-11-14: spend 4.0× its usual at the organization (…)"]
 */
export function groupIncidents(anomalies: readonly Anomaly[], options: IncidentOptions = {}): Incident[] {
  const names = options.names ?? new Map<string, string>();
  const listed = options.listed ?? 3;
  if (!Number.isInteger(listed) || listed < 1)
    throw new RangeError(`invalid listed: ${listed} (an integer of at least 1)`);
  const name = (id: string): string => names.get(id) ?? id;
  const days = new Map<string, Anomaly[]>();
  for (const a of anomalies) {
    const id = `${organizationKey(organizationTagOf(a))}${a.date}\u0000${a.ratio >= 1 ? 'spike' : 'drop'}`;
    days.set(id, [...(days.get(id) ?? []), a]);
  }
  const incidents: Incident[] = [];
  for (const members of days.values()) {
    for (const group of components(members)) {
      const sorted = [...group].sort(byStatement);
      const lead = sorted[0];
      if (lead === undefined) continue;
      let excess = 0;
      for (const a of sorted)
        if (a.metric === 'spend' && Math.abs(a.value - a.baseline) > Math.abs(excess)) excess = a.value - a.baseline;
      const projects = [...new Set(sorted.flatMap((a) => anomalyParts(a).project ?? []))];
      const models = [...new Set(sorted.flatMap((a) => anomalyParts(a).model ?? []))];
      const organization = sorted.some((a) => a.scope === 'organization');
      const { project, model } = anomalyParts(lead);
      const where = `${lead.scope === 'organization' ? 'at' : lead.scope === 'project' ? 'in' : 'for'} ${anomalyPlace(lead, names)}`;
      // What the lead already says is not said again; the organization's incident lists all it holds.
      const others = (items: string[], own: string | undefined): string[] => items.filter((x) => x !== own);
      const involved = [
        listOf('project', others(projects, project).map(name), listed),
        listOf('model', others(models, model), listed),
      ]
        .filter((t) => t !== '')
        .join('; ');
      const also = involved === '' ? '' : organization ? ` (${involved})` : ` (also ${involved})`;
      const summary = `${METRIC_WORDS[lead.metric]} ${size(lead.ratio)} ${where}${also}`;
      incidents.push({
        date: lead.date,
        direction: lead.ratio >= 1 ? 'spike' : 'drop',
        excess,
        lead,
        anomalies: sorted,
        organization,
        projects,
        models,
        summary,
      });
    }
  }
  const peak = (i: Incident): number => Math.max(...i.anomalies.map((a) => Math.abs(a.score)));
  return incidents.sort(
    (a, b) =>
      Math.abs(b.excess) - Math.abs(a.excess) ||
      peak(b) - peak(a) ||
      (a.date > b.date ? -1 : a.date < b.date ? 1 : 0) ||
      (a.summary < b.summary ? -1 : a.summary > b.summary ? 1 : 0) ||
      compareOrganizations(a.lead, b.lead),
  );
}
